//! Protobuf ⇄ domain. Input is validated here, field by field, so the rules
//! only ever see well-shaped documents; every violation is reported at once.

use gongwen_org::Directory;
use gongwen_proto::{common::v1 as pb, intake::v1 as ipb};
use gongwen_rules::{
    Finding, Severity,
    document::{
        Addressee, Attachment, Classification, CountersignCertificate, CountersignVerdict, DirectReason, DocType,
        Document, Envelope, Urgency, Verdict,
    },
    intake::parse_doc_number,
};

use crate::error::{Result, Violations};

/// Size limits on input (beyond the transport's message limit).
pub const MAX_BODY_CHARS: usize = 200_000;
pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_LIST_ITEMS: usize = 200;
pub const MAX_KEY_CHARS: usize = 128;

fn doc_type(v: i32, errs: &mut Violations) -> Option<DocType> {
    use pb::DocType as P;
    let t = match P::try_from(v) {
        Ok(P::Unspecified) => {
            errs.add("document.doc_type", "required");
            return None;
        }
        Err(_) => {
            errs.add("document.doc_type", format!("unknown value {v}"));
            return None;
        }
        Ok(t) => t,
    };
    Some(match t {
        P::Unspecified => unreachable!("handled above"),
        P::Resolution => DocType::Resolution,
        P::Decision => DocType::Decision,
        P::Order => DocType::Order,
        P::Communique => DocType::Communique,
        P::Announcement => DocType::Announcement,
        P::PublicNotice => DocType::PublicNotice,
        P::Opinion => DocType::Opinion,
        P::Notice => DocType::Notice,
        P::Bulletin => DocType::Bulletin,
        P::Report => DocType::Report,
        P::Request => DocType::Request,
        P::Reply => DocType::Reply,
        P::Motion => DocType::Motion,
        P::Letter => DocType::Letter,
        P::Minutes => DocType::Minutes,
        P::Briefing => DocType::Briefing,
        P::ForReference => DocType::ForReference,
        P::ForReading => DocType::ForReading,
        P::PleaseRead => DocType::PleaseRead,
    })
}

fn classification(v: i32, errs: &mut Violations) -> Classification {
    match pb::Classification::try_from(v) {
        Ok(pb::Classification::Unspecified | pb::Classification::Unclassified) => Classification::Unclassified,
        Ok(pb::Classification::Confidential) => Classification::Confidential,
        Ok(pb::Classification::Secret) => Classification::Secret,
        Ok(pb::Classification::TopSecret) => Classification::TopSecret,
        Err(_) => {
            errs.add("document.classification", format!("unknown value {v}"));
            Classification::Unclassified
        }
    }
}

fn urgency(v: i32, errs: &mut Violations) -> Urgency {
    match pb::Urgency::try_from(v) {
        Ok(pb::Urgency::Unspecified | pb::Urgency::Normal) => Urgency::Normal,
        Ok(pb::Urgency::Urgent) => Urgency::Urgent,
        Ok(pb::Urgency::ExtraUrgent) => Urgency::ExtraUrgent,
        Err(_) => {
            errs.add("document.urgency", format!("unknown value {v}"));
            Urgency::Normal
        }
    }
}

fn limit_list(field: &str, len: usize, errs: &mut Violations) {
    if len > MAX_LIST_ITEMS {
        errs.add(field, format!("at most {MAX_LIST_ITEMS} entries, got {len}"));
    }
}

