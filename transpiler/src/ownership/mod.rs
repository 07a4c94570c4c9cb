//! Ownership inference over MIR.

use crate::diagnostics::Diagnostic;

pub fn infer(_mir: &mut crate::mir::Program, _diags: &mut Vec<Diagnostic>) {}
