//! I-2 报告不得夹带请示事项 (Regulation 第十五条(四); urumqi 四十八; jining 五十六).
//!
//! A live ask of the government in a report (特请求市政府…, 建议市政府安排…,
//! a closing 妥否，请批示) is a request inside it; what the report tells of
//! earlier requests (经报请市政府同意…) is not (`crate::reading`).

use super::{Input, ReadingFinding, Reporter};
use crate::{document::DocType, reading};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    if doc.doc_type != DocType::Report {
        return;
    }
    if !doc.request_matters.is_empty() {
        r.report(
            "document.request_matters",
            "报告不得夹带请示事项，本件列有请示事项",
            "a report must not carry a request; this one lists request matters",
        );
        return;
    }
    let reading = reading::read(&doc.title, &doc.body);
    if let Some((certainty, evidence)) = reading.report_asks() {
        let quoted: Vec<String> = evidence.iter().map(|s| format!("“{}”", s.text)).collect();
        r.report_reading(
            input.rulebook,
            certainty,
            ReadingFinding {
                field: "document.body",
                message_zh: format!("报告不得夹带请示事项，正文含有请示性语句：{}", quoted.join("；")),
                message_en: format!("a report must not carry a request; the body asks: {}", quoted.join("; ")),
                evidence,
                matters: Vec::new(),
            },
        );
    }
}
