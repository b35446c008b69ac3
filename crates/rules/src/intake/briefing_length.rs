//! I-14 每期简报控制在2000字以内 (jining 六十三).

use super::{Input, Reporter};
use crate::{document::DocType, text::han_chars};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    if doc.doc_type != DocType::Briefing {
        return;
    }
    let max = input.rulebook.intake.params.briefing_max_chars.value as usize;
    let len = han_chars(&doc.body);
    if len > max {
        r.report(
            "document.body",
            format!("每期简报应控制在{max}字以内，本期{len}字"),
            format!("a briefing is at most {max} characters; this one has {len}"),
        );
    }
}
