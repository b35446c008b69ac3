//! I-13 公文格式要素 (Regulation 第九条; GB/T 9704-2012 7.2.4, 7.3):
//! 发文字号 as 机关代字〔年份〕序号 — hexagonal brackets, the full year, no
//! leading zeros, no 第; title, main recipient, issuing body; 成文日期 in
//! Arabic numerals with the full year and no padding; the attachments the
//! body declares are the attachments present.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::{Input, Reporter};

/// A 发文字号 read loosely enough to say what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    pub code: String,
    pub year: String,
    pub seq: String,
    pub hexagonal_brackets: bool,
    pub with_di: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("发文字号 {0:?} is not of the form 机关代字〔年份〕N号")]
pub struct DocNumberError(pub String);

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<code>[\p{Han}A-Za-z]+)(?P<open>[〔\[【（(［{])(?P<year>\d{2,4})(?P<close>[〕\]】）)］}])(?P<di>第)?(?P<seq>\d+)号$")
        .expect("doc number pattern")
});

/// Reads a 发文字号; an error means it is not recognisable as one at all.
pub fn parse_doc_number(text: &str) -> Result<DocNumber, DocNumberError> {
    let c = DOC_NUMBER.captures(text.trim()).ok_or_else(|| DocNumberError(text.to_owned()))?;
    Ok(DocNumber {
        code: c["code"].to_owned(),
        year: c["year"].to_owned(),
        seq: c["seq"].to_owned(),
        hexagonal_brackets: &c["open"] == "〔" && &c["close"] == "〕",
        with_di: c.name("di").is_some(),
    })
}

static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$").expect("date pattern"));

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let doc = input.document;
    check_doc_number(&doc.doc_number, r);
    for (field, value, zh, en) in [
        ("document.main_recipient", &doc.main_recipient, "主送机关", "main recipient"),
        ("document.issuing_body", &doc.issuing_body, "发文机关署名", "issuing body"),
    ] {
        if value.trim().is_empty() {
            r.report(field, format!("缺少{zh}"), format!("the {en} is missing"));
        }
    }
    check_date(&doc.date_of_writing, r);
    check_attachments(doc, r);
}

fn check_doc_number(text: &str, r: &mut Reporter<'_>) {
    if text.trim().is_empty() {
        r.report("document.doc_number", "缺少发文字号", "the 发文字号 is missing");
        return;
    }
    // Unrecognisable numbers are refused as bad input before the checks run.
    let Ok(n) = parse_doc_number(text) else { return };
    if !n.hexagonal_brackets {
        r.report(
            "document.doc_number",
            format!("发文字号“{text}”的年份应使用六角括号〔〕"),
            format!("the year in \"{text}\" must be in hexagonal brackets 〔〕"),
        );
    }
    if n.year.len() != 4 {
        r.report(
            "document.doc_number",
            format!("发文字号“{text}”的年份应标全称"),
            format!("the year in \"{text}\" must be written in full"),
        );
    }
    if n.seq.starts_with('0') {
        r.report(
            "document.doc_number",
            format!("发文字号“{text}”的序号不编虚位"),
            format!("the sequence number in \"{text}\" has leading zeros"),
        );
    }
    if n.with_di {
        r.report(
            "document.doc_number",
            format!("发文字号“{text}”的序号不加“第”字"),
            format!("the sequence number in \"{text}\" must not carry 第"),
        );
    }
}

fn check_date(text: &str, r: &mut Reporter<'_>) {
    let text = text.trim();
    if text.is_empty() {
        r.report("document.date_of_writing", "缺少成文日期", "the date of writing is missing");
        return;
    }
    let ok = DATE.captures(text).is_some_and(|c| {
        let (y, m, d) = (&c[1], &c[2], &c[3]);
        !m.starts_with('0')
            && !d.starts_with('0')
            && NaiveDate::from_ymd_opt(y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0)).is_some()
    });
    if !ok {
        r.report(
            "document.date_of_writing",
            format!("成文日期“{text}”应用阿拉伯数字将年、月、日标全，月、日不编虚位（如2026年3月5日）"),
            format!("the date of writing \"{text}\" must read like 2026年3月5日"),
        );
    }
}

/// 附件说明 "1.关于……的方案" names the file "关于……的方案(.pdf)".
fn attachment_key(name: &str) -> String {
    let name = name.trim().trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '．' | '、' | ' '));
    let stem = name.rsplit_once('.').filter(|(_, ext)| ext.len() <= 5 && ext.is_ascii()).map_or(name, |(s, _)| s);
    stem.trim_matches(|c: char| c.is_whitespace() || matches!(c, '《' | '》')).to_owned()
}

fn check_attachments(doc: &crate::document::Document, r: &mut Reporter<'_>) {
    let declared: Vec<String> = doc.attachment_notes.iter().map(|n| attachment_key(n)).collect();
    let present: Vec<String> = doc.attachments.iter().map(|a| attachment_key(&a.name)).collect();
    let missing: Vec<&str> = declared.iter().filter(|d| !present.contains(d)).map(String::as_str).collect();
    let undeclared: Vec<&str> = present.iter().filter(|p| !declared.contains(p)).map(String::as_str).collect();
    if !missing.is_empty() {
        r.report(
            "document.attachments",
            format!("附件说明所列附件未随文报送：{}", missing.join("、")),
            format!("declared attachments are not attached: {}", missing.join(", ")),
        );
    }
    if !undeclared.is_empty() {
        r.report(
            "document.attachment_notes",
            format!("随文附件未在附件说明中列明：{}", undeclared.join("、")),
            format!("attachments are not declared in the 附件说明: {}", undeclared.join(", ")),
        );
    }
}