pub fn document(d: Option<&pb::Document>, errs: &mut Violations) -> Option<Document> {
    let Some(d) = d else {
        errs.add("document", "required");
        return None;
    };
    let t = doc_type(d.doc_type, errs);
    if d.title.trim().is_empty() {
        errs.add("document.title", "required");
    } else if d.title.chars().count() > MAX_TITLE_CHARS {
        errs.add("document.title", format!("at most {MAX_TITLE_CHARS} characters"));
    }
    if d.body.trim().is_empty() {
        errs.add("document.body", "required");
    } else if d.body.chars().count() > MAX_BODY_CHARS {
        errs.add("document.body", format!("at most {MAX_BODY_CHARS} characters, got {}", d.body.chars().count()));
    }
    if !d.doc_number.trim().is_empty()
        && let Err(e) = parse_doc_number(&d.doc_number)
    {
        errs.add("document.doc_number", format!("malformed: {e}"));
    }
    limit_list("document.cc", d.cc.len(), errs);
    limit_list("document.request_matters", d.request_matters.len(), errs);
    limit_list("document.attachment_notes", d.attachment_notes.len(), errs);
    limit_list("document.attachments", d.attachments.len(), errs);
    for (i, a) in d.attachments.iter().enumerate() {
        if a.name.trim().is_empty() {
            errs.add(format!("document.attachments[{i}].name"), "required");
        }
        if !a.sha256.is_empty() && (a.sha256.len() != 64 || !a.sha256.bytes().all(|b| b.is_ascii_hexdigit())) {
            errs.add(format!("document.attachments[{i}].sha256"), "64 hexadecimal digits");
        }
        if a.size_bytes < 0 {
            errs.add(format!("document.attachments[{i}].size_bytes"), "must not be negative");
        }
    }
    let classification = classification(d.classification, errs);
    let urgency = urgency(d.urgency, errs);
    Some(Document {
        doc_type: t?,
        issuing_body: d.issuing_body.trim().to_owned(),
        doc_number: d.doc_number.trim().to_owned(),
        title: d.title.trim().to_owned(),
        main_recipient: d.main_recipient.trim().to_owned(),
        cc: d.cc.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
        body: d.body.clone(),
        request_matters: d.request_matters.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
        attachment_notes: d.attachment_notes.clone(),
        attachments: d.attachments.iter().map(|a| Attachment { name: a.name.clone() }).collect(),
        classification,
        classification_term: d.classification_term.trim().to_owned(),
        copy_number: d.copy_number.trim().to_owned(),
        urgency,
        signed_off_by: d.signed_off_by.trim().to_owned(),
        date_of_writing: d.date_of_writing.trim().to_owned(),
    })
}

fn direct_reason(v: i32, errs: &mut Violations) -> Option<DirectReason> {
    use ipb::DirectReason as P;
    match P::try_from(v) {
        Ok(P::Unspecified) => None,
        Ok(P::LeaderAssigned) => Some(DirectReason::LeaderAssigned),
        Ok(P::TopSecretMatter) => Some(DirectReason::TopSecretMatter),
        Ok(P::ClassifiedMatter) => Some(DirectReason::ClassifiedMatter),
        Ok(P::UrgentMajorMatter) => Some(DirectReason::UrgentMajorMatter),
        Ok(P::MajorEmergency) => Some(DirectReason::MajorEmergency),
        Ok(P::SensitiveEmergency) => Some(DirectReason::SensitiveEmergency),
        Ok(P::ForeignAffairs) => Some(DirectReason::ForeignAffairs),
        Err(_) => {
            errs.add("envelope.direct_reason", format!("unknown value {v}"));
            None
        }
    }
}

fn known_units(field: &str, ids: &[String], dir: &Directory, errs: &mut Violations) {
    limit_list(field, ids.len(), errs);
    for (i, id) in ids.iter().enumerate() {
        if dir.department(id).is_none() {
            errs.add(format!("{field}[{i}]"), format!("unknown unit {id:?}"));
        }
    }
}

/// A countersign verdict on the wire as the rules know it (none for VERDICT_UNSPECIFIED).
pub fn verdict(v: pb::Verdict) -> Option<Verdict> {
    match v {
        pb::Verdict::Agreed => Some(Verdict::Agree),
        pb::Verdict::AgreedWithComments => Some(Verdict::AgreeWithComments),
        pb::Verdict::Disagreed => Some(Verdict::Disagree),
        pb::Verdict::DeemedConsent => Some(Verdict::DeemedConsent),
        pb::Verdict::Lapsed => Some(Verdict::Lapsed),
        pb::Verdict::Unspecified => None,
    }
}

