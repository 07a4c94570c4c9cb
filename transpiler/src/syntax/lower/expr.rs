//! Expressions: operators, calls, subscripts, displays, comprehensions and lambdas. Literals
//! (numbers, strings, f-strings) are in `literal`.

use super::{cst, error_expr, expr, syntax_error, Lowerer};
use crate::source::Span;
use crate::syntax::ast::{self, BinOp, BoolOp, CmpOp, Expr, ExprKind, UnaryOp};
use tree_sitter::Node;

impl Lowerer<'_> {
    /// Lowers one expression, counting its nesting depth.
    pub(super) fn expr(&mut self, node: Node) -> Expr {
        if !self.enter(node) {
            return error_expr(cst::span(node));
        }
        let lowered = self.expr_inner(node);
        self.leave();
        lowered
    }

    /// Picks the lowering function for a node kind. Recursion goes through here, so the frame
    /// is kept tiny (one call site, one return slot): deep nesting then costs little stack even
    /// in debug builds.
    fn expr_inner(&mut self, node: Node) -> Expr {
        let lower: fn(&mut Self, Node) -> Expr = match node.kind() {
            "identifier" => Self::name,
            "true" | "false" | "none" => Self::constant,
            "integer" => Self::integer,
            "float" => Self::float,
            "imaginary" | "ellipsis" | "named_expression" | "await" | "yield" | "list_splat"
            | "list_splat_pattern" | "dictionary_splat" => Self::unsupported_expr,
            "string" | "concatenated_string" => Self::string,
            "binary_operator" => Self::binary_operator,
            "unary_operator" => Self::unary_operator,
            "not_operator" => Self::not_operator,
            "boolean_operator" => Self::boolean_operator,
            "comparison_operator" => Self::comparison,
            "conditional_expression" => Self::conditional,
            "lambda" => Self::lambda,
            "attribute" => Self::attribute,
            "subscript" => Self::subscript,
            "call" => Self::call,
            "list" | "list_pattern" | "tuple" | "tuple_pattern" | "expression_list"
            | "pattern_list" | "set" => Self::display,
            "dictionary" => Self::dictionary,
            "parenthesized_expression" => Self::parenthesized,
            "list_comprehension" | "set_comprehension" | "generator_expression" => {
                Self::comprehension
            }
            "dictionary_comprehension" => Self::dict_comprehension,
            "type" => Self::annotation,
            _ => Self::misplaced,
        };
        lower(self, node)
    }

    fn name(&mut self, node: Node) -> Expr {
        expr(ExprKind::Name(self.text(node).to_string()), cst::span(node))
    }

    fn constant(&mut self, node: Node) -> Expr {
        let kind = match node.kind() {
            "true" => ExprKind::Bool(true),
            "false" => ExprKind::Bool(false),
            _ => ExprKind::None,
        };
        expr(kind, cst::span(node))
    }

    fn not_operator(&mut self, node: Node) -> Expr {
        let operand = self.required(node, "argument");
        expr(
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand: Box::new(operand),
            },
            cst::span(node),
        )
    }

    fn conditional(&mut self, node: Node) -> Expr {
        let body = self.required(node, "consequence");
        let test = self.required(node, "condition");
        let orelse = self.required(node, "alternative");
        expr(
            ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
            cst::span(node),
        )
    }

    fn attribute(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let value = self.required(node, "object");
        let Some(attr) = cst::field(node, "attribute") else {
            self.absent(node, "an attribute name");
            return error_expr(span);
        };
        expr(
            ExprKind::Attribute {
                value: Box::new(value),
                attr: self.ident(attr),
            },
            span,
        )
    }

    fn display(&mut self, node: Node) -> Expr {
        let elements = self.elements(node);
        let kind = match node.kind() {
            "list" | "list_pattern" => ExprKind::List(elements),
            "set" => ExprKind::Set(elements),
            _ => ExprKind::Tuple(elements),
        };
        expr(kind, cst::span(node))
    }

    fn parenthesized(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        match cst::field(node, "expression") {
            Some(inner) if inner.kind() == "list_splat" => {
                self.error(syntax_error(
                    "cannot use starred expression here",
                    cst::span(inner),
                    "a starred expression needs a list or tuple around it",
                ));
                error_expr(span)
            }
            Some(inner) => {
                let mut lowered = self.expr(inner);
                // Python's AST keeps the inner span; the parentheses help error messages.
                lowered.span = span;
                lowered
            }
            None => {
                self.absent(node, "an expression");
                error_expr(span)
            }
        }
    }

    /// Valid Python expressions that Roast rejects, by name.
    fn unsupported_expr(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        match node.kind() {
            "imaginary" => self.unsupported(span, "a complex number", "imaginary literal"),
            "ellipsis" => self.unsupported(span, "`...` (Ellipsis) as a value", "Ellipsis"),
            "named_expression" => {
                let op = cst::child_of_kind(node, ":=").map_or(span, cst::span);
                self.unsupported_with_help(
                    op,
                    "an assignment expression (`:=`)",
                    "walrus operator",
                    "assign the value in a statement of its own first",
                );
            }
            "await" => {
                let keyword = node.child(0).map_or(span, cst::span);
                self.unsupported(keyword, "`await`", "await expression");
            }
            "yield" => self.yield_unsupported(node),
            "dictionary_splat" => {
                self.unsupported_with_help(
                    span,
                    "`**` unpacking",
                    "unpacking",
                    "build the dict with `update` instead",
                );
            }
            _ => self.unsupported_with_help(
                span,
                "a starred expression (`*x`)",
                "unpacking",
                "build the list with `+` or `extend` instead",
            ),
        }
        error_expr(span)
    }

    /// A node that is not an expression where one is expected.
    fn misplaced(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        match node.kind() {
            "keyword_argument" => {
                self.error(syntax_error(
                    "invalid syntax",
                    span,
                    "a keyword argument outside a call",
                ));
            }
            "slice" => self.error(syntax_error(
                "invalid syntax",
                span,
                "a slice outside `[...]`",
            )),
            "ERROR" => {}
            _ => self.absent(node, "an expression"),
        }
        error_expr(span)
    }

    /// The expression in `field`, or `ExprKind::Error` where the tree has none.
    pub(super) fn required(&mut self, node: Node, field: &str) -> Expr {
        match cst::field(node, field) {
            Some(child) => self.expr(child),
            None => {
                self.absent(node, field);
                error_expr(cst::span(node))
            }
        }
    }

    fn elements(&mut self, node: Node) -> Vec<Expr> {
        cst::named_children(node)
            .into_iter()
            .map(|child| self.expr(child))
            .collect()
    }

    fn binary_operator(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let op_kind = cst::field(node, "operator").map_or("", |o| o.kind());
        let Some(op) = binary_op(op_kind) else {
            self.absent(node, "an operator");
            return error_expr(span);
        };
        let left = self.required(node, "left");
        let right = self.required(node, "right");
        expr(
            ExprKind::BinOp {
                left: Box::new(left),
                op,
                right: Box::new(right),
            },
            span,
        )
    }

    fn unary_operator(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let op = match cst::field(node, "operator").map(|o| o.kind()) {
            Some("-") => UnaryOp::Neg,
            Some("+") => UnaryOp::Pos,
            Some("~") => UnaryOp::Invert,
            _ => {
                self.absent(node, "an operator");
                return error_expr(span);
            }
        };
        let Some(argument) = cst::field(node, "argument") else {
            self.absent(node, "an operand");
            return error_expr(span);
        };
        // `-9223372036854775808` is in range although its digits alone are not.
        if op == UnaryOp::Neg && argument.kind() == "integer" && self.is_i64_min_magnitude(argument)
        {
            return expr(ExprKind::Int(i64::MIN), span);
        }
        let operand = self.expr(argument);
        expr(
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
            span,
        )
    }

    /// `a and b and c` is one `BoolOp` with three values: the CST nests it to the left.
    fn boolean_operator(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let op = match cst::field(node, "operator").map(|o| o.kind()) {
            Some("and") => BoolOp::And,
            Some("or") => BoolOp::Or,
            _ => {
                self.absent(node, "an operator");
                return error_expr(span);
            }
        };
        // Walk down the left spine while it is the same operator, then lower left to right.
        let mut rights = Vec::new();
        let mut current = node;
        loop {
            rights.push(cst::field(current, "right"));
            match cst::field(current, "left") {
                Some(left)
                    if left.kind() == "boolean_operator"
                        && cst::field(left, "operator").map(|o| o.kind())
                            == Some(op_keyword(op)) =>
                {
                    current = left;
                }
                left => {
                    rights.push(left);
                    break;
                }
            }
        }
        // Each folded level counts toward the nesting limit, as the AST would nest it.
        let levels = rights.len().saturating_sub(2);
        let mut entered = 0;
        for _ in 0..levels {
            if !self.enter(node) {
                for _ in 0..entered {
                    self.leave();
                }
                return error_expr(span);
            }
            entered += 1;
        }
        let values = rights
            .into_iter()
            .rev()
            .map(|child| match child {
                Some(child) => self.expr(child),
                None => {
                    self.absent(node, "an operand");
                    error_expr(span)
                }
            })
            .collect();
        for _ in 0..entered {
            self.leave();
        }
        expr(ExprKind::BoolOp { op, values }, span)
    }

    /// `a < b <= c`: operands and operators alternate among the children.
    fn comparison(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        // Each operator past the first counts toward the nesting limit: the generated Rust
        // nests one `&&` per comparison (100,000 of them overflowed the stack in `emit`).
        let levels = cst::children_with_fields(node)
            .iter()
            .filter(|(field, _)| *field == Some("operators"))
            .count()
            .saturating_sub(1);
        let mut entered = 0;
        for _ in 0..levels {
            if !self.enter(node) {
                for _ in 0..entered {
                    self.leave();
                }
                return error_expr(span);
            }
            entered += 1;
        }
        let lowered = self.comparison_chain(node, span);
        for _ in 0..entered {
            self.leave();
        }
        lowered
    }

    fn comparison_chain(&mut self, node: Node, span: Span) -> Expr {
        let mut left: Option<Expr> = None;
        let mut ops = Vec::new();
        let mut pending: Option<CmpOp> = None;
        for (field, child) in cst::children_with_fields(node) {
            if field == Some("operators") {
                pending = compare_op(child.kind());
                if pending.is_none() {
                    self.absent(node, "a comparison operator");
                }
                continue;
            }
            if !child.is_named() {
                continue;
            }
            let operand = self.expr(child);
            match (left.is_none(), pending.take()) {
                (true, _) => left = Some(operand),
                (false, Some(op)) => ops.push((op, operand)),
                (false, None) => self.absent(node, "a comparison operator"),
            }
        }
        match left {
            Some(left) if !ops.is_empty() => expr(
                ExprKind::Compare {
                    left: Box::new(left),
                    ops,
                },
                span,
            ),
            _ => {
                self.absent(node, "an operand");
                error_expr(span)
            }
        }
    }

    fn lambda(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let mut params = Vec::new();
        if let Some(list) = cst::field(node, "parameters") {
            for param in cst::fields(list, "parameter") {
                let param_span = cst::span(param);
                match param.kind() {
                    "identifier" => {
                        if params
                            .iter()
                            .any(|p: &ast::Ident| p.name == self.text(param))
                        {
                            self.error(syntax_error(
                                format!(
                                    "duplicate argument `{}` in function definition",
                                    self.text(param)
                                ),
                                param_span,
                                "a second parameter with this name",
                            ));
                        }
                        params.push(self.ident(param));
                    }
                    "default_parameter" => {
                        self.unsupported_with_help(
                            param_span,
                            "a default value for a lambda parameter",
                            "default value",
                            "use a `def` with an annotated parameter",
                        );
                    }
                    "list_splat_pattern" => {
                        self.unsupported(param_span, "`*args`", "variadic parameter")
                    }
                    "dictionary_splat_pattern" => {
                        self.unsupported(param_span, "`**kwargs`", "variadic keyword parameter");
                    }
                    _ => self.unsupported(param_span, "this kind of lambda parameter", "parameter"),
                }
            }
        }
        let body = self.required(node, "body");
        expr(
            ExprKind::Lambda {
                params,
                body: Box::new(body),
            },
            span,
        )
    }

    fn subscript(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let value = self.required(node, "value");
        let indices = cst::fields(node, "subscript");
        let index = match indices.as_slice() {
            [] => {
                self.absent(node, "an index");
                error_expr(span)
            }
            [only] if !cst::has_child(node, ",") => self.index(*only),
            [first, ..] => {
                let last = indices.last().copied().unwrap_or(*first);
                let tuple_span = Span::new(first.start_byte(), last.end_byte());
                let items = indices.iter().map(|i| self.index(*i)).collect();
                expr(ExprKind::Tuple(items), tuple_span)
            }
        };
        expr(
            ExprKind::Subscript {
                value: Box::new(value),
                index: Box::new(index),
            },
            span,
        )
    }

    fn index(&mut self, node: Node) -> Expr {
        if node.kind() == "ellipsis" {
            // `tuple[int, ...]`: only the type checker knows whether this is an annotation.
            return expr(ExprKind::Ellipsis, cst::span(node));
        }
        if node.kind() != "slice" {
            return self.expr(node);
        }
        let part =
            |this: &mut Self, field: &str| cst::field(node, field).map(|n| Box::new(this.expr(n)));
        let lower = part(self, "start");
        let upper = part(self, "stop");
        let step = part(self, "step");
        expr(ExprKind::Slice { lower, upper, step }, cst::span(node))
    }

    fn call(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let func = self.required(node, "function");
        let mut args = Vec::new();
        let mut keywords: Vec<ast::Keyword> = Vec::new();
        match cst::field(node, "arguments") {
            Some(generator) if generator.kind() == "generator_expression" => {
                args.push(self.expr(generator))
            }
            Some(list) => {
                for argument in cst::fields(list, "argument") {
                    let arg_span = cst::span(argument);
                    match argument.kind() {
                        "keyword_argument" => {
                            let Some(name) = cst::field(argument, "name") else {
                                continue;
                            };
                            let name = self.ident(name);
                            if keywords.iter().any(|k| k.name.name == name.name) {
                                self.error(syntax_error(
                                    format!("keyword argument repeated: {}", name.name),
                                    name.span,
                                    "given a second time here",
                                ));
                            }
                            let value = self.required(argument, "value");
                            keywords.push(ast::Keyword { name, value });
                        }
                        "list_splat" => {
                            // `f(*xs)`: the type checker decides where it is supported (`print`).
                            let inner = argument.named_child(0).map(|n| self.expr(n));
                            match inner {
                                Some(inner) => args.push(ast::Expr {
                                    kind: ast::ExprKind::Starred(Box::new(inner)),
                                    span: arg_span,
                                }),
                                None => self.unsupported_with_help(
                                    arg_span,
                                    "`*args` in a call",
                                    "argument unpacking",
                                    "pass the arguments one by one",
                                ),
                            }
                        }
                        "dictionary_splat" => self.unsupported_with_help(
                            arg_span,
                            "`**kwargs` in a call",
                            "keyword argument unpacking",
                            "pass the keyword arguments one by one",
                        ),
                        _ => {
                            if !keywords.is_empty() {
                                self.error(syntax_error(
                                    "positional argument follows keyword argument",
                                    arg_span,
                                    "move this before the keyword arguments",
                                ));
                            }
                            args.push(self.expr(argument));
                        }
                    }
                }
            }
            None => self.absent(node, "arguments"),
        }
        expr(
            ExprKind::Call {
                func: Box::new(func),
                args,
                keywords,
            },
            span,
        )
    }

    fn dictionary(&mut self, node: Node) -> Expr {
        let mut pairs = Vec::new();
        for element in cst::fields(node, "element") {
            match element.kind() {
                "pair" => {
                    let key = self.required(element, "key");
                    let value = self.required(element, "value");
                    pairs.push((key, value));
                }
                _ => {
                    // `**other`: reported by `expr`.
                    self.expr(element);
                }
            }
        }
        expr(ExprKind::Dict(pairs), cst::span(node))
    }

    fn generators(&mut self, node: Node) -> Vec<ast::Comprehension> {
        let mut generators: Vec<ast::Comprehension> = Vec::new();
        for clause in cst::fields(node, "clause") {
            match clause.kind() {
                "for_in_clause" => {
                    if let Some(keyword) = cst::child_of_kind(clause, "async") {
                        self.unsupported(
                            cst::span(keyword),
                            "an asynchronous comprehension",
                            "async",
                        );
                    }
                    let target = match cst::field(clause, "left") {
                        Some(left) => self.target(left),
                        None => {
                            self.absent(clause, "a target");
                            error_expr(cst::span(clause))
                        }
                    };
                    let rights = cst::fields(clause, "right");
                    if rights.len() > 1 || cst::has_child(clause, ",") {
                        self.error(
                            syntax_error(
                                "invalid syntax",
                                cst::span(clause),
                                "the iterable of a comprehension cannot be a bare tuple",
                            )
                            .with_help("put parentheses around the tuple"),
                        );
                    }
                    let iter = match rights.first() {
                        Some(right) => self.expr(*right),
                        None => {
                            self.absent(clause, "an iterable");
                            error_expr(cst::span(clause))
                        }
                    };
                    generators.push(ast::Comprehension {
                        target,
                        iter,
                        ifs: Vec::new(),
                    });
                }
                "if_clause" => {
                    let condition = self.condition_of(clause);
                    if let Some(last) = generators.last_mut() {
                        last.ifs.push(condition);
                    }
                }
                _ => {}
            }
        }
        generators
    }

    fn condition_of(&mut self, clause: Node) -> Expr {
        self.required(clause, "condition")
    }

    fn comprehension(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let elt = Box::new(self.comprehension_body(node));
        let generators = self.generators(node);
        let kind = match node.kind() {
            "list_comprehension" => ExprKind::ListComp { elt, generators },
            "set_comprehension" => ExprKind::SetComp { elt, generators },
            _ => ExprKind::GeneratorExp { elt, generators },
        };
        expr(kind, span)
    }

    fn comprehension_body(&mut self, node: Node) -> Expr {
        match cst::field(node, "body") {
            Some(body) if matches!(body.kind(), "list_splat" | "dictionary_splat") => {
                self.error(syntax_error(
                    "iterable unpacking cannot be used in comprehension",
                    cst::span(body),
                    "unpacking",
                ));
                error_expr(cst::span(body))
            }
            Some(body) => self.expr(body),
            None => {
                self.absent(node, "a body");
                error_expr(cst::span(node))
            }
        }
    }

    fn dict_comprehension(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let (key, value) = match cst::field(node, "body") {
            Some(pair) if pair.kind() == "pair" => {
                (self.required(pair, "key"), self.required(pair, "value"))
            }
            _ => {
                self.absent(node, "a key and value");
                (error_expr(span), error_expr(span))
            }
        };
        let generators = self.generators(node);
        expr(
            ExprKind::DictComp {
                key: Box::new(key),
                value: Box::new(value),
                generators,
            },
            span,
        )
    }
}

fn binary_op(kind: &str) -> Option<BinOp> {
    Some(match kind {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "//" => BinOp::FloorDiv,
        "%" => BinOp::Mod,
        "**" => BinOp::Pow,
        "@" => BinOp::MatMul,
        "&" => BinOp::BitAnd,
        "|" => BinOp::BitOr,
        "^" => BinOp::BitXor,
        "<<" => BinOp::LShift,
        ">>" => BinOp::RShift,
        _ => return None,
    })
}

fn compare_op(kind: &str) -> Option<CmpOp> {
    Some(match kind {
        "==" => CmpOp::Eq,
        "!=" => CmpOp::NotEq,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::LtE,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::GtE,
        "is" => CmpOp::Is,
        "is not" => CmpOp::IsNot,
        "in" => CmpOp::In,
        "not in" => CmpOp::NotIn,
        _ => return None,
    })
}

fn op_keyword(op: BoolOp) -> &'static str {
    match op {
        BoolOp::And => "and",
        BoolOp::Or => "or",
    }
}
