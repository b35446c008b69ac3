//! The sixteen intake checks (shared/domain/RULES.md §1, I-1 … I-16).
//!
//! `run` applies every check the rulebook switches on and returns every
//! finding, never just the first: a return (退文) lists all its reasons.

use gongwen_org::{Department, Directory};

use crate::{
    Evidence, Finding, Severity,
    document::{Document, Envelope, Facts},
    reading::{Certainty, Span},
    rulebook::{CheckSwitch, Rulebook, UnsureReading},
};

mod briefing_length;
mod countersigned;
mod eligible_sender;
mod formal_form_only;
mod format_elements;
mod legal_marks;
mod legal_type_for_direction;
mod no_direct_to_leader;
mod no_duplicate_submission;
mod no_level_skipping;
mod no_request_in_report;
mod one_main_recipient;
mod one_matter_per_request;
mod signed_by_principal_head;
mod substantive_content;
mod within_department_remit;

pub use format_elements::{DocNumber, DocNumberError, parse_doc_number};

/// Everything a check may look at.
pub struct Input<'a> {
    pub rulebook: &'a Rulebook,
    pub directory: &'a Directory,
    pub document: &'a Document,
    pub envelope: &'a Envelope,
    /// The submitting unit, resolved in the directory by the caller.
    pub sender: &'a Department,
    pub facts: &'a Facts,
}

/// One check: its code, its number in the digest, and how to find it in the rulebook.
pub struct Check {
    pub code: &'static str,
    pub number: &'static str,
    switch: fn(&Rulebook) -> &CheckSwitch,
    run: fn(&Input<'_>, &mut Reporter<'_>),
}

impl Check {
    pub fn switch<'r>(&self, rb: &'r Rulebook) -> &'r CheckSwitch {
        (self.switch)(rb)
    }
}

/// I-16's code: the registrar decides duplicates under the numbering lock too.
pub const NO_DUPLICATE_SUBMISSION: &str = "NO_DUPLICATE_SUBMISSION";

macro_rules! check {
    ($code:expr, $number:literal, $module:ident) => {
        Check { code: $code, number: $number, switch: |rb| &rb.intake.checks.$module, run: $module::check }
    };
}

/// The checks in the digest's order.
pub const CHECKS: &[Check] = &[
    check!("ONE_MATTER_PER_REQUEST", "I-1", one_matter_per_request),
    check!("NO_REQUEST_IN_REPORT", "I-2", no_request_in_report),
    check!("NO_DIRECT_TO_LEADER", "I-3", no_direct_to_leader),
    check!("ONE_MAIN_RECIPIENT", "I-4", one_main_recipient),
    check!("NO_LEVEL_SKIPPING", "I-5", no_level_skipping),
    check!("COUNTERSIGNED", "I-6", countersigned),
    check!("SIGNED_BY_PRINCIPAL_HEAD", "I-7", signed_by_principal_head),
    check!("FORMAL_FORM_ONLY", "I-8", formal_form_only),
    check!("LEGAL_MARKS", "I-9", legal_marks),
    check!("ELIGIBLE_SENDER", "I-10", eligible_sender),
    check!("WITHIN_DEPARTMENT_REMIT", "I-11", within_department_remit),
    check!("LEGAL_TYPE_FOR_DIRECTION", "I-12", legal_type_for_direction),
    check!("FORMAT_ELEMENTS", "I-13", format_elements),
    check!("BRIEFING_LENGTH", "I-14", briefing_length),
    check!("SUBSTANTIVE_CONTENT", "I-15", substantive_content),
    check!(NO_DUPLICATE_SUBMISSION, "I-16", no_duplicate_submission),
];

/// Collects the findings of one check, stamping its code and articles.
pub struct Reporter<'a> {
    check: &'a Check,
    articles: &'a [String],
    out: &'a mut Vec<Finding>,
}

impl Reporter<'_> {
    pub fn report(&mut self, field: &'static str, message_zh: impl Into<String>, message_en: impl Into<String>) {
        self.push(Finding {
            code: self.check.code,
            check: self.check.number,
            articles: self.articles.to_vec(),
            message_zh: message_zh.into(),
            message_en: message_en.into(),
            field,
            severity: Severity::Return,
            evidence: Vec::new(),
            matters: Vec::new(),
        });
    }

    /// A finding of the text reading, returned or advisory by the
    /// rulebook's policy for its certainty (nothing, where the policy drops
    /// unsure readings), with the sentences it rests on.
    pub fn report_reading(&mut self, rulebook: &Rulebook, certainty: Certainty, reading: ReadingFinding) {
        let severity = match (certainty, rulebook.intake.params.reading_when_unsure.value) {
            (Certainty::Sure, _) | (Certainty::Unsure, UnsureReading::Return) => Severity::Return,
            (Certainty::Unsure, UnsureReading::Advisory) => Severity::Advisory,
            (Certainty::Unsure, UnsureReading::Ignore) => return,
        };
        self.push(Finding {
            code: self.check.code,
            check: self.check.number,
            articles: self.articles.to_vec(),
            message_zh: reading.message_zh,
            message_en: reading.message_en,
            field: reading.field,
            severity,
            evidence: reading
                .evidence
                .into_iter()
                .map(|s| Evidence { field: s.field.path(), start: s.start, end: s.end, text: s.text })
                .collect(),
            matters: reading.matters,
        });
    }

    /// A finding that registers the document and goes to the office's review.
    pub fn advise(&mut self, field: &'static str, message_zh: impl Into<String>, message_en: impl Into<String>) {
        self.report(field, message_zh, message_en);
        if let Some(last) = self.out.last_mut() {
            last.severity = Severity::Advisory;
        }
    }

    fn push(&mut self, finding: Finding) {
        self.out.push(finding);
    }
}

/// What a reading check found, before the rulebook decides its severity.
pub struct ReadingFinding {
    pub field: &'static str,
    pub message_zh: String,
    pub message_en: String,
    pub evidence: Vec<Span>,
    pub matters: Vec<String>,
}

/// Every finding of every check the rulebook switches on.
pub fn run(input: &Input<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for check in CHECKS {
        let switch = check.switch(input.rulebook);
        if !switch.on {
            continue;
        }
        let mut reporter = Reporter { check, articles: &switch.articles, out: &mut out };
        (check.run)(input, &mut reporter);
    }
    out
}

/// Documents sent to the government are upward documents (上行文) unless the
/// sender stands outside the line (a vertically managed body writes 函).
fn is_upward(input: &Input<'_>) -> bool {
    input.sender.kind != gongwen_org::UnitKind::External
}

pub mod fixtures;
#[cfg(test)]
mod tests;

/// The I-16 finding for a document already registered as `receipt`, as the
/// registrar needs it when it finds the duplicate under the numbering lock.
pub fn duplicate_finding(rulebook: &Rulebook, receipt: &str) -> Option<Finding> {
    let check = CHECKS.iter().find(|c| c.code == NO_DUPLICATE_SUBMISSION)?;
    let switch = check.switch(rulebook);
    if !switch.on {
        return None;
    }
    let mut out = Vec::new();
    let mut reporter = Reporter { check, articles: &switch.articles, out: &mut out };
    no_duplicate_submission::report(receipt, &mut reporter);
    out.pop()
}
