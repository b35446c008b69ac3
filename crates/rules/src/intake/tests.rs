//! One test (at least) per check, named for the rule and the article it cites.

use gongwen_org::Directory;

use super::{Input, fixtures::request, run};
use crate::{
    Finding,
    document::*,
    rulebook::{Rulebook, builtin},
};

fn findings_in(rulebook: &str, doc: &Document, env: &Envelope, facts: &Facts) -> Vec<Finding> {
    let rb: Rulebook = builtin(rulebook).unwrap();
    let dir: Directory = gongwen_org::builtin(&rb.rulebook.directory).unwrap();
    let sender = dir.department(&env.submitting_unit).expect("sender in directory").clone();
    run(&Input { rulebook: &rb, directory: &dir, document: doc, envelope: env, sender: &sender, facts })
}

fn codes(rulebook: &str, doc: &Document, env: &Envelope) -> Vec<&'static str> {
    let facts = Facts { body_sha256: "h".into(), duplicate_of: None, ..Default::default() };
    findings_in(rulebook, doc, env, &facts).iter().map(|f| f.code).collect()
}

#[test]
fn a_well_formed_request_passes_every_rulebook() {
    let (doc, env) = request();
    for rb in ["zhangye", "ziyang", "yueqing", "urumqi", "jining"] {
        assert_eq!(codes(rb, &doc, &env), Vec::<&str>::new(), "{rb}");
    }
}

#[test]
fn a_request_with_two_numbered_asks_is_returned_citing_jining_56() {
    let (mut doc, env) = request();
    doc.request_matters.clear();
    doc.body =
        "一、关于增加审计专项经费的事项。拟增加经费120万元，请审批。\n二、关于增加编制的事项。拟增加编制5名，请批准。"
            .into();
    let facts = Facts { body_sha256: "h".into(), duplicate_of: None, ..Default::default() };
    let f = findings_in("jining", &doc, &env, &facts);
    let one = f.iter().find(|f| f.code == "ONE_MATTER_PER_REQUEST").expect("I-1 fires");
    assert!(one.articles.iter().any(|a| a == "jining 五十六"), "{:?}", one.articles);
    assert_eq!(one.check, "I-1");
}

#[test]
fn a_request_listing_two_matters_is_returned() {
    let (mut doc, env) = request();
    doc.request_matters.push("批准增加编制".into());
    assert!(codes("urumqi", &doc, &env).contains(&"ONE_MATTER_PER_REQUEST"));
}

#[test]
fn a_request_that_asks_nothing_is_returned() {
    let (mut doc, env) = request();
    doc.request_matters.clear();
    doc.body =
        "我局2026年审计工作计划已经局党组研究通过，全年计划安排审计项目42个，覆盖市直部门和重点民生资金。".into();
    assert!(codes("jining", &doc, &env).contains(&"ONE_MATTER_PER_REQUEST"));
}

#[test]
fn a_report_ending_in_a_request_for_instructions_is_returned_citing_urumqi_48() {
    let (mut doc, env) = request();
    doc.doc_type = DocType::Report;
    doc.request_matters.clear();
    doc.body = "现将我局2026年上半年审计工作情况报告如下：共完成审计项目21个，查出问题金额3.2亿元。下半年拟增加专项审计经费50万元。妥否，请批示。".into();
    let facts = Facts::default();
    let f = findings_in("urumqi", &doc, &env, &facts);
    let two = f.iter().find(|f| f.code == "NO_REQUEST_IN_REPORT").expect("I-2 fires");
    assert!(two.articles.contains(&"urumqi 四十八".to_string()));
    assert!(two.message_zh.contains("妥否，请批示"), "{}", two.message_zh);
}

#[test]
fn a_plain_report_passes() {
    let (mut doc, env) = request();
    doc.doc_type = DocType::Report;
    doc.title = "济宁市审计局关于2026年上半年审计工作情况的报告".into();
    doc.request_matters.clear();
    doc.body = "现将我局2026年上半年审计工作情况报告如下：共完成审计项目21个，查出问题金额3.2亿元，推动整改到位2.8亿元。特此报告。".into();
    assert_eq!(codes("jining", &doc, &env), Vec::<&str>::new());
}

