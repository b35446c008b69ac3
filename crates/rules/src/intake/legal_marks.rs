//! I-9 密级、保密期限、紧急程度 marked truthfully with legal values; a classified
//! document carries a six-digit 份号 (jining 五十六; Regulation 第九条;
//! GB/T 9704-2012 7.2.1–7.2.3).

use std::sync::LazyLock;

use regex::Regex;

use super::{Input, Reporter};
use crate::document::Classification;

static TERM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[1-9]\d?年|[1-9]\d?个月|长期)$").expect("term pattern"));
static COPY_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{6}$").expect("copy number pattern"));

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    let term = doc.classification_term.trim();
    if doc.classification == Classification::Unclassified {
        if !term.is_empty() {
            r.report(
                "document.classification_term",
                "未标注密级的公文不应标注保密期限",
                "a classification term is given but the document is not classified",
            );
        }
        return;
    }
    if !term.is_empty() && !TERM.is_match(term) {
        r.report(
            "document.classification_term",
            format!("保密期限“{term}”不规范，应为“N年”“N个月”或“长期”"),
            format!("classification term \"{term}\" must read N年, N个月 or 长期"),
        );
    }
    if !COPY_NUMBER.is_match(doc.copy_number.trim()) {
        r.report(
            "document.copy_number",
            "涉密公文应当标注六位阿拉伯数字份号",
            "a classified document must carry a six-digit copy number (份号)",
        );
    }
}
