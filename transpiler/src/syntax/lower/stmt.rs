//! Statements: blocks (with CPython's indentation and empty-block errors), simple and compound
//! statements, definitions, imports, and assignment targets.

use super::{cst, error_expr, expr, syntax_error, Lowerer};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind, Stmt, StmtKind};
use tree_sitter::Node;

impl Lowerer<'_> {
    /// The statements of the module or of a `block`. `expected_indent` is the module's 0; a
    /// block takes the indentation of its first statement.
    pub(super) fn block_statements(
        &mut self,
        node: Node,
        expected_indent: Option<usize>,
    ) -> Vec<Stmt> {
        let mut out = Vec::new();
        let mut expected = expected_indent;
        let mut indentation_reported = false;
        for child in cst::named_children(node) {
            if child.is_error() {
                continue;
            }
            if let Some(width) = self.indentation_at(child.start_byte() as u32) {
                match expected {
                    None => expected = Some(width),
                    Some(want) if want != width && !indentation_reported => {
                        indentation_reported = true;
                        self.indentation_error(child, width > want);
                    }
                    Some(_) => {}
                }
            }
            self.statement(child, &mut out);
        }
        out
    }

    fn indentation_error(&mut self, stmt: Node, deeper: bool) {
        let start = stmt.start_byte();
        let at = Span::new(start, start.saturating_add(1).min(stmt.end_byte()));
        // Deeper than its block but shallower than the line before: a dedent that stops between
        // two levels, which is how CPython sees it.
        let between_levels = deeper
            && self
                .previous_code_line_indent(start)
                .is_some_and(|previous| {
                    self.indentation_at(start as u32)
                        .is_some_and(|width| previous > width)
                });
        let diag = if deeper && !between_levels {
            syntax_error(
                "unexpected indent",
                at,
                "this line is indented more than the block it is in",
            )
            .with_help("indent a line only after a line ending with `:`")
        } else {
            syntax_error(
                "unindent does not match any outer indentation level",
                at,
                "this indentation matches no enclosing block",
            )
        };
        self.error(diag);
    }

    /// The indentation of the closest line before `offset` that holds code (not blank, not
    /// only a comment).
    fn previous_code_line_indent(&self, offset: usize) -> Option<usize> {
        let before = self.file.text.get(..offset)?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut rest = before.get(..line_start)?;
        while !rest.is_empty() {
            let trimmed = rest.strip_suffix('\n').unwrap_or(rest);
            let start = trimmed.rfind('\n').map_or(0, |i| i + 1);
            let line = trimmed.get(start..)?;
            let code = line.trim_start();
            if !code.is_empty() && !code.starts_with('#') {
                return self.indentation_at(u32::try_from(start + (line.len() - code.len())).ok()?);
            }
            rest = trimmed.get(..start)?;
        }
        None
    }

    /// The body of a compound statement. An empty body (the next line not indented) is
    /// CPython's "expected an indented block".
    fn suite(&mut self, owner: Node, field: &str, what: &str) -> Vec<Stmt> {
        let Some(body) = cst::field(owner, field) else {
            self.absent(owner, "a body");
            return Vec::new();
        };
        let has_statement = cst::named_children(body).iter().any(|c| !c.is_error());
        if !has_statement {
            if !cst::is_broken(body) && !cst::is_broken(owner) {
                let keyword = owner.child(0).map_or(cst::span(owner), cst::span);
                let line = owner.start_position().row + 1;
                self.error(
                    syntax_error(
                        format!("expected an indented block after {what} on line {line}"),
                        keyword,
                        "this block is empty",
                    )
                    .with_help("indent the block's statements, or write `pass`"),
                );
            }
            return Vec::new();
        }
        if !self.enter(body) {
            return Vec::new();
        }
        let statements = self.block_statements(body, None);
        self.leave();
        statements
    }

    /// Lowers one statement. Like `expr_inner`, a dispatcher with one call site, so that nested
    /// blocks cost little stack.
    fn statement(&mut self, node: Node, out: &mut Vec<Stmt>) {
        let lower: fn(&mut Self, Node) -> Option<StmtKind> = match node.kind() {
            "expression_statement" => Self::expression_statement,
            "if_statement" => Self::if_statement,
            "for_statement" => Self::for_statement,
            "while_statement" => Self::while_statement,
            "try_statement" => Self::try_statement,
            "function_definition" => Self::plain_function,
            "class_definition" => Self::plain_class,
            "decorated_definition" => Self::decorated_definition,
            "return_statement" => Self::return_statement,
            "pass_statement" => |_, _| Some(StmtKind::Pass),
            "break_statement" => |_, _| Some(StmtKind::Break),
            "continue_statement" => |_, _| Some(StmtKind::Continue),
            "assert_statement" => Self::assert_statement,
            "delete_statement" => Self::delete_statement,
            "raise_statement" => Self::raise_statement,
            "import_statement" => Self::import_statement,
            "import_from_statement" => Self::import_from_statement,
            _ => Self::unsupported_statement,
        };
        if let Some(kind) = lower(self, node) {
            out.push(Stmt {
                kind,
                span: cst::span(node),
            });
        }
    }

    fn plain_function(&mut self, node: Node) -> Option<StmtKind> {
        self.function_definition(node, Vec::new())
            .map(StmtKind::FunctionDef)
    }

    fn plain_class(&mut self, node: Node) -> Option<StmtKind> {
        self.class_definition(node, Vec::new())
            .map(StmtKind::ClassDef)
    }

    fn return_statement(&mut self, node: Node) -> Option<StmtKind> {
        Some(StmtKind::Return(
            cst::field(node, "value").map(|v| self.expr(v)),
        ))
    }

    /// Valid Python statements that Roast rejects, by name.
    fn unsupported_statement(&mut self, node: Node) -> Option<StmtKind> {
        let span = cst::span(node);
        let keyword = node.child(0).map_or(span, cst::span);
        match node.kind() {
            "global_statement" => self.unsupported_with_help(
                span,
                "`global`",
                "a `global` declaration",
                "pass the value as a parameter and return the new value",
            ),
            "nonlocal_statement" => self.unsupported_with_help(
                span,
                "`nonlocal`",
                "a `nonlocal` declaration",
                "return the new value from the inner function instead",
            ),
            "with_statement" => {
                let what = if cst::has_child(node, "async") {
                    "`async with`"
                } else {
                    "`with`"
                };
                self.unsupported_with_help(
                    keyword,
                    what,
                    "a `with` statement",
                    "use `try`/`finally` instead",
                );
            }
            "match_statement" => {
                self.unsupported_with_help(
                    keyword,
                    "`match`",
                    "a `match` statement",
                    "use an `if`/`elif` chain",
                );
            }
            "type_alias_statement" => {
                self.unsupported(keyword, "a `type` alias statement", "a type alias")
            }
            _ => self.absent(node, "a statement"),
        }
        None
    }

    fn expression_statement(&mut self, node: Node) -> Option<StmtKind> {
        let Some(inner) = cst::named_children(node).into_iter().next() else {
            self.absent(node, "an expression");
            return None;
        };
        match inner.kind() {
            "assignment" => self.assignment(inner),
            "augmented_assignment" => self.augmented_assignment(inner),
            // `...` as a statement does nothing, exactly like `pass` (stub bodies).
            "ellipsis" => Some(StmtKind::Pass),
            "yield" => {
                self.yield_unsupported(inner);
                None
            }
            _ => Some(StmtKind::Expr(self.expr(inner))),
        }
    }

    pub(super) fn yield_unsupported(&mut self, node: Node) {
        let keyword = node.child(0).map_or(cst::span(node), cst::span);
        self.unsupported_with_help(
            keyword,
            "`yield` (generators)",
            "this makes the function a generator",
            "build and return a list instead",
        );
    }

    /// The value of an assignment or `return`: an expression, or a tuple without parentheses.
    fn assigned_value(&mut self, node: Node) -> ast::Expr {
        match node.kind() {
            "yield" => {
                self.yield_unsupported(node);
                error_expr(cst::span(node))
            }
            "assignment" | "augmented_assignment" => {
                self.error(syntax_error(
                    "invalid syntax",
                    cst::span(node),
                    "an assignment is not a value",
                ));
                error_expr(cst::span(node))
            }
            _ => self.expr(node),
        }
    }

    fn assignment(&mut self, node: Node) -> Option<StmtKind> {
        let Some(left) = cst::field(node, "left") else {
            self.absent(node, "a target");
            return None;
        };
        if let Some(annotation) = cst::field(node, "type") {
            if matches!(
                left.kind(),
                "pattern_list" | "tuple_pattern" | "list_pattern"
            ) {
                let what = if left.kind() == "list_pattern" {
                    "list"
                } else {
                    "tuple"
                };
                self.error(syntax_error(
                    format!("only single target (not {what}) can be annotated"),
                    cst::span(left),
                    "several targets",
                ));
                return None;
            }
            let target = self.target(left);
            let annotation = self.annotation(annotation);
            let value = cst::field(node, "right").map(|r| self.assigned_value(r));
            return Some(StmtKind::AnnAssign {
                target,
                annotation,
                value,
            });
        }
        // `a = b = value` nests as `a = (b = value)` in the CST: walk the chain in a loop.
        let mut targets = vec![self.target(left)];
        let mut right = cst::field(node, "right");
        loop {
            match right {
                Some(r) if r.kind() == "assignment" && cst::field(r, "type").is_none() => {
                    match cst::field(r, "left") {
                        Some(l) => targets.push(self.target(l)),
                        None => self.absent(r, "a target"),
                    }
                    right = cst::field(r, "right");
                }
                Some(r) => {
                    let value = self.assigned_value(r);
                    return Some(StmtKind::Assign { targets, value });
                }
                None => {
                    self.absent(node, "a value");
                    return None;
                }
            }
        }
    }

    fn augmented_assignment(&mut self, node: Node) -> Option<StmtKind> {
        let left = cst::field(node, "left")?;
        let op_text = cst::field(node, "operator").map_or("", |o| o.kind());
        let op = aug_operator(op_text)?;
        if !matches!(left.kind(), "identifier" | "attribute" | "subscript") {
            self.error(syntax_error(
                format!(
                    "{} is an illegal expression for augmented assignment",
                    describe_target(left.kind())
                ),
                cst::span(left),
                "augmented assignment needs a single name, attribute or subscript",
            ));
            return None;
        }
        let target = self.target(left);
        let value = match cst::field(node, "right") {
            Some(r) => self.assigned_value(r),
            None => {
                self.absent(node, "a value");
                error_expr(cst::span(node))
            }
        };
        Some(StmtKind::AugAssign { target, op, value })
    }

    /// An assignment target (also a `for` or comprehension target).
    pub(super) fn target(&mut self, node: Node) -> ast::Expr {
        let span = cst::span(node);
        match node.kind() {
            "identifier" | "attribute" | "subscript" => self.expr(node),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "expression_list"
            | "parenthesized_expression" => {
                if !self.enter(node) {
                    return error_expr(span);
                }
                let items = cst::named_children(node);
                let parenthesized_single =
                    matches!(node.kind(), "tuple_pattern" | "parenthesized_expression")
                        && items.len() == 1
                        && !cst::has_child(node, ",");
                let result = if parenthesized_single {
                    match items.first() {
                        Some(item) => self.target(*item),
                        None => error_expr(span),
                    }
                } else {
                    let elts = items.iter().map(|item| self.target(*item)).collect();
                    match node.kind() {
                        "list_pattern" | "list" => expr(ExprKind::List(elts), span),
                        _ => expr(ExprKind::Tuple(elts), span),
                    }
                };
                self.leave();
                result
            }
            // `first, *rest = xs`: the type checker says where this may stand.
            "list_splat_pattern" | "list_splat" => match node.named_child(0) {
                Some(inner) => {
                    let inner = self.target(inner);
                    expr(ExprKind::Starred(Box::new(inner)), span)
                }
                None => error_expr(span),
            },
            "ERROR" => error_expr(span),
            kind => {
                self.error(syntax_error(
                    format!("cannot assign to {}", describe_target(kind)),
                    span,
                    "not something a value can be stored in",
                ));
                error_expr(span)
            }
        }
    }

    fn if_statement(&mut self, node: Node) -> Option<StmtKind> {
        let test = self.condition(node);
        let body = self.suite(node, "consequence", "'if' statement");
        let mut orelse = Vec::new();
        let end = node.end_byte();
        let mut alternatives = cst::fields(node, "alternative");
        // Each `elif` nests the rest of the chain one level deeper, as in CPython's AST.
        if let Some(extra) = alternatives
            .iter()
            .filter(|a| a.kind() == "elif_clause")
            .nth(super::MAX_ELIFS)
        {
            self.error(
                syntax_error(
                    "too many `elif` clauses",
                    cst::span(*extra),
                    format!("`elif` number {} of this `if`", super::MAX_ELIFS + 1),
                )
                .with_note(format!(
                    "Roast accepts at most {} `elif` clauses in one `if` statement (CPython gives up between 2,000 and 3,000)",
                    super::MAX_ELIFS
                ))
                .with_help("look the case up in a dict, or split the chain with a nested `if`"),
            );
            // The first `MAX_ELIFS` alternatives are `elif`s: the rest is left out.
            alternatives.truncate(super::MAX_ELIFS);
        }
        for alternative in alternatives.into_iter().rev() {
            match alternative.kind() {
                "else_clause" => orelse = self.suite(alternative, "body", "'else' statement"),
                "elif_clause" => {
                    let test = self.condition(alternative);
                    let body = self.suite(alternative, "consequence", "'elif' statement");
                    let span = Span::new(alternative.start_byte(), end);
                    orelse = vec![Stmt {
                        kind: StmtKind::If { test, body, orelse },
                        span,
                    }];
                }
                _ => {}
            }
        }
        Some(StmtKind::If { test, body, orelse })
    }

    fn condition(&mut self, node: Node) -> ast::Expr {
        match cst::field(node, "condition") {
            Some(c) => self.expr(c),
            None => {
                self.absent(node, "a condition");
                error_expr(cst::span(node))
            }
        }
    }

    fn else_body(&mut self, node: Node, what: &str) -> Vec<Stmt> {
        match cst::field(node, "alternative") {
            Some(clause) => self.suite(clause, "body", what),
            None => Vec::new(),
        }
    }

    fn for_statement(&mut self, node: Node) -> Option<StmtKind> {
        if let Some(keyword) = cst::child_of_kind(node, "async") {
            self.unsupported(cst::span(keyword), "`async for`", "an asynchronous loop");
            return None;
        }
        let target = match cst::field(node, "left") {
            Some(l) => self.target(l),
            None => {
                self.absent(node, "a target");
                error_expr(cst::span(node))
            }
        };
        let iter = match cst::field(node, "right") {
            Some(r) => self.expr(r),
            None => {
                self.absent(node, "an iterable");
                error_expr(cst::span(node))
            }
        };
        let body = self.suite(node, "body", "'for' statement");
        let orelse = self.else_body(node, "'else' statement");
        Some(StmtKind::For {
            target,
            iter,
            body,
            orelse,
        })
    }

    fn while_statement(&mut self, node: Node) -> Option<StmtKind> {
        let test = self.condition(node);
        let body = self.suite(node, "body", "'while' statement");
        let orelse = self.else_body(node, "'else' statement");
        Some(StmtKind::While { test, body, orelse })
    }

    fn try_statement(&mut self, node: Node) -> Option<StmtKind> {
        let body = self.suite(node, "body", "'try' statement");
        let mut handlers = Vec::new();
        let clauses = cst::fields(node, "handler");
        let count = clauses.len();
        for (i, clause) in clauses.into_iter().enumerate() {
            let span = cst::span(clause);
            if clause.kind() == "except_group_clause" {
                let keyword = clause.child(0).map_or(span, |k| {
                    cst::span(k).to(clause.child(1).map_or(cst::span(k), cst::span))
                });
                self.unsupported(
                    keyword,
                    "`except*` (exception groups)",
                    "an exception group handler",
                );
                continue;
            }
            let typ = cst::field(clause, "value").map(|v| self.expr(v));
            if typ.is_none() && i + 1 < count {
                let keyword = clause.child(0).map_or(span, cst::span);
                self.error(syntax_error(
                    "default 'except:' must be last",
                    keyword,
                    "this catches everything",
                ));
            }
            let name = cst::field(clause, "alias").map(|a| self.ident(a));
            let body = self.suite(clause, "body", "'except' statement");
            handlers.push(ast::ExceptHandler {
                typ,
                name,
                body,
                span,
            });
        }
        let orelse = self.else_body(node, "'else' statement");
        let finalbody = match cst::field(node, "finalizer") {
            Some(clause) => self.suite(clause, "body", "'finally' statement"),
            None => Vec::new(),
        };
        Some(StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        })
    }

    fn decorated_definition(&mut self, node: Node) -> Option<StmtKind> {
        let decorators: Vec<ast::Expr> = cst::fields(node, "decorator")
            .into_iter()
            .filter_map(|d| cst::field(d, "value"))
            .map(|v| self.expr(v))
            .collect();
        let definition = cst::field(node, "definition")?;
        match definition.kind() {
            "function_definition" => self
                .function_definition(definition, decorators)
                .map(StmtKind::FunctionDef),
            "class_definition" => self
                .class_definition(definition, decorators)
                .map(StmtKind::ClassDef),
            _ => None,
        }
    }

    fn function_definition(
        &mut self,
        node: Node,
        decorators: Vec<ast::Expr>,
    ) -> Option<ast::FunctionDef> {
        let span = cst::span(node);
        if let Some(keyword) = cst::child_of_kind(node, "async") {
            let def = cst::child_of_kind(node, "def")
                .map_or(cst::span(keyword), |d| cst::span(keyword).to(cst::span(d)));
            self.unsupported_with_help(
                def,
                "`async def`",
                "an asynchronous function",
                "write an ordinary `def`",
            );
            return None;
        }
        let Some(name) = cst::field(node, "name") else {
            self.absent(node, "a name");
            return None;
        };
        let name = self.ident(name);
        let type_params = self.type_parameters(node);
        let params = match cst::field(node, "parameters") {
            Some(p) => self.parameters(p),
            None => {
                self.absent(node, "parameters");
                Vec::new()
            }
        };
        let returns = cst::field(node, "return_type").map(|r| self.annotation(r));
        let body = self.suite(node, "body", "function definition");
        Some(ast::FunctionDef {
            name,
            type_params,
            params,
            returns,
            body,
            decorators,
            span,
        })
    }

    fn type_parameters(&mut self, node: Node) -> Vec<ast::Ident> {
        let Some(list) = cst::field(node, "type_parameters") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for param in cst::fields(list, "parameter") {
            let span = cst::span(param);
            if cst::has_child(param, "*") || cst::has_child(param, "**") {
                self.unsupported(span, "a variadic type parameter", "variadic");
                continue;
            }
            if cst::field(param, "bound").is_some() {
                self.unsupported(
                    span,
                    "a bound on a type parameter",
                    "bounded type parameter",
                );
            }
            if let Some(name) = cst::field(param, "name") {
                out.push(self.ident(name));
            }
        }
        out
    }

    fn parameters(&mut self, node: Node) -> Vec<ast::Param> {
        let mut out: Vec<ast::Param> = Vec::new();
        let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut keyword_only = false;
        let mut seen_default = false;
        let all = cst::fields(node, "parameter");
        for (i, param) in all.iter().enumerate() {
            let span = cst::span(*param);
            let (name, annotation, default) = match param.kind() {
                "identifier" => (Some(*param), None, None),
                "typed_parameter" => {
                    let name = cst::field(*param, "name");
                    if let Some(n) = name.filter(|n| n.kind() != "identifier") {
                        self.splat_parameter(n);
                        continue;
                    }
                    (name, cst::field(*param, "type"), None)
                }
                "default_parameter" => (
                    cst::field(*param, "name"),
                    None,
                    cst::field(*param, "value"),
                ),
                "typed_default_parameter" => (
                    cst::field(*param, "name"),
                    cst::field(*param, "type"),
                    cst::field(*param, "value"),
                ),
                "list_splat_pattern" | "dictionary_splat_pattern" => {
                    self.splat_parameter(*param);
                    continue;
                }
                "keyword_separator" => {
                    keyword_only = true;
                    if i + 1 == all.len() {
                        self.error(syntax_error(
                            "named arguments must follow bare *",
                            span,
                            "nothing follows this `*`",
                        ));
                    }
                    continue;
                }
                "positional_separator" => {
                    self.unsupported_with_help(
                        span,
                        "a positional-only marker (`/`)",
                        "positional-only marker",
                        "remove the `/`",
                    );
                    continue;
                }
                _ => continue,
            };
            let Some(name) = name else { continue };
            let name = self.ident(name);
            if default.is_some() {
                seen_default = true;
            } else if seen_default && !keyword_only {
                self.error(syntax_error(
                    "non-default argument follows default argument",
                    name.span,
                    "this parameter needs a default value too",
                ));
            }
            if !names.insert(name.name.clone()) {
                self.error(syntax_error(
                    format!("duplicate argument `{}` in function definition", name.name),
                    name.span,
                    "a second parameter with this name",
                ));
            }
            let annotation = annotation.map(|a| self.annotation(a));
            let default = default.map(|d| self.expr(d));
            out.push(ast::Param {
                name,
                annotation,
                default,
                keyword_only,
                span,
            });
        }
        out
    }

    fn splat_parameter(&mut self, node: Node) {
        let span = cst::span(node);
        if node.kind() == "dictionary_splat_pattern" {
            self.unsupported_with_help(
                span,
                "`**kwargs`",
                "variadic keyword parameter",
                "pass a `dict` instead",
            );
        } else {
            self.unsupported_with_help(
                span,
                "`*args`",
                "variadic parameter",
                "pass a `list` instead",
            );
        }
    }

    /// A type annotation: the expression inside the `type` node.
    pub(super) fn annotation(&mut self, node: Node) -> ast::Expr {
        let inner = if node.kind() == "type" {
            cst::named_children(node).into_iter().next()
        } else {
            Some(node)
        };
        match inner {
            Some(inner) => self.expr(inner),
            None => {
                self.absent(node, "an annotation");
                error_expr(cst::span(node))
            }
        }
    }

    fn class_definition(
        &mut self,
        node: Node,
        decorators: Vec<ast::Expr>,
    ) -> Option<ast::ClassDef> {
        let span = cst::span(node);
        let Some(name) = cst::field(node, "name") else {
            self.absent(node, "a name");
            return None;
        };
        let name = self.ident(name);
        let type_params = self.type_parameters(node);
        let mut bases = Vec::new();
        if let Some(arguments) = cst::field(node, "superclasses") {
            for argument in cst::fields(arguments, "argument") {
                let arg_span = cst::span(argument);
                match argument.kind() {
                    "keyword_argument" => {
                        let keyword = cst::field(argument, "name").map_or("", |n| self.text(n));
                        if keyword == "metaclass" {
                            self.unsupported(arg_span, "a metaclass", "metaclass");
                        } else {
                            self.unsupported(
                                arg_span,
                                "a class keyword argument",
                                "keyword argument",
                            );
                        }
                    }
                    "list_splat" | "dictionary_splat" => {
                        self.unsupported(arg_span, "unpacking in a class's bases", "unpacking");
                    }
                    _ => bases.push(self.expr(argument)),
                }
            }
        }
        let body = self.suite(node, "body", "class definition");
        Some(ast::ClassDef {
            name,
            type_params,
            bases,
            body,
            decorators,
            span,
        })
    }

    fn assert_statement(&mut self, node: Node) -> Option<StmtKind> {
        let test = self.condition(node);
        let msg = cst::field(node, "message").map(|m| self.expr(m));
        Some(StmtKind::Assert { test, msg })
    }

    fn delete_statement(&mut self, node: Node) -> Option<StmtKind> {
        let targets = cst::field(node, "targets")?;
        let items = if targets.kind() == "expression_list" {
            cst::named_children(targets)
        } else {
            vec![targets]
        };
        let mut out = Vec::new();
        for item in items {
            let lowered = self.expr(item);
            if !deletable(&lowered.kind) {
                self.error(syntax_error(
                    format!("cannot delete {}", describe_target(item.kind())),
                    lowered.span,
                    "`del` takes names, attributes and subscripts",
                ));
                continue;
            }
            out.push(lowered);
        }
        Some(StmtKind::Del(out))
    }

    fn raise_statement(&mut self, node: Node) -> Option<StmtKind> {
        let exc = match cst::field(node, "exception") {
            Some(e) if e.kind() == "expression_list" => {
                self.error(
                    syntax_error(
                        "invalid syntax",
                        cst::span(e),
                        "raise one exception (Python 2's `raise E, msg` is gone)",
                    )
                    .with_help("write `raise E(msg)`"),
                );
                return None;
            }
            Some(e) => Some(self.expr(e)),
            None => None,
        };
        let cause = cst::field(node, "cause").map(|c| self.expr(c));
        Some(StmtKind::Raise { exc, cause })
    }

    fn import_statement(&mut self, node: Node) -> Option<StmtKind> {
        let names = cst::fields(node, "name")
            .into_iter()
            .filter_map(|n| self.alias(n))
            .collect();
        Some(StmtKind::Import(names))
    }

    fn import_from_statement(&mut self, node: Node) -> Option<StmtKind> {
        let module_node = cst::field(node, "module_name")?;
        let module_name = match module_node.kind() {
            "relative_import" => {
                let mut name = String::new();
                for child in cst::named_children(module_node) {
                    match child.kind() {
                        "import_prefix" => {
                            name.extend(self.text(child).chars().filter(|c| *c == '.'))
                        }
                        "dotted_name" => name.push_str(&self.dotted(child)),
                        _ => {}
                    }
                }
                name
            }
            _ => self.dotted(module_node),
        };
        let module = ast::Ident {
            name: module_name,
            span: cst::span(module_node),
        };
        if let Some(star) = cst::child_of_kind(node, "wildcard_import") {
            self.unsupported_with_help(
                cst::span(star),
                "`from ... import *`",
                "wildcard import",
                "import the names you use one by one",
            );
            return None;
        }
        let names = cst::fields(node, "name")
            .into_iter()
            .filter_map(|n| self.alias(n))
            .collect();
        Some(StmtKind::ImportFrom { module, names })
    }

    fn alias(&mut self, node: Node) -> Option<ast::Alias> {
        match node.kind() {
            "dotted_name" => Some(ast::Alias {
                name: self.dotted_ident(node),
                asname: None,
            }),
            "aliased_import" => {
                let name = cst::field(node, "name")?;
                let asname = cst::field(node, "alias").map(|a| self.ident(a));
                Some(ast::Alias {
                    name: self.dotted_ident(name),
                    asname,
                })
            }
            _ => None,
        }
    }

    fn dotted(&self, node: Node) -> String {
        let parts: Vec<&str> = cst::named_children(node)
            .into_iter()
            .map(|n| self.text(n))
            .collect();
        parts.join(".")
    }

    fn dotted_ident(&self, node: Node) -> ast::Ident {
        ast::Ident {
            name: self.dotted(node),
            span: cst::span(node),
        }
    }
}

