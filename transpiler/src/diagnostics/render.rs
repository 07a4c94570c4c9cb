//! Renders diagnostics in rustc's format: `error[E0004]: ...`, ` --> file:line:col`, the source
//! line with a caret under the span, secondary labels, notes and `help:`.

use super::{Diagnostic, Label, Severity};
use crate::source::SourceFile;
use std::fmt::Write;

/// Renders all diagnostics, separated by blank lines, followed by a summary line for errors.
pub fn render(file: &SourceFile, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        render_one(file, d, &mut out);
        out.push('\n');
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    match errors {
        0 => {}
        1 => out.push_str("error: could not compile due to 1 previous error\n"),
        n => {
            let _ = writeln!(out, "error: could not compile due to {n} previous errors");
        }
    }
    out
}

fn render_one(file: &SourceFile, d: &Diagnostic, out: &mut String) {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{sev}[{}]: {}", d.code.as_str(), d.message);
    let mut labels: Vec<&Label> = d.labels.iter().collect();
    labels.sort_by_key(|l| (!l.primary, l.span));
    let lines: Vec<usize> = {
        let mut v: Vec<usize> = labels
            .iter()
            .map(|l| file.line_col(l.span.start).0)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let width = lines.iter().max().map_or(1, |n| n.to_string().len());
    let pad = " ".repeat(width);
    if let Some(first) = labels.first() {
        let (line, col) = file.line_col(first.span.start);
        let _ = writeln!(out, "{pad}--> {}:{line}:{col}", file.name);
        let _ = writeln!(out, "{pad} |");
        let mut prev: Option<usize> = None;
        for &line in &lines {
            if let Some(p) = prev {
                if line > p + 1 {
                    let _ = writeln!(out, "{pad}...");
                }
            }
            prev = Some(line);
            let text = file.line_text(line);
            let shown = text.replace('\t', "    ");
            let _ = writeln!(out, "{line:>width$} | {shown}");
            for l in labels
                .iter()
                .filter(|l| file.line_col(l.span.start).0 == line)
            {
                let (_, col) = file.line_col(l.span.start);
                let (end_line, end_col) = file.line_col(l.span.end);
                let len = if end_line == line && end_col > col {
                    end_col - col
                } else if end_line == line {
                    1
                } else {
                    text.chars().count().saturating_sub(col - 1).max(1)
                };
                let prefix: String = text
                    .chars()
                    .take(col - 1)
                    .map(|c| if c == '\t' { "    " } else { " " })
                    .collect();
                let mark = if l.primary { "^" } else { "-" };
                let msg = if l.message.is_empty() {
                    String::new()
                } else {
                    format!(" {}", l.message)
                };
                let _ = writeln!(out, "{pad} | {prefix}{}{msg}", mark.repeat(len));
            }
        }
        if !d.notes.is_empty() || d.help.is_some() {
            let _ = writeln!(out, "{pad} |");
        }
    }
    for n in &d.notes {
        let _ = writeln!(out, "{pad} = note: {n}");
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "{pad} = help: {h}");
    }
}