fn certificate(c: &ipb::CountersignCertificate, errs: &mut Violations) -> CountersignCertificate {
    limit_list("envelope.countersign.verdicts", c.verdicts.len(), errs);
    let verdicts = c
        .verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let verdict = match pb::Verdict::try_from(v.verdict) {
                Ok(wire) => match verdict(wire) {
                    Some(verdict) => verdict,
                    None => {
                        errs.add(format!("envelope.countersign.verdicts[{i}].verdict"), "required");
                        return None;
                    }
                },
                Err(_) => {
                    errs.add(
                        format!("envelope.countersign.verdicts[{i}].verdict"),
                        format!("unknown value {}", v.verdict),
                    );
                    return None;
                }
            };
            Some(CountersignVerdict { department: v.department.clone(), verdict, signed_by: v.signed_by.clone() })
        })
        .collect();
    CountersignCertificate {
        round_id: c.round_id.clone(),
        content_sha256: c.content_sha256.to_ascii_lowercase(),
        verdicts,
        disputed: c.disputed,
        positions: c.positions.clone(),
        proposal: c.proposal.clone(),
        coordination_record: c.coordination_record.clone(),
        digest: c.digest.clone(),
    }
}

pub fn envelope(e: Option<&ipb::Envelope>, dir: &Directory, errs: &mut Violations) -> Option<Envelope> {
    let Some(e) = e else {
        errs.add("envelope", "required");
        return None;
    };
    if e.submitting_unit.is_empty() {
        errs.add("envelope.submitting_unit", "required");
    } else if dir.department(&e.submitting_unit).is_none() {
        errs.add("envelope.submitting_unit", format!("unknown unit {:?}", e.submitting_unit));
    }
    let addressee = match ipb::AddresseeKind::try_from(e.addressee) {
        Ok(ipb::AddresseeKind::Government) => Some(Addressee::Government),
        Ok(ipb::AddresseeKind::GovernmentOffice) => Some(Addressee::GovernmentOffice),
        Ok(ipb::AddresseeKind::Leader) => {
            if dir.leader(&e.addressee_leader).is_none() {
                errs.add("envelope.addressee_leader", format!("unknown leader {:?}", e.addressee_leader));
            }
            Some(Addressee::Leader)
        }
        Ok(ipb::AddresseeKind::Unspecified) => {
            errs.add("envelope.addressee", "required");
            None
        }
        Err(_) => {
            errs.add("envelope.addressee", format!("unknown value {}", e.addressee));
            None
        }
    };
    known_units("envelope.concerned_departments", &e.concerned_departments, dir, errs);
    known_units("envelope.joint_submitters", &e.joint_submitters, dir, errs);
    let direct_reason = direct_reason(e.direct_reason, errs);
    let countersign = e.countersign.as_ref().map(|c| certificate(c, errs));
    Some(Envelope {
        submitting_unit: e.submitting_unit.clone(),
        addressee: addressee?,
        addressee_leader: e.addressee_leader.clone(),
        direct_reason,
        direct_reason_note: e.direct_reason_note.clone(),
        concerned_departments: e.concerned_departments.clone(),
        joint_submitters: e.joint_submitters.clone(),
        countersign,
        subject: e.subject.trim().to_owned(),
        level_skip_approved: e.level_skip_approved,
        major_matter: e.major_matter,
    })
}

/// Both halves of a submission, validated together so every violation is reported.
pub fn submission(
    d: Option<&pb::Document>,
    e: Option<&ipb::Envelope>,
    dir: &Directory,
) -> Result<(Document, Envelope)> {
    let mut errs = Violations::default();
    let doc = document(d, &mut errs);
    let env = envelope(e, dir, &mut errs);
    errs.finish()?;
    Ok((doc.expect("validated"), env.expect("validated")))
}

pub fn finding(f: &Finding) -> pb::Finding {
    pb::Finding {
        code: f.code.to_owned(),
        check: f.check.to_owned(),
        articles: f.articles.clone(),
        message_zh: f.message_zh.clone(),
        message_en: f.message_en.clone(),
        field: f.field.to_owned(),
        severity: match f.severity {
            Severity::Return => pb::Severity::Return,
            Severity::Advisory => pb::Severity::Advisory,
        } as i32,
        evidence: f
            .evidence
            .iter()
            .map(|e| pb::Evidence {
                field: e.field.to_owned(),
                start: i32::try_from(e.start).unwrap_or(i32::MAX),
                end: i32::try_from(e.end).unwrap_or(i32::MAX),
                text: e.text.clone(),
            })
            .collect(),
        matters: f.matters.clone(),
    }
}

/// Does this finding return the document? (Findings stored before
/// severities existed were all returns.)
pub fn returns(f: &pb::Finding) -> bool {
    f.severity() != pb::Severity::Advisory
}