fn aug_operator(text: &str) -> Option<ast::BinOp> {
    use ast::BinOp::*;
    Some(match text {
        "+=" => Add,
        "-=" => Sub,
        "*=" => Mul,
        "/=" => Div,
        "//=" => FloorDiv,
        "%=" => Mod,
        "**=" => Pow,
        "@=" => MatMul,
        "&=" => BitAnd,
        "|=" => BitOr,
        "^=" => BitXor,
        "<<=" => LShift,
        ">>=" => RShift,
        _ => return None,
    })
}

fn deletable(kind: &ExprKind) -> bool {
    match kind {
        ExprKind::Name(_)
        | ExprKind::Attribute { .. }
        | ExprKind::Subscript { .. }
        | ExprKind::Error => true,
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().all(|e| deletable(&e.kind)),
        _ => false,
    }
}

/// How CPython names an expression that cannot be a target.
pub(in crate::syntax) fn describe_target(kind: &str) -> &'static str {
    match kind {
        "integer"
        | "float"
        | "imaginary"
        | "string"
        | "concatenated_string"
        | "true"
        | "false"
        | "none"
        | "ellipsis" => "literal",
        "call" => "function call",
        "binary_operator" | "unary_operator" => "expression",
        "boolean_operator" | "not_operator" => "expression",
        "comparison_operator" => "comparison",
        "conditional_expression" => "conditional expression",
        "lambda" => "lambda",
        "named_expression" => "named expression",
        "await" => "await expression",
        "yield" => "yield expression",
        "list_comprehension" => "list comprehension",
        "set_comprehension" => "set comprehension",
        "dictionary_comprehension" => "dict comprehension",
        "generator_expression" => "generator expression",
        "dictionary" => "dict literal",
        "set" => "set display",
        "tuple" | "pattern_list" | "tuple_pattern" | "expression_list" => "'tuple'",
        "list" | "list_pattern" => "'list'",
        _ => "expression",
    }
}
