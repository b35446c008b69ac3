//! A finding: one reason a document is returned, with the article it comes from.

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
}
