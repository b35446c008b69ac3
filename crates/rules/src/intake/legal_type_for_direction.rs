//! I-12 文种合法且与行文方向相符: to the government, 请示、报告、意见 (a body
//! outside the line writes 函; a 简报 is an information product)
//! (Regulation 第八条, 第十五条; GB/T 9704-2012).

use super::{Input, Reporter, is_upward};
use crate::document::DocType;

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let t = input.document.doc_type;
    // Non-formal forms are I-8's where the rulebook has it: one reason, cited once.
    if t.is_non_formal_form() && input.rulebook.intake.checks.formal_form_only.on {
        return;
    }
    let allowed = match t {
        DocType::Request | DocType::Report | DocType::Opinion | DocType::Briefing => true,
        DocType::Letter => !is_upward(input),
        _ => false,
    };
    if allowed {
        return;
    }
    let (zh, en) = if !t.is_legal_type() {
        (
            format!("“{}”不是法定公文文种", t.label_zh()),
            format!("\"{}\" is not one of the legal document types", t.label_zh()),
        )
    } else {
        (
            format!("向市政府报送公文应使用请示、报告或意见，不得使用“{}”", t.label_zh()),
            format!("a document to the government is a request, report or opinion, not a \"{}\"", t.label_zh()),
        )
    };
    r.report("document.doc_type", zh, en);
}
