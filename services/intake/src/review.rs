//! The office's return of a registered document after its review (拟办):
//! what changes, decided without I/O. The Regulation 第二十四条 returns what
//! fails 初审 with its reasons; an advisory of the text reading (I-1, I-2)
//! leaves that judgement to the office.

use chrono::{DateTime, Utc};
use gongwen_proto::{common::v1 as pb, intake::v1 as ipb};

/// Why the office cannot return this submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Only a registered document can be returned after review.
    NotRegistered,
    /// An upheld code names no advisory finding of the submission.
    NotAdvised(String),
    /// The office gives its reason in its own words.
    NoReason,
}

/// Returns `s` on the office's word: the upheld advisories become returns,
/// the reason and instant are recorded, the receipt number stays (numbers
/// are never reused).
pub fn return_after_review(
    s: &mut ipb::Submission,
    upheld: &[String],
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(), Refused> {
    if s.state() != ipb::SubmissionState::Registered {
        return Err(Refused::NotRegistered);
    }
    if reason.trim().is_empty() {
        return Err(Refused::NoReason);
    }
    for code in upheld {
        if !s.findings.iter().any(|f| &f.code == code && f.severity() == pb::Severity::Advisory) {
            return Err(Refused::NotAdvised(code.clone()));
        }
    }
    for f in s.findings.iter_mut().filter(|f| upheld.contains(&f.code)) {
        f.set_severity(pb::Severity::Return);
    }
    s.set_state(ipb::SubmissionState::Returned);
    s.returned_by_office_reason = reason.trim().to_owned();
    s.return_time = Some(gongwen_proto::time::timestamp(at));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }

    fn registered_with_advisory() -> ipb::Submission {
        let mut s = ipb::Submission { receipt_number: "收文〔2026〕3号".into(), ..Default::default() };
        s.set_state(ipb::SubmissionState::Registered);
        let mut f = pb::Finding { code: "ONE_MATTER_PER_REQUEST".into(), ..Default::default() };
        f.set_severity(pb::Severity::Advisory);
        s.findings.push(f);
        s
    }

    #[test]
    fn an_upheld_advisory_returns_the_document_and_keeps_its_number() {
        let mut s = registered_with_advisory();
        return_after_review(&mut s, &["ONE_MATTER_PER_REQUEST".into()], "一文多事，请拆分后重报", at()).unwrap();
        assert_eq!(s.state(), ipb::SubmissionState::Returned);
        assert_eq!(s.findings[0].severity(), pb::Severity::Return);
        assert_eq!(s.receipt_number, "收文〔2026〕3号");
        assert_eq!(s.returned_by_office_reason, "一文多事，请拆分后重报");
    }

    #[test]
    fn refusals() {
        let mut s = registered_with_advisory();
        assert_eq!(return_after_review(&mut s, &[], " ", at()), Err(Refused::NoReason));
        assert_eq!(
            return_after_review(&mut s, &["COUNTERSIGNED".into()], "理由", at()),
            Err(Refused::NotAdvised("COUNTERSIGNED".into()))
        );
        s.set_state(ipb::SubmissionState::Returned);
        assert_eq!(return_after_review(&mut s, &[], "理由", at()), Err(Refused::NotRegistered));
    }
}
