//! A finding: one reason a document is returned, with the article it comes from.

/// What a finding does to the document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Severity {
    /// The document is returned (退文).
    #[default]
    Return,
    /// The document is registered; the finding travels with it for the
    /// office's review (拟办), which may still return it.
    Advisory,
}

/// A stretch of the document a finding rests on, for a platform to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// `document.body` or `document.title`.
    pub field: &'static str,
    /// Unicode scalar offsets into that field as sent, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, e.g. `ONE_MATTER_PER_REQUEST`.
    pub code: &'static str,
    /// The digest's check number, e.g. `I-1`.
    pub check: &'static str,
    /// Articles of the active rulebook (and the Regulation) it enforces.
    pub articles: Vec<String>,
    pub message_zh: String,
    pub message_en: String,
    /// The field the finding is about, e.g. `document.body`.
    pub field: &'static str,
    pub severity: Severity,
    pub evidence: Vec<Evidence>,
    /// For I-1: the matters the reading found, one label each.
    pub matters: Vec<String>,
}

impl Finding {
    /// Does this finding return the document (rather than advise the office)?
    pub fn returns(&self) -> bool {
        self.severity == Severity::Return
    }
}
