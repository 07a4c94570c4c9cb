//! Diagnostics: one neutral model (`Diagnostic`) that every stage converts its errors into, the
//! table of error codes, and one renderer in rustc's format.

mod render;

pub use render::render;

use crate::source::Span;

/// Every error code Roast emits. The number is stable; the variant name says what it is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The source is not valid Python syntax.
    Syntax,
    /// Valid Python that Roast does not support (`async def`, `yield`, `global`, ...).
    Unsupported,
    /// A name that is defined nowhere in scope.
    UnknownName,
    /// A value's type is not the one the context needs.
    TypeMismatch,
    /// A call with the wrong number of arguments, or an unknown or repeated keyword.
    Arguments,
    /// A parameter or return type annotation is missing.
    MissingAnnotation,
    /// An attribute or method that the type does not have.
    UnknownAttribute,
    /// An import of a module Roast does not provide.
    UnsupportedImport,
    /// An operator applied to types it does not support.
    BadOperand,
    /// A Python reference whose sharing Rust ownership cannot express.
    Aliasing,
    /// An integer literal outside the 64-bit range.
    IntegerTooLarge,
    /// A type that cannot be inferred (an empty list never added to, ...).
    CannotInfer,
    /// A statement in a place where it is not allowed (`return` outside a function, ...).
    Misplaced,
    /// A name defined twice where Roast needs a single definition.
    Redefinition,
    /// A bug in Roast itself.
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "E0001",
            Code::Unsupported => "E0002",
            Code::UnknownName => "E0003",
            Code::TypeMismatch => "E0004",
            Code::Arguments => "E0005",
            Code::MissingAnnotation => "E0006",
            Code::UnknownAttribute => "E0007",
            Code::UnsupportedImport => "E0008",
            Code::BadOperand => "E0009",
            Code::Aliasing => "E0010",
            Code::IntegerTooLarge => "E0011",
            Code::CannotInfer => "E0012",
            Code::Misplaced => "E0013",
            Code::Redefinition => "E0014",
            Code::Internal => "E0999",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A labelled span; the primary label gets the `^^^` underline, secondary ones `---`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error whose primary label is `span` with `label` under it.
    pub fn error(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                message: label.into(),
                primary: true,
            }],
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: label.into(),
            primary: false,
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Where the diagnostic points first (for sorting).
    pub fn primary_span(&self) -> Span {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map_or(Span::default(), |l| l.span)
    }

    /// An internal compiler error: something that should have been caught earlier.
    pub fn internal(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::error(
            Code::Internal,
            format!("internal error: {}", message.into()),
            span,
            "",
        )
        .with_note("this is a Roast bug; please report it with the program that triggered it")
    }
}

/// Sorts diagnostics by position and drops exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by_key(|d| (d.primary_span(), d.code));
    diags.dedup();
}

/// The closest of `candidates` to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            let del = prev[j + 1] + 1;
            let ins = cur[j] + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev[b.len()]
}
