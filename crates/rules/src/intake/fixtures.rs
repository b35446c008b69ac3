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
