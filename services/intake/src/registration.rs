//! Registration as a pure step. Under the numbering lock the store reads
//! what it holds for a batch ([`Found`]); [`decide`] says for each submission
//! whether it replays an earlier outcome, is returned as a duplicate (I-16),
//! or is registered with the next receipt number, and the store writes that.

use std::collections::HashMap;

use gongwen_proto::intake::v1 as ipb;
use gongwen_rules::{Rulebook, intake::NO_DUPLICATE_SUBMISSION};
use prost::Message;

use crate::{
    convert,
    error::{Code, Error, Result},
};

/// A checked submission waiting to be stored.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub idempotency_key: String,
    pub request_sha256: String,
    pub receipt_year: i32,
    /// `state` is REGISTERED (numbers are filled in when stored) or RETURNED.
    pub submission: ipb::Submission,
    /// Who submitted it, for the audit log.
    pub actor: String,
    /// The submitting call's trace, stored with its event (see `SubmissionEvent.traceparent`).
    pub traceparent: String,
}

/// The outcome of one submission.
#[derive(Debug, Clone)]
pub enum Stored {
    New(ipb::Submission),
    /// The idempotency key was seen before: the first outcome.
    Replayed(ipb::Submission),
}

/// What the store holds for a batch, read under the numbering lock.
#[derive(Debug, Default)]
pub struct Found {
    /// Idempotency keys already used: key → (the request's digest, the stored submission).
    pub known: HashMap<String, (String, Vec<u8>)>,
    /// Registered documents with a content of the batch: content digest → receipt number.
    pub registered: HashMap<String, String>,
    /// The last receipt number issued in each year of the batch.
    pub last: HashMap<i32, i64>,
}

/// Each submission's outcome, in the batch's order, and the years' new last numbers.
#[derive(Debug)]
pub struct Decision {
    pub outcomes: Vec<Stored>,
    pub last: HashMap<i32, i64>,
}

/// Decides the batch. A key used before with another request is refused
/// (the whole batch: the registrar then stores its submissions one by one).
pub fn decide(batch: &[NewSubmission], rulebook: &Rulebook, found: Found) -> Result<Decision> {
    let Found { known, mut registered, mut last } = found;
    let mut first_in_batch: HashMap<&str, usize> = HashMap::new();
    let mut outcomes: Vec<Stored> = Vec::with_capacity(batch.len());
    for n in batch {
        let key = n.idempotency_key.as_str();
        if let Some((sha, payload)) = known.get(key) {
            if *sha != n.request_sha256 {
                return Err(key_reused(key));
            }
            outcomes.push(Stored::Replayed(ipb::Submission::decode(payload.as_slice())?));
            continue;
        }
        if let Some(&first) = first_in_batch.get(key) {
            if batch[first].request_sha256 != n.request_sha256 {
                return Err(key_reused(key));
            }
            let (Stored::New(prior) | Stored::Replayed(prior)) = &outcomes[first];
            outcomes.push(Stored::Replayed(prior.clone()));
            continue;
        }
        first_in_batch.insert(key, outcomes.len());
        let mut s = n.submission.clone();
        s.idempotency_key = n.idempotency_key.clone();
        // I-16, decided under the lock so two identical documents racing
        // cannot both be registered; a return lists it among its other reasons.
        if !s.findings.iter().any(|f| f.code == NO_DUPLICATE_SUBMISSION)
            && let Some(finding) = registered
                .get(&s.content_sha256)
                .and_then(|receipt| gongwen_rules::intake::duplicate_finding(rulebook, receipt))
        {
            s.set_state(ipb::SubmissionState::Returned);
            s.findings.push(convert::finding(&finding));
        }
        if s.state() == ipb::SubmissionState::Registered {
            let l = last.entry(n.receipt_year).or_insert(0);
            *l += 1;
            s.receipt_year = n.receipt_year;
            s.receipt_seq = *l;
            s.receipt_number = rulebook.receipt_number(n.receipt_year, *l);
            registered.insert(s.content_sha256.clone(), s.receipt_number.clone());
        }
        outcomes.push(Stored::New(s));
    }
    Ok(Decision { outcomes, last })
}

