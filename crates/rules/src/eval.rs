//! Measuring the text reading (I-1, I-2) on a labelled corpus: one JSON
//! object a line, `{"id", "doc_type": "REQUEST"|"REPORT", "title", "body",
//! "matters": [...]}`, where `matters` lists the request matters a clerk
//! finds (a request is right with exactly one; a report with none).
//!
//! Precision counts only returns (退文): an advisory registers the document.
//! Recall counts every finding, returned or advisory, and returns alone.

use gongwen_org::Directory;
use serde::Deserialize;

use crate::{
    Rulebook, Severity,
    document::{DocType, Facts},
    intake,
};

#[derive(Debug, Deserialize)]
pub struct Row {
    pub id: String,
    pub doc_type: String,
    #[serde(default)]
    pub title: String,
    pub body: String,
    pub matters: Vec<String>,
    #[serde(default)]
    pub kind: String,
}

/// What the checks did with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Returned,
    Advisory,
    Passed,
}

#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// Violations returned, advised, passed; clean documents returned, advised, passed.
    pub bad: [u32; 3],
    pub good: [u32; 3],
}

impl Counts {
    fn add(&mut self, violates: bool, outcome: Outcome) {
        let slot = match outcome {
            Outcome::Returned => 0,
            Outcome::Advisory => 1,
            Outcome::Passed => 2,
        };
        if violates { self.bad[slot] += 1 } else { self.good[slot] += 1 }
    }

    /// Of the documents returned, the share that violate the rule.
    pub fn precision(&self) -> f64 {
        ratio(self.bad[0], self.bad[0] + self.good[0])
    }

    /// Of the violations, the share found (returned or advised).
    pub fn recall(&self) -> f64 {
        ratio(self.bad[0] + self.bad[1], self.bad.iter().sum())
    }

    /// Of the violations, the share returned.
    pub fn recall_returned(&self) -> f64 {
        ratio(self.bad[0], self.bad.iter().sum())
    }

    pub fn total(&self) -> u32 {
        self.bad.iter().sum::<u32>() + self.good.iter().sum::<u32>()
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 { 1.0 } else { f64::from(a) / f64::from(b) }
}

/// One row where the checks and the label disagree (a return of a clean
/// document, an advisory on one, or a violation not returned).
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub id: String,
    pub rule: &'static str,
    pub labelled: usize,
    pub outcome: Outcome,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Report {
    /// I-1 (requests) and I-2 (reports).
    pub one_matter: Counts,
    pub no_request_in_report: Counts,
    pub disagreements: Vec<Disagreement>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("line {line}: {message}")]
    Row { line: usize, message: String },
}

pub fn parse(text: &str) -> Result<Vec<Row>, Error> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let row: Row = serde_json::from_str(l).map_err(|e| Error::Row { line: i + 1, message: e.to_string() })?;
            if !matches!(row.doc_type.as_str(), "REQUEST" | "REPORT") {
                return Err(Error::Row {
                    line: i + 1,
                    message: format!("doc_type {:?}: REQUEST or REPORT", row.doc_type),
                });
            }
            Ok(row)
        })
        .collect()
}

/// Runs every row through the intake checks of `rulebook` (the sample
/// request of `intake::fixtures`, with the row's type, title and body).
pub fn evaluate(rows: &[Row], rulebook: &Rulebook, directory: &Directory, sender: &str) -> Report {
    let mut report = Report::default();
    let Some(sender) = directory.department(sender) else { return report };
    for row in rows {
        let (mut doc, env) = intake::fixtures::request();
        let request = row.doc_type == "REQUEST";
        doc.doc_type = if request { DocType::Request } else { DocType::Report };
        if !row.title.is_empty() {
            doc.title = row.title.clone();
        }
        doc.body = row.body.clone();
        doc.request_matters.clear();
        let facts = Facts::default();
        let findings =
            intake::run(&intake::Input { rulebook, directory, document: &doc, envelope: &env, sender, facts: &facts });
        let (code, rule) = if request { ("ONE_MATTER_PER_REQUEST", "I-1") } else { ("NO_REQUEST_IN_REPORT", "I-2") };
        let finding = findings.iter().find(|f| f.code == code);
        let outcome = match finding.map(|f| f.severity) {
            Some(Severity::Return) => Outcome::Returned,
            Some(Severity::Advisory) => Outcome::Advisory,
            None => Outcome::Passed,
        };
        let violates = if request { row.matters.len() != 1 } else { !row.matters.is_empty() };
        let counts = if request { &mut report.one_matter } else { &mut report.no_request_in_report };
        counts.add(violates, outcome);
        let ideal = if violates { Outcome::Returned } else { Outcome::Passed };
        if outcome != ideal {
            report.disagreements.push(Disagreement {
                id: row.id.clone(),
                rule,
                labelled: row.matters.len(),
                outcome,
                message: finding.map_or(String::new(), |f| f.message_zh.clone()),
            });
        }
    }
    report
}
