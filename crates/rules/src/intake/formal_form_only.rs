//! I-8 以正式公文形式报送，不得以“参阅件”“呈阅件”“请阅件”等非规范形式报送 (jining 五十六).

use super::{Input, Reporter};

const FORMS: [&str; 3] = ["参阅件", "呈阅件", "请阅件"];

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    let form = if doc.doc_type.is_non_formal_form() {
        Some(doc.doc_type.label_zh())
    } else {
        FORMS.into_iter().find(|f| doc.title.contains(f))
    };
    if let Some(form) = form {
        r.report(
            "document.doc_type",
            format!("须以正式公文形式报送，不得以“{form}”等非规范形式报送"),
            format!("must be a formal document, not a non-formal \"{form}\""),
        );
    }
}