fn key_reused(key: &str) -> Error {
    Error::refused_on(Code::IdempotencyKeyReused, key, "the key was first used with a different document or envelope")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rulebook() -> Rulebook {
        gongwen_rules::builtin("jining").unwrap()
    }

    fn new(key: &str, content: &str, year: i32) -> NewSubmission {
        NewSubmission {
            idempotency_key: key.into(),
            request_sha256: format!("req-{key}-{content}"),
            receipt_year: year,
            submission: ipb::Submission {
                id: format!("id-{key}"),
                state: ipb::SubmissionState::Registered as i32,
                content_sha256: content.into(),
                ..Default::default()
            },
            actor: "department:audit".into(),
            traceparent: String::new(),
        }
    }

    fn new_one(d: &Decision, i: usize) -> &ipb::Submission {
        match &d.outcomes[i] {
            Stored::New(s) => s,
            Stored::Replayed(_) => panic!("outcome {i} is a replay"),
        }
    }

    #[test]
    fn receipts_continue_from_each_years_last_number_without_gaps() {
        let found = Found { last: HashMap::from([(2026, 41)]), ..Found::default() };
        let batch = [new("a", "x", 2026), new("b", "y", 2027), new("c", "z", 2026)];
        let d = decide(&batch, &rulebook(), found).unwrap();
        assert_eq!((new_one(&d, 0).receipt_year, new_one(&d, 0).receipt_seq), (2026, 42));
        assert_eq!((new_one(&d, 1).receipt_year, new_one(&d, 1).receipt_seq), (2027, 1));
        assert_eq!(new_one(&d, 2).receipt_seq, 43);
        assert_eq!(new_one(&d, 1).receipt_number, rulebook().receipt_number(2027, 1));
        assert_eq!(d.last, HashMap::from([(2026, 43), (2027, 1)]));
    }

    #[test]
    fn a_known_key_replays_its_first_outcome_and_another_request_under_it_is_refused() {
        let first =
            ipb::Submission { id: "first".into(), receipt_number: "收文〔2026〕1号".into(), ..Default::default() };
        let n = new("k", "x", 2026);
        let known = HashMap::from([("k".to_owned(), (n.request_sha256.clone(), first.encode_to_vec()))]);
        let d =
            decide(std::slice::from_ref(&n), &rulebook(), Found { known: known.clone(), ..Found::default() }).unwrap();
        assert!(matches!(&d.outcomes[0], Stored::Replayed(s) if *s == first));
        assert!(d.last.is_empty(), "a replay takes no number");

        let mut other = n;
        other.request_sha256 = "another request".into();
        let err = decide(&[other], &rulebook(), Found { known, ..Found::default() }).unwrap_err();
        assert!(matches!(err, Error::Refused { code: Code::IdempotencyKeyReused, .. }), "{err}");
    }

    #[test]
    fn the_same_key_twice_in_one_batch_is_one_submission() {
        let a = new("k", "x", 2026);
        let d = decide(&[a.clone(), a], &rulebook(), Found::default()).unwrap();
        assert!(matches!(&d.outcomes[1], Stored::Replayed(s) if s.id == new_one(&d, 0).id));
        assert_eq!(d.last[&2026], 1);
    }

    #[test]
    fn a_document_already_registered_is_returned_under_i16_citing_its_receipt() {
        let registered = HashMap::from([("x".to_owned(), "收文〔2026〕7号".to_owned())]);
        let batch = [new("a", "x", 2026), new("b", "y", 2026), new("c", "y", 2026)];
        let d = decide(&batch, &rulebook(), Found { registered, ..Found::default() }).unwrap();
        let dup = new_one(&d, 0);
        assert_eq!(dup.state(), ipb::SubmissionState::Returned);
        assert!(dup.receipt_number.is_empty());
        let f = dup.findings.iter().find(|f| f.code == NO_DUPLICATE_SUBMISSION).expect("the I-16 finding");
        assert!(f.message_zh.contains("收文〔2026〕7号"), "{}", f.message_zh);
        // The second of two identical documents in one batch is the duplicate of the first.
        assert_eq!(new_one(&d, 1).state(), ipb::SubmissionState::Registered);
        assert_eq!(new_one(&d, 2).state(), ipb::SubmissionState::Returned);
        assert_eq!(d.last[&2026], 1);
    }
}
