//! Literals: integers (decimal, hex, octal, binary, underscores; 64-bit), floats, strings
//! (escapes decoded exactly as Python does, raw strings, adjacent-literal concatenation,
//! triple quotes, newlines normalised to `\n` as Python's universal newlines do) and f-strings
//! (literal parts, replacement fields with `!r`/`!s`/`!a`, `=`, and format specs that may hold
//! replacement fields themselves).

use super::{cst, error_expr, expr, syntax_error, Lowerer};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{self, Expr, ExprKind, FStringPart};
use tree_sitter::Node;

#[derive(Debug, PartialEq, Eq)]
enum IntProblem {
    TooLarge,
    LeadingZeros,
    BadDigit,
}

/// The magnitude of an integer literal (`1_000`, `0x1f`, `0o17`, `0b1010`).
fn int_magnitude(text: &str) -> Result<u64, IntProblem> {
    let cleaned: String = text
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = cleaned.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = cleaned.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = cleaned.strip_prefix("0b") {
        (2, d)
    } else {
        (10, cleaned.as_str())
    };
    if radix == 10
        && digits.len() > 1
        && digits.starts_with('0')
        && digits.chars().any(|c| c != '0')
    {
        return Err(IntProblem::LeadingZeros);
    }
    if digits.is_empty() {
        return Err(IntProblem::BadDigit);
    }
    let mut value: u64 = 0;
    for c in digits.chars() {
        let digit = c.to_digit(radix).ok_or(IntProblem::BadDigit)?;
        value = value
            .checked_mul(u64::from(radix))
            .and_then(|v| v.checked_add(u64::from(digit)))
            .ok_or(IntProblem::TooLarge)?;
    }
    Ok(value)
}