fn to_leader(doc: &mut Document, env: &mut Envelope, reason: Option<DirectReason>, class: Classification) {
    env.addressee = Addressee::Leader;
    env.addressee_leader = "mayor".into();
    env.direct_reason = reason;
    doc.classification = class;
    if class != Classification::Unclassified {
        doc.copy_number = "000001".into();
    }
}

#[test]
fn direct_to_leader_without_reason_is_returned_everywhere() {
    for rb in ["zhangye", "ziyang", "yueqing", "urumqi", "jining"] {
        let (mut doc, mut env) = request();
        to_leader(&mut doc, &mut env, None, Classification::Unclassified);
        assert!(codes(rb, &doc, &env).contains(&"NO_DIRECT_TO_LEADER"), "{rb}");
    }
}

#[test]
fn top_secret_straight_to_the_mayor_is_accepted_in_urumqi_48_and_zhangye_48() {
    for rb in ["urumqi", "zhangye", "jining"] {
        let (mut doc, mut env) = request();
        to_leader(&mut doc, &mut env, Some(DirectReason::TopSecretMatter), Classification::TopSecret);
        assert!(!codes(rb, &doc, &env).contains(&"NO_DIRECT_TO_LEADER"), "{rb}");
    }
    let (mut doc, mut env) = request();
    to_leader(&mut doc, &mut env, Some(DirectReason::TopSecretMatter), Classification::TopSecret);
    assert!(codes("yueqing", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"), "the Regulation has no such exception");
}

#[test]
fn a_secret_but_not_top_secret_matter_goes_direct_in_jining_55_but_not_urumqi_48() {
    let (mut doc, mut env) = request();
    to_leader(&mut doc, &mut env, Some(DirectReason::ClassifiedMatter), Classification::Secret);
    assert!(!codes("jining", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
    assert!(codes("urumqi", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
    assert!(codes("zhangye", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
}

#[test]
fn a_top_secret_claim_on_an_unclassified_document_is_returned() {
    let (mut doc, mut env) = request();
    to_leader(&mut doc, &mut env, Some(DirectReason::TopSecretMatter), Classification::Unclassified);
    assert!(codes("urumqi", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
}

#[test]
fn emergencies_and_foreign_affairs_follow_each_rulebook() {
    let cases = [
        (DirectReason::UrgentMajorMatter, ["ziyang"].as_slice()),
        (DirectReason::MajorEmergency, &["ziyang", "jining"]),
        (DirectReason::SensitiveEmergency, &["ziyang"]),
        (DirectReason::ForeignAffairs, &["ziyang", "jining"]),
    ];
    for (reason, admitted) in cases {
        for rb in ["zhangye", "ziyang", "yueqing", "urumqi", "jining"] {
            let (mut doc, mut env) = request();
            to_leader(&mut doc, &mut env, Some(reason), Classification::Unclassified);
            let returned = codes(rb, &doc, &env).contains(&"NO_DIRECT_TO_LEADER");
            assert_eq!(returned, !admitted.contains(&rb), "{reason:?} in {rb}");
        }
    }
}

#[test]
fn a_leader_assigned_matter_needs_its_reference() {
    let (mut doc, mut env) = request();
    to_leader(&mut doc, &mut env, Some(DirectReason::LeaderAssigned), Classification::Unclassified);
    assert!(codes("yueqing", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
    env.direct_reason_note = "孔祥文市长2026年3月1日批示交办".into();
    assert!(!codes("yueqing", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
}

#[test]
fn two_main_recipients_are_returned_citing_ziyang_45() {
    let (mut doc, mut env) = request();
    doc.main_recipient = "市政府、市财政局".into();
    env.submitting_unit = "audit".into();
    doc.signed_off_by = "韦正".into();
    assert!(codes("ziyang", &doc, &env).contains(&"ONE_MAIN_RECIPIENT"));
}

#[test]
fn copying_a_subordinate_is_returned() {
    let (mut doc, env) = request();
    doc.cc = vec!["市审计局财政审计科".into()];
    assert!(codes("jining", &doc, &env).contains(&"ONE_MAIN_RECIPIENT"));
}

#[test]
fn a_township_writing_to_the_city_skips_a_level_unless_approved_and_copied_urumqi_48() {
    let (mut doc, mut env) = request();
    env.submitting_unit = "midong-town".into();
    doc.signed_off_by = "牧地镇长".into();
    assert!(codes("urumqi", &doc, &env).contains(&"NO_LEVEL_SKIPPING"));
    env.level_skip_approved = true;
    assert!(codes("urumqi", &doc, &env).contains(&"NO_LEVEL_SKIPPING"), "approved but the skipped body is not copied");
    doc.cc = vec!["米东区人民政府".into()];
    assert!(!codes("urumqi", &doc, &env).contains(&"NO_LEVEL_SKIPPING"), "urumqi 四十八: 未经批准不得越级行文");
}

#[test]
fn jining_55_allows_no_level_skipping_even_when_approved_and_copied() {
    let (mut doc, mut env) = request();
    env.submitting_unit = "qufu-town".into();
    doc.signed_off_by = "尼山镇长".into();
    env.level_skip_approved = true;
    doc.cc = vec!["曲阜市人民政府".into()];
    let facts = Facts { body_sha256: "h".into(), duplicate_of: None, ..Default::default() };
    let f = findings_in("jining", &doc, &env, &facts);
    let five = f.iter().find(|f| f.code == "NO_LEVEL_SKIPPING").expect("jining 五十五: 不得…越级行文");
    assert!(five.message_zh.contains("jining 五十五"), "{}", five.message_zh);
}

/// The department's principal head in the sample directory (jining 五十六: 主要负责人会签).
fn head(dept: &str) -> String {
    gongwen_org::builtin("jining").unwrap().department(dept).unwrap().principal_head.clone()
}

fn certificate(verdicts: &[(&str, Verdict)]) -> CountersignCertificate {
    CountersignCertificate {
        round_id: "r1".into(),
        content_sha256: "h".into(),
        verdicts: verdicts
            .iter()
            .map(|(d, v)| CountersignVerdict { department: (*d).into(), verdict: *v, signed_by: head(d) })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn touching_another_department_needs_its_countersignature_citing_urumqi_49() {
    let (doc, mut env) = request();
    env.concerned_departments = vec!["finance".into()];
    let facts = Facts { body_sha256: "h".into(), duplicate_of: None, ..Default::default() };
    let f = findings_in("urumqi", &doc, &env, &facts);
    let six = f.iter().find(|f| f.code == "COUNTERSIGNED").expect("I-6 fires");
    assert!(six.articles.contains(&"urumqi 四十九".to_string()));
    env.countersign = Some(certificate(&[("finance", Verdict::Agree)]));
    assert!(!codes("urumqi", &doc, &env).contains(&"COUNTERSIGNED"));
    env.countersign = None;
    env.joint_submitters = vec!["finance".into()];
    doc_signed_by_both(&doc, &env);
}

fn doc_signed_by_both(doc: &Document, env: &Envelope) {
    let mut doc = doc.clone();
    doc.signed_off_by = "韦正、钱卫东".into();
    assert_eq!(codes("urumqi", &doc, env), Vec::<&str>::new());
}

#[test]
fn silent_consent_counts_in_jining_59_but_not_in_zhangye() {
    let (doc, mut env) = request();
    env.concerned_departments = vec!["finance".into()];
    env.countersign = Some(certificate(&[("finance", Verdict::DeemedConsent)]));
    assert!(!codes("jining", &doc, &env).contains(&"COUNTERSIGNED"));
    assert!(codes("zhangye", &doc, &env).contains(&"COUNTERSIGNED"));
}

#[test]
fn a_certificate_for_another_text_is_returned() {
    let (doc, mut env) = request();
    env.concerned_departments = vec!["finance".into()];
    let mut cert = certificate(&[("finance", Verdict::Agree)]);
    cert.content_sha256 = "other".into();
    env.countersign = Some(cert);
    assert!(codes("jining", &doc, &env).contains(&"COUNTERSIGNED"));
}

#[test]
fn a_dispute_needs_positions_and_proposal_and_in_ziyang_46_the_coordination_record() {
    let (doc, mut env) = request();
    env.concerned_departments = vec!["finance".into()];
    let mut cert = certificate(&[("finance", Verdict::Disagree)]);
    env.countersign = Some(cert.clone());
    assert!(codes("jining", &doc, &env).contains(&"COUNTERSIGNED"));
    cert.positions = "审计局认为…；财政局认为…".into();
    cert.proposal = "建议按审计局意见办理".into();
    env.countersign = Some(cert.clone());
    assert!(!codes("jining", &doc, &env).contains(&"COUNTERSIGNED"));
    assert!(codes("ziyang", &doc, &env).contains(&"COUNTERSIGNED"));
    cert.coordination_record = "经两局主要负责人、联系副秘书长、分管副市长逐级协调".into();
    env.countersign = Some(cert);
    assert!(!codes("ziyang", &doc, &env).contains(&"COUNTERSIGNED"));
}

#[test]
fn a_request_not_signed_by_the_principal_head_is_returned_citing_urumqi_52() {
    let (mut doc, env) = request();
    doc.signed_off_by = "李副局长".into();
    assert!(codes("urumqi", &doc, &env).contains(&"SIGNED_BY_PRINCIPAL_HEAD"));
    doc.signed_off_by.clear();
    assert!(codes("yueqing", &doc, &env).contains(&"SIGNED_BY_PRINCIPAL_HEAD"));
}

#[test]
fn a_for_reading_copy_is_returned_in_jining_56_only_once() {
    let (mut doc, env) = request();
    doc.doc_type = DocType::ForReading;
    let c = codes("jining", &doc, &env);
    assert!(c.contains(&"FORMAL_FORM_ONLY"));
    assert!(!c.contains(&"LEGAL_TYPE_FOR_DIRECTION"));
    // Where the rulebook has no I-8, the national floor still refuses it as no legal type.
    assert!(codes("zhangye", &doc, &env).contains(&"LEGAL_TYPE_FOR_DIRECTION"));
}

#[test]
fn classified_documents_need_a_copy_number_and_a_legal_term() {
    let (mut doc, env) = request();
    doc.classification = Classification::Confidential;
    doc.classification_term = "一年".into();
    let c = codes("jining", &doc, &env);
    assert_eq!(c.iter().filter(|c| **c == "LEGAL_MARKS").count(), 2, "{c:?}");
    doc.classification_term = "1年".into();
    doc.copy_number = "000012".into();
    assert!(!codes("jining", &doc, &env).contains(&"LEGAL_MARKS"));
}

#[test]
fn an_association_may_not_write_to_the_government_in_jining_56() {
    let (mut doc, mut env) = request();
    env.submitting_unit = "construction-assoc".into();
    doc.signed_off_by = "闫会长".into();
    assert!(codes("jining", &doc, &env).contains(&"ELIGIBLE_SENDER"));
    assert!(!codes("urumqi", &doc, &env).contains(&"ELIGIBLE_SENDER"));
}

#[test]
fn a_matter_within_a_departments_remit_goes_to_it_citing_jining_55() {
    let (mut doc, mut env) = request();
    env.submitting_unit = "rencheng".into();
    doc.signed_off_by = "任县长".into();
    env.subject = "construction_permit".into();
    assert!(codes("jining", &doc, &env).contains(&"WITHIN_DEPARTMENT_REMIT"));
    env.subject = "housing".into();
    assert!(!codes("jining", &doc, &env).contains(&"WITHIN_DEPARTMENT_REMIT"));
}

#[test]
fn ziyang_47_forwards_a_matter_within_a_departments_remit_instead_of_returning_it() {
    let (mut doc, mut env) = request();
    env.submitting_unit = "yanjiang".into();
    doc.signed_off_by = gongwen_org::builtin("ziyang").unwrap().department("yanjiang").unwrap().principal_head.clone();
    env.subject = "construction_permit".into();
    let facts = Facts { body_sha256: "h".into(), duplicate_of: None, ..Default::default() };
    let f = findings_in("ziyang", &doc, &env, &facts);
    let eleven = f.iter().find(|f| f.code == "WITHIN_DEPARTMENT_REMIT").expect("I-11 still says whose remit it is");
    assert_eq!(eleven.severity, crate::Severity::Advisory, "registered for the office to forward");
    assert!(eleven.message_zh.contains("转交"), "{}", eleven.message_zh);
}

#[test]
fn a_notice_sent_up_is_the_wrong_type() {
    let (mut doc, env) = request();
    doc.doc_type = DocType::Notice;
    assert!(codes("yueqing", &doc, &env).contains(&"LEGAL_TYPE_FOR_DIRECTION"));
    doc.doc_type = DocType::Reply;
    assert!(codes("yueqing", &doc, &env).contains(&"LEGAL_TYPE_FOR_DIRECTION"));
}

#[test]
fn a_doc_number_with_square_brackets_leading_zeros_and_di_is_returned_per_gbt_9704() {
    let (mut doc, env) = request();
    for bad in ["济审发[2026]12号", "济审发〔2026〕012号", "济审发〔2026〕第12号", "济审发〔26〕12号"]
    {
        doc.doc_number = bad.into();
        assert!(codes("jining", &doc, &env).contains(&"FORMAT_ELEMENTS"), "{bad}");
    }
    for good in ["济政发〔2022〕4号", "资府发〔2017〕34号", "张政发〔2015〕3号"] {
        doc.doc_number = good.into();
        assert!(!codes("jining", &doc, &env).contains(&"FORMAT_ELEMENTS"), "{good}");
    }
}

#[test]
fn dates_must_be_arabic_full_and_unpadded() {
    let (mut doc, env) = request();
    for bad in ["二〇二六年三月五日", "2026年03月05日", "2026-03-05", "2026年2月30日"] {
        doc.date_of_writing = bad.into();
        assert!(codes("jining", &doc, &env).contains(&"FORMAT_ELEMENTS"), "{bad}");
    }
}

#[test]
fn declared_attachments_must_be_attached() {
    let (mut doc, env) = request();
    doc.attachment_notes = vec!["1.专项审计实施方案".into(), "2.经费测算表".into()];
    doc.attachments = vec![Attachment { name: "专项审计实施方案.pdf".into() }];
    let c = codes("jining", &doc, &env);
    assert!(c.contains(&"FORMAT_ELEMENTS"), "{c:?}");
    doc.attachments.push(Attachment { name: "经费测算表.xlsx".into() });
    assert!(!codes("jining", &doc, &env).contains(&"FORMAT_ELEMENTS"));
}

#[test]
fn a_briefing_over_2000_characters_is_returned_in_jining_63() {
    let (mut doc, env) = request();
    doc.doc_type = DocType::Briefing;
    doc.request_matters.clear();
    doc.body = "审计工作动态".repeat(400);
    assert!(codes("jining", &doc, &env).contains(&"BRIEFING_LENGTH"));
    assert!(!codes("urumqi", &doc, &env).contains(&"BRIEFING_LENGTH"));
    doc.body = "审计工作动态".repeat(300);
    assert!(!codes("jining", &doc, &env).contains(&"BRIEFING_LENGTH"));
}

#[test]
fn an_empty_document_is_returned_in_jining_63() {
    let (mut doc, env) = request();
    doc.doc_type = DocType::Report;
    doc.request_matters.clear();
    doc.body = "特此报告。".into();
    assert!(codes("jining", &doc, &env).contains(&"SUBSTANTIVE_CONTENT"));
}

#[test]
fn the_same_document_again_is_recognised() {
    let (doc, env) = request();
    let facts =
        Facts { body_sha256: "h".into(), duplicate_of: Some("收文〔2026〕3号".into()), ..Default::default() };
    let f = findings_in("ziyang", &doc, &env, &facts);
    let dup = f.iter().find(|f| f.code == "NO_DUPLICATE_SUBMISSION").expect("I-16 fires");
    assert!(dup.message_zh.contains("收文〔2026〕3号"));
}

#[test]
fn every_finding_is_reported_not_just_the_first() {
    let (mut doc, mut env) = request();
    doc.doc_number = "济审发[2026]012号".into();
    doc.main_recipient = "市政府、市财政局".into();
    doc.signed_off_by = "李副局长".into();
    env.addressee = Addressee::Leader;
    let c = codes("jining", &doc, &env);
    for code in ["FORMAT_ELEMENTS", "ONE_MAIN_RECIPIENT", "SIGNED_BY_PRINCIPAL_HEAD", "NO_DIRECT_TO_LEADER"] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
}

#[test]
fn every_enabled_check_cites_at_least_one_article() {
    for (name, _) in crate::rulebook::BUILTIN {
        let rb = builtin(name).unwrap();
        for check in super::CHECKS {
            let s = check.switch(&rb);
            assert!(!s.on || !s.articles.is_empty(), "{name}: {} is on without an article", check.code);
        }
    }
}

#[test]
fn a_certificate_the_countersign_service_does_not_recognise_counts_for_nothing() {
    let (doc, mut env) = request();
    env.concerned_departments = vec!["finance".into()];
    env.countersign = Some(certificate(&[("finance", Verdict::Agree)]));
    let facts = Facts {
        body_sha256: "h".into(),
        certificate_problem: Some("unknown countersign round".into()),
        ..Default::default()
    };
    let f = findings_in("jining", &doc, &env, &facts);
    let messages: Vec<&str> = f.iter().filter(|f| f.code == "COUNTERSIGNED").map(|f| f.message_en.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("unknown countersign round")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("not countersigned by: finance")), "{messages:?}");
}

#[test]
fn a_top_secret_document_sent_on_a_classified_ground_goes_direct_in_urumqi_48_and_zhangye_48() {
    // The fact is the document's mark, not the ground the envelope chose.
    let (mut doc, mut env) = request();
    to_leader(&mut doc, &mut env, Some(DirectReason::ClassifiedMatter), Classification::TopSecret);
    for rb in ["urumqi", "zhangye", "jining"] {
        assert!(!codes(rb, &doc, &env).contains(&"NO_DIRECT_TO_LEADER"), "{rb}");
    }
}

#[test]
fn a_top_secret_ground_on_a_secret_document_is_returned_in_urumqi_48_but_jining_55_admits_it_as_classified() {
    let (mut doc, mut env) = request();
    to_leader(&mut doc, &mut env, Some(DirectReason::TopSecretMatter), Classification::Secret);
    assert!(codes("urumqi", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
    assert!(!codes("jining", &doc, &env).contains(&"NO_DIRECT_TO_LEADER"));
}

#[test]
fn a_countersignature_not_by_the_principal_head_is_returned_citing_jining_56() {
    let (doc, mut env) = request();
    env.concerned_departments = vec!["finance".into()];
    let mut cert = certificate(&[("finance", Verdict::Agree)]);
    cert.verdicts[0].signed_by = "负责人".into();
    env.countersign = Some(cert.clone());
    let facts = Facts { body_sha256: "h".into(), duplicate_of: None, ..Default::default() };
    let f = findings_in("jining", &doc, &env, &facts);
    let six = f.iter().find(|f| f.code == "COUNTERSIGNED").expect("a bare 负责人 is not jining's 主要负责人");
    assert!(six.message_zh.contains("钱卫东"), "{}", six.message_zh);
    // Urumqi 四十九 asks for 相关部门负责人: any head.
    assert!(!codes("urumqi", &doc, &env).contains(&"COUNTERSIGNED"));
    cert.verdicts[0].signed_by = "钱卫东".into();
    env.countersign = Some(cert);
    assert!(!codes("jining", &doc, &env).contains(&"COUNTERSIGNED"));
}

#[test]
fn the_title_names_the_documents_type_regulation_8() {
    let (mut doc, env) = request();
    doc.title = "济宁市审计局关于开展政府投资项目专项审计的请示（代拟稿）".into();
    assert!(!codes("jining", &doc, &env).contains(&"LEGAL_TYPE_FOR_DIRECTION"));
    for title in
        ["济宁市审计局关于开展专项审计的报告", "济宁市审计局关于开展专项审计的请示报告", "济宁市审计局关于开展专项审计"]
    {
        doc.title = title.into();
        assert!(codes("jining", &doc, &env).contains(&"LEGAL_TYPE_FOR_DIRECTION"), "{title}");
    }
}

#[test]
fn ziyang_46_a_lapse_with_its_coordination_counts_where_zhangye_has_no_such_rule() {
    let (doc, mut env) = request();
    env.concerned_departments = vec!["finance".into()];
    let mut cert = certificate(&[("finance", Verdict::Lapsed)]);
    env.countersign = Some(cert.clone());
    assert!(codes("ziyang", &doc, &env).contains(&"COUNTERSIGNED"), "a lapse without the coordination recorded");
    cert.coordination_record = "经主办单位主要负责人、联系副秘书长逐级协调，财政局逾期未复".into();
    env.countersign = Some(cert);
    assert!(!codes("ziyang", &doc, &env).contains(&"COUNTERSIGNED"));
    assert!(codes("zhangye", &doc, &env).contains(&"COUNTERSIGNED"));
}
