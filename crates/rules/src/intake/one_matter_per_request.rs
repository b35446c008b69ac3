//! I-1 一文一事: a 请示 carries exactly one request matter, stated explicitly
//! (Regulation 第十五条(四); urumqi 四十八; jining 五十六: 请示事项应当明确).

use super::{Input, Reporter};
use crate::{document::DocType, text::find_asks};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    if doc.doc_type != DocType::Request {
        return;
    }
    if doc.request_matters.len() > 1 {
        r.report(
            "document.request_matters",
            format!("请示应当一文一事，本件列有{}项请示事项", doc.request_matters.len()),
            format!("a request must carry one matter; this one lists {} request matters", doc.request_matters.len()),
        );
        return;
    }
    let asks = find_asks(&doc.body);
    if asks.several_matters() {
        r.report(
            "document.body",
            format!("请示应当一文一事，正文提出了多项请示事项：{}", asks.substantive.join("；")),
            format!(
                "a request must carry one matter; the body asks for {} separate things",
                asks.substantive.len().max(asks.numbered_items_with_asks)
            ),
        );
    } else if doc.request_matters.is_empty() && !asks.any() {
        r.report(
            "document.body",
            "请示事项应当明确，正文未提出请示事项",
            "the request matter must be explicit; the body asks for nothing",
        );
    }
}
