//! A well-formed request from the Jining audit bureau (市审计局, built-in
//! directory `jining`), for tests and examples to spoil one element at a time.

use crate::document::*;

pub fn request() -> (Document, Envelope) {
    let body = "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年开展全市政府投资项目专项审计，需配备专业技术人员并使用审计专项经费120万元。恳请市政府批准开展该专项审计。妥否，请批示。";
    (
        Document {
            doc_type: DocType::Request,
            issuing_body: "济宁市审计局".into(),
            doc_number: "济审发〔2026〕12号".into(),
            title: "济宁市审计局关于开展政府投资项目专项审计的请示".into(),
            main_recipient: "市政府".into(),
            cc: vec![],
            body: body.into(),
            request_matters: vec!["批准开展政府投资项目专项审计".into()],
            attachment_notes: vec![],
            attachments: vec![],
            classification: Classification::Unclassified,
            classification_term: String::new(),
            copy_number: String::new(),
            urgency: Urgency::Normal,
            signed_off_by: "韦正".into(),
            date_of_writing: "2026年3月5日".into(),
        },
        Envelope {
            submitting_unit: "audit".into(),
            addressee: Addressee::Government,
            addressee_leader: String::new(),
            direct_reason: None,
            direct_reason_note: String::new(),
            concerned_departments: vec![],
            joint_submitters: vec![],
            countersign: None,
            subject: String::new(),
            level_skip_approved: false,
            major_matter: false,
        },
    )
}

/// A request body of about 1,000 characters written as departments write: history, statistics,
/// a quoted title, numbered sub-points, one ask and a closing. What the reading's benchmark
/// reads and `gongwen bench` sends (numbered `n`, so each call is a new document).
pub fn long_request_body(n: u64) -> String {
    let paragraph = "近年来，我市城区学龄人口持续增长，东部片区小学学位缺口约1200个，2025年秋季学期起部分学校班额超过55人。\
        2024年，我局曾以《关于东部片区学校布局调整的请示》报请市政府，市政府同意开展前期论证。\
        经测算，新建36个班规模小学一所，用地约60亩，建筑面积2.4万平方米，总投资1.2亿元，由市级财政和专项债券共同解决。\n";
    let mut body = paragraph.repeat(6);
    body.push_str("一、建设内容。拟新建小学一所。\n二、资金来源。市级财政安排6000万元，申请专项债券6000万元。\n三、建设工期。计划2026年开工，2027年秋季投入使用。\n");
    body.push_str(&format!("恳请市政府批准该项目立项（第{}号）。妥否，请批示。", n + 1));
    body
}
