//! Who may do what at intake — every rule in this one place. Pure; a
//! refusal names its rule and the service audits it.

use gongwen_auth::{Denied, Principal, Role};
use gongwen_proto::intake::v1 as ipb;

use crate::error::Code;

/// Only the office returns a registered document after its review.
pub const OFFICE_ONLY: &str = Code::OfficeOnly.spec().reason;

/// A department submits (and prechecks) only its own documents.
pub const OWN_UNIT: &str = Code::OwnUnit.spec().reason;
/// A submission is shown to its sender, the office, the leaders and services.
pub const ROLE_IN_CIRCULATION: &str = Code::RoleInCirculation.spec().reason;

pub fn submit(p: &Principal, submitting_unit: &str) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) if d == submitting_unit => Ok(()),
        Role::Department(d) => Err(Denied::new(OWN_UNIT, format!("{d} cannot submit for {submitting_unit}"))),
        _ => Err(Denied::new(OWN_UNIT, format!("{p} is not a department: only departments submit documents"))),
    }
}

fn sender(s: &ipb::Submission) -> &str {
    s.envelope.as_ref().map_or("", |e| e.submitting_unit.as_str())
}

/// Whether `p` has a part in this submission's circulation.
fn has_role(p: &Principal, s: &ipb::Submission) -> bool {
    match &p.role {
        Role::Department(d) => d == sender(s),
        Role::Office | Role::Leader(_) | Role::Service(_) => true,
    }
}

pub fn read(p: &Principal, s: &ipb::Submission) -> Result<(), Denied> {
    if has_role(p, s) {
        Ok(())
    } else {
        Err(Denied::new(ROLE_IN_CIRCULATION, format!("{p} did not send submission {}", s.id)))
    }
}

/// Returning a registered document after review (拟办): the office's act.
pub fn return_after_review(p: &Principal) -> Result<(), Denied> {
    match &p.role {
        Role::Office => Ok(()),
        _ => Err(Denied::new(OFFICE_ONLY, format!("{p} is not the office: only the office returns after review"))),
    }
}

/// Listing or watching: a department only its own submissions.
pub fn list(p: &Principal, submitting_unit: &str) -> Result<(), Denied> {
    match &p.role {
        Role::Department(d) if d == submitting_unit => Ok(()),
        Role::Department(d) => Err(Denied::new(
            ROLE_IN_CIRCULATION,
            format!("{d} sees only its own submissions: set submitting_unit to {d}"),
        )),
        Role::Office | Role::Leader(_) | Role::Service(_) => Ok(()),
    }
}

/// What `p` may see of `s`: everything, or — for a classified document
/// above `p`'s clearance or outside `p`'s part — the metadata only.
pub fn visible(p: &Principal, mut s: ipb::Submission) -> ipb::Submission {
    let level = s.document.as_ref().map_or(0, |d| d.classification);
    if has_role(p, &s) && p.clearance.permits(level) {
        return s;
    }
    if let Some(d) = s.document.as_mut() {
        d.body.clear();
        d.request_matters.clear();
        d.attachments.clear();
        d.attachment_notes.clear();
    }
    // Findings of the text reading quote the body.
    for f in s.findings.iter_mut().filter(|f| !f.evidence.is_empty()) {
        f.evidence.clear();
        f.matters.clear();
        f.message_zh = format!("{}（内容不予显示）", f.code);
        f.message_en = format!("{} (content withheld)", f.code);
    }
    s.content_withheld = true;
    s
}

#[cfg(test)]
mod tests {
    use gongwen_auth::Clearance;
    use gongwen_proto::common::v1::{Classification, Document};

    use super::*;

    fn who(s: &str, c: Clearance) -> Principal {
        Principal::new(s.parse().unwrap(), c)
    }

    fn submission(level: Classification) -> ipb::Submission {
        ipb::Submission {
            id: "s".into(),
            document: Some(Document { body: "正文".into(), classification: level as i32, ..Default::default() }),
            envelope: Some(ipb::Envelope { submitting_unit: "audit".into(), ..Default::default() }),
            ..Default::default()
        }
    }

    #[test]
    fn the_matrix() {
        let c = Clearance::Unclassified;
        assert!(submit(&who("department:audit", c), "audit").is_ok());
        for p in ["department:finance", "office", "leader:mayor", "service:approval"] {
            assert_eq!(submit(&who(p, c), "audit").unwrap_err().rule, OWN_UNIT, "{p}");
        }
        let s = submission(Classification::Unclassified);
        for p in ["department:audit", "office", "leader:mayor", "service:approval"] {
            assert!(read(&who(p, c), &s).is_ok(), "{p}");
        }
        assert_eq!(read(&who("department:finance", c), &s).unwrap_err().rule, ROLE_IN_CIRCULATION);
        assert!(list(&who("department:audit", c), "audit").is_ok());
        assert!(list(&who("department:audit", c), "").is_err());
        assert!(list(&who("office", c), "").is_ok());
    }

    #[test]
    fn classified_content_needs_clearance_and_a_role() {
        let s = submission(Classification::Secret);
        let shown = |p: &str, c| !visible(&who(p, c), s.clone()).content_withheld;
        assert!(shown("department:audit", Clearance::Secret));
        assert!(shown("office", Clearance::TopSecret));
        assert!(!shown("department:audit", Clearance::Confidential));
        assert!(!shown("department:finance", Clearance::TopSecret));
        let hidden = visible(&who("office", Clearance::Confidential), s.clone());
        assert!(hidden.content_withheld && hidden.document.unwrap().body.is_empty());
        assert!(!shown("department:audit", Clearance::Unclassified));
        assert!(
            !visible(&who("leader:mayor", Clearance::Unclassified), submission(Classification::Unclassified))
                .content_withheld
        );
    }
}
