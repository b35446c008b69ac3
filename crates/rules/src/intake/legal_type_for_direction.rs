//! I-12 文种合法且与行文方向相符: to the government, 请示、报告、意见 (a body
//! outside the line writes 函; a 简报 is an information product)
//! (Regulation 第八条, 第十五条; GB/T 9704-2012). The title names the same
//! 文种 as the document (…的请示 for a request); a 请示报告 names none.

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
        title_names_the_type(input, r);
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

/// The legal types by the words a title ends with (命令 and 令 both name an order).
const TITLE_TYPES: &[(&str, DocType)] = &[
    ("决议", DocType::Resolution),
    ("决定", DocType::Decision),
    ("命令", DocType::Order),
    ("令", DocType::Order),
    ("公报", DocType::Communique),
    ("公告", DocType::Announcement),
    ("通告", DocType::PublicNotice),
    ("意见", DocType::Opinion),
    ("通知", DocType::Notice),
    ("通报", DocType::Bulletin),
    ("报告", DocType::Report),
    ("请示", DocType::Request),
    ("批复", DocType::Reply),
    ("议案", DocType::Motion),
    ("函", DocType::Letter),
    ("纪要", DocType::Minutes),
];

/// The title's last words name the 文种 (GB/T 9704-2012 7.3.3: 发文机关名称、事由和文种).
fn title_names_the_type(input: &Input<'_>, r: &mut Reporter<'_>) {
    let t = input.document.doc_type;
    if t == DocType::Briefing {
        return;
    }
    let title = strip_note(input.document.title.trim());
    if title.ends_with("请示报告") {
        r.report(
            "document.title",
            "“请示报告”不是法定文种：请示与报告应分别行文",
            "\"请示报告\" names no legal type: a request and a report are separate documents",
        );
        return;
    }
    match TITLE_TYPES.iter().find(|(w, _)| title.ends_with(w)) {
        Some((w, named)) if *named != t => r.report(
            "document.title",
            format!("标题文种“{w}”与公文文种“{}”不一致", t.label_zh()),
            format!("the title names a {w} but the document is a {}", t.label_zh()),
        ),
        Some(_) => {}
        None => r.report(
            "document.title",
            format!("标题应当以文种结尾（……的{}）", t.label_zh()),
            format!("the title must end with its type (…的{})", t.label_zh()),
        ),
    }
}

/// A title without its trailing note: …的请示（代拟稿） → …的请示.
fn strip_note(title: &str) -> &str {
    let mut t = title;
    while let Some(open) = t.strip_suffix(['）', ')']).and_then(|rest| rest.rfind(['（', '('])) {
        t = t[..open].trim_end();
    }
    t
}