impl Lowerer<'_> {
    pub(super) fn integer(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let text = self.text(node);
        match int_magnitude(text).map(i64::try_from) {
            Ok(Ok(value)) => expr(ExprKind::Int(value), span),
            Ok(Err(_)) | Err(IntProblem::TooLarge) => {
                self.error(
                    Diagnostic::error(Code::IntegerTooLarge, "integer literal is too large for Roast's 64-bit int", span, "does not fit in 64 bits")
                        .with_note("Roast's `int` is a signed 64-bit integer: from -9223372036854775808 to 9223372036854775807"),
                );
                error_expr(span)
            }
            Err(IntProblem::LeadingZeros) => {
                self.error(
                    syntax_error(
                        "leading zeros in decimal integer literals are not permitted",
                        span,
                        "leading zero",
                    )
                    .with_help("use an 0o prefix for octal integers"),
                );
                error_expr(span)
            }
            Err(IntProblem::BadDigit) => {
                self.error(syntax_error(
                    "invalid integer literal",
                    span,
                    "not a number",
                ));
                error_expr(span)
            }
        }
    }

    /// Whether an integer literal is exactly 2**63, which only `-` makes a valid `int`.
    pub(super) fn is_i64_min_magnitude(&self, node: Node) -> bool {
        int_magnitude(self.text(node)) == Ok(1u64 << 63)
    }

    pub(super) fn float(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let cleaned: String = self.text(node).chars().filter(|c| *c != '_').collect();
        match cleaned.parse::<f64>() {
            Ok(value) => expr(ExprKind::Float(value), span),
            Err(_) => {
                self.error(syntax_error("invalid float literal", span, "not a number"));
                error_expr(span)
            }
        }
    }

    /// A `string` or a `concatenated_string` (adjacent literals, which Python joins).
    pub(super) fn string(&mut self, node: Node) -> Expr {
        let span = cst::span(node);
        let pieces = if node.kind() == "concatenated_string" {
            cst::named_children(node)
        } else {
            vec![node]
        };
        let mut parts: Vec<FStringPart> = Vec::new();
        let mut any_format = false;
        let mut bytes: Option<Span> = None;
        let mut any_text = false;
        for piece in pieces {
            if piece.kind() != "string" {
                continue;
            }
            let prefix = cst::field(piece, "start")
                .map(|s| {
                    self.text(s)
                        .trim_end_matches(['"', '\''])
                        .to_ascii_lowercase()
                })
                .unwrap_or_default();
            if prefix.contains('b') {
                bytes.get_or_insert(cst::span(piece));
                continue;
            }
            any_text = true;
            any_format |= prefix.contains('f');
            self.string_parts(piece, &mut parts);
        }
        if let Some(at) = bytes {
            if any_text {
                self.error(syntax_error(
                    "cannot mix bytes and nonbytes literals",
                    span,
                    "bytes and str together",
                ));
            } else {
                self.unsupported_with_help(at, "a bytes literal", "bytes", "use a `str`");
            }
            return error_expr(span);
        }
        if any_format {
            return expr(ExprKind::FString(parts), span);
        }
        let mut text = String::new();
        for part in parts {
            if let FStringPart::Literal(s) = part {
                text.push_str(&s);
            }
        }
        expr(ExprKind::Str(text), span)
    }

    fn string_parts(&mut self, piece: Node, out: &mut Vec<FStringPart>) {
        for child in cst::named_children(piece) {
            match child.kind() {
                "string_content" => push_literal(out, &normalize_newlines(self.text(child))),
                "escape_sequence" => {
                    if let Some(decoded) = self.escape(child) {
                        push_literal(out, &decoded);
                    }
                }
                "escape_interpolation" => {
                    push_literal(out, self.text(child).get(..1).unwrap_or(""))
                }
                "interpolation" => {
                    if let Some(field) = self.interpolation(child) {
                        out.push(FStringPart::Field(field));
                    }
                }
                _ => {}
            }
        }
    }

    /// One `{expr=!r:spec}` replacement field.
    fn interpolation(&mut self, node: Node) -> Option<ast::FStringField> {
        if !self.enter(node) {
            return None;
        }
        let field = self.interpolation_inner(node);
        self.leave();
        Some(field)
    }

    fn interpolation_inner(&mut self, node: Node) -> ast::FStringField {
        let span = cst::span(node);
        let expr = match cst::field(node, "expression") {
            Some(e) if e.kind() == "list_splat" => {
                self.error(syntax_error(
                    "cannot use starred expression here",
                    cst::span(e),
                    "unpacking",
                ));
                error_expr(cst::span(e))
            }
            Some(e) => self.expr(e),
            None => {
                self.absent(node, "an expression");
                error_expr(span)
            }
        };
        let debug_text = cst::child_of_kind(node, "=").map(|equals| {
            let start = cst::child_of_kind(node, "{").map_or(node.start_byte(), |b| b.end_byte());
            let end = equals
                .next_sibling()
                .map_or(equals.end_byte(), |n| n.start_byte());
            self.file.text.get(start..end).unwrap_or("").to_string()
        });
        let conversion = cst::field(node, "type_conversion").and_then(|c| {
            let letter = self.text(c).chars().nth(1);
            match letter {
                Some(l @ ('r' | 's' | 'a')) => Some(l),
                _ => {
                    self.error(syntax_error(
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                        cst::span(c),
                        "unknown conversion",
                    ));
                    None
                }
            }
        });
        let mut spec = Vec::new();
        if let Some(specifier) = cst::field(node, "format_specifier") {
            for child in cst::named_children(specifier) {
                match child.kind() {
                    "string_content" => {
                        push_literal(&mut spec, &normalize_newlines(self.text(child)))
                    }
                    "interpolation" => {
                        if let Some(field) = self.interpolation(child) {
                            spec.push(FStringPart::Field(field));
                        }
                    }
                    _ => {}
                }
            }
        }
        ast::FStringField {
            expr,
            debug_text,
            conversion,
            spec,
        }
    }

    /// Decodes one escape sequence as Python does for `str` literals.
    fn escape(&mut self, node: Node) -> Option<String> {
        let span = cst::span(node);
        let text = self.text(node);
        let mut chars = text.chars();
        chars.next(); // the backslash
        let Some(kind) = chars.next() else {
            return Some("\\".to_string());
        };
        let rest: String = chars.collect();
        let simple = |c: char| Some(c.to_string());
        match kind {
            '\n' | '\r' => Some(String::new()),
            '\\' => simple('\\'),
            '\'' => simple('\''),
            '"' => simple('"'),
            'a' => simple('\x07'),
            'b' => simple('\x08'),
            'f' => simple('\x0c'),
            'n' => simple('\n'),
            'r' => simple('\r'),
            't' => simple('\t'),
            'v' => simple('\x0b'),
            '0'..='7' => {
                let digits: String = std::iter::once(kind).chain(rest.chars()).collect();
                let value = u32::from_str_radix(&digits, 8).unwrap_or(0);
                char::from_u32(value).map(String::from)
            }
            'x' | 'u' | 'U' => {
                let want = match kind {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                if rest.len() != want || !rest.chars().all(|c| c.is_ascii_hexdigit()) {
                    let shape = match kind {
                        'x' => "\\xXX",
                        'u' => "\\uXXXX",
                        _ => "\\UXXXXXXXX",
                    };
                    self.error(syntax_error(
                        format!("truncated `{shape}` escape"),
                        span,
                        format!("`\\{kind}` needs exactly {want} hex digits"),
                    ));
                    return None;
                }
                let value = u32::from_str_radix(&rest, 16).unwrap_or(0);
                match char::from_u32(value) {
                    Some(c) => Some(c.to_string()),
                    None if (0xD800..=0xDFFF).contains(&value) => {
                        self.unsupported(span, "a surrogate code point in a string", "surrogate");
                        None
                    }
                    None => {
                        self.error(syntax_error(
                            "illegal Unicode character",
                            span,
                            "beyond U+10FFFF",
                        ));
                        None
                    }
                }
            }
            'N' => {
                self.unsupported_with_help(
                    span,
                    "a `\\N{...}` escape",
                    "named character",
                    "write the character itself, or use `\\uXXXX`",
                );
                None
            }
            // Python keeps an unknown escape as it is, backslash included.
            other => Some(format!("\\{other}{rest}")),
        }
    }
}

fn push_literal(parts: &mut Vec<FStringPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(FStringPart::Literal(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(FStringPart::Literal(text.to_string()));
    }
}

/// `\r\n` and `\r` inside literals read as `\n`, as Python reads source files.
fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}
