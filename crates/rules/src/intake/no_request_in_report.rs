//! I-2 报告不得夹带请示事项 (Regulation 第十五条(四); urumqi 四十八; jining 五十六).

use super::{Input, Reporter};
use crate::{document::DocType, text::find_asks};

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
    let asks = find_asks(&doc.body);
    if let Some(ask) = asks.substantive.first().or(asks.closings.first()) {
        r.report(
            "document.body",
            format!("报告不得夹带请示事项，正文含有请示性语句：“{ask}”"),
            format!("a report must not carry a request; the body asks: \"{ask}\""),
        );
    }
}
