//! Precision and recall of I-1 (一文一事) and I-2 (报告不得夹带请示事项) on a
//! labelled corpus of realistic bodies (tests/fixtures/asks_corpus.jsonl).
//! Precision matters more than recall: a false return is worse than a miss.
//! Run with `--nocapture` to see the table.

use gongwen_rules::{
    document::{DocType, Facts},
    intake,
};
use serde_json::Value;

#[derive(Default, Debug)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
}

impl Counts {
    fn precision(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1))
    }
}

fn flagged(doc_type: DocType, body: &str) -> bool {
    let rb = gongwen_rules::builtin("jining").unwrap();
    let dir = gongwen_org::builtin("jining").unwrap();
    // The sample request, with only the type and the text under test.
    let (mut doc, env) = intake::fixtures::request();
    doc.doc_type = doc_type;
    doc.body = body.into();
    doc.request_matters.clear();
    let sender = dir.department("audit").unwrap();
    let facts = Facts::default();
    let findings = intake::run(&intake::Input {
        rulebook: &rb,
        directory: &dir,
        document: &doc,
        envelope: &env,
        sender,
        facts: &facts,
    });
    let code = if doc_type == DocType::Request { "ONE_MATTER_PER_REQUEST" } else { "NO_REQUEST_IN_REPORT" };
    findings.iter().any(|f| f.code == code)
}

#[test]
fn i1_and_i2_precision_and_recall_on_the_labelled_corpus() {
    let text = include_str!("../../fixtures/asks_corpus.jsonl");
    let mut per_rule = [("I-1 一文一事", Counts::default()), ("I-2 报告不得夹带请示事项", Counts::default())];
    let mut false_returns = Vec::new();
    let mut rows = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let row: Value = serde_json::from_str(line).unwrap();
        let (doc_type, idx) = match row["doc_type"].as_str().unwrap() {
            "REQUEST" => (DocType::Request, 0),
            "REPORT" => (DocType::Report, 1),
            other => panic!("unknown doc_type {other}"),
        };
        let violation = row["label"] == "violation";
        let got = flagged(doc_type, row["body"].as_str().unwrap());
        let c = &mut per_rule[idx].1;
        match (violation, got) {
            (true, true) => c.tp += 1,
            (false, true) => {
                c.fp += 1;
                false_returns.push(row["id"].clone());
            }
            (true, false) => c.fn_ += 1,
            (false, false) => c.tn += 1,
        }
        rows += 1;
    }
    assert!(rows >= 60, "the corpus has at least 60 bodies");
    let mut all = Counts::default();
    println!("\nlabelled corpus: {rows} bodies");
    for (name, c) in &per_rule {
        println!(
            "{name}: tp={} fp={} fn={} tn={} precision={:.3} recall={:.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.precision(),
            c.recall()
        );
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
        all.tn += c.tn;
    }
    println!("overall: precision={:.3} recall={:.3}", all.precision(), all.recall());
    assert!(false_returns.is_empty(), "false returns (clean bodies flagged): {false_returns:?}");
    assert!(all.recall() >= 0.85, "recall fell to {:.3}", all.recall());
}
