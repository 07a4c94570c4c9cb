//! Panic-free accessors over tree-sitter nodes. Every child is optional: a field that is absent
//! or `MISSING` (inserted by error recovery, zero width) reads as `None`, and comments, which
//! may sit between any two children, are never returned as children.

use crate::source::Span;
use tree_sitter::Node;

pub(super) fn span(node: Node) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

/// Nodes that are extras and carry no meaning for lowering.
pub(super) fn is_trivia(node: Node) -> bool {
    matches!(node.kind(), "comment" | "line_continuation")
}

/// The child in field `name`, unless absent or `MISSING`.
pub(super) fn field<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    node.child_by_field_name(name).filter(|c| !c.is_missing())
}

/// Every child in field `name`, in order, without `MISSING` ones.
pub(super) fn fields<'t>(node: Node<'t>, name: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children_by_field_name(name, &mut cursor)
        .filter(|c| !c.is_missing())
        .collect()
}

/// All children (named and anonymous) with the field name each stands in.
pub(super) fn children_with_fields<'t>(node: Node<'t>) -> Vec<(Option<&'t str>, Node<'t>)> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            let child = cursor.node();
            if !is_trivia(child) && !child.is_missing() {
                out.push((cursor.field_name(), child));
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    out
}

/// Named children, without comments and `MISSING` nodes.
pub(super) fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !is_trivia(*c) && !c.is_missing())
        .collect()
}

/// Whether any direct child (anonymous ones included) has this kind.
pub(super) fn has_child(node: Node, kind: &str) -> bool {
    let mut cursor = node.walk();
    let found = node
        .children(&mut cursor)
        .any(|c| c.kind() == kind && !c.is_missing());
    found
}

/// The first direct child of this kind.
pub(super) fn child_of_kind<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    let found = node
        .children(&mut cursor)
        .find(|c| c.kind() == kind && !c.is_missing());
    found
}

/// Whether the node or anything inside it is an `ERROR` or `MISSING` node.
pub(super) fn is_broken(node: Node) -> bool {
    node.is_error() || node.is_missing() || node.has_error()
}
