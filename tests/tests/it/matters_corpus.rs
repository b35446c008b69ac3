//! The text reading (I-1 一文一事, I-2 报告不得夹带请示事项) measured on the
//! labelled corpus in tests/fixtures/matters/: `dev*.jsonl` were read while
//! the reading was built (dev-b … dev-g each began as a held-out set written by
//! someone who never saw the reading, measured once, then read);
//! `heldout.jsonl` was written the same way and is only measured. Precision counts
//! returns only (an advisory registers the document); recall counts returns
//! and advisories. `gongwen rules eval FILE --explain` shows every
//! disagreement. Run with `--nocapture` to see the tables.

use gongwen_rules::eval::{self, Counts, Report};

fn measure(file: &str) -> Report {
    let text = std::fs::read_to_string(format!("{}/fixtures/matters/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let rows = eval::parse(&text).unwrap();
    assert!(rows.len() >= 70, "{file}: {} rows", rows.len());
    let rb = gongwen_rules::builtin("jining").unwrap();
    let dir = gongwen_org::builtin("jining").unwrap();
    let report = eval::evaluate(&rows, &rb, &dir, "audit");
    for (rule, c) in [("I-1", &report.one_matter), ("I-2", &report.no_request_in_report)] {
        println!(
            "{file} {rule}: n={} precision={:.3} recall={:.3} (returned only {:.3})",
            c.total(),
            c.precision(),
            c.recall(),
            c.recall_returned()
        );
    }
    for d in &report.disagreements {
        println!("  {} {} labelled {}: {:?} {}", d.id, d.rule, d.labelled, d.outcome, d.message);
    }
    report
}

fn at_least(file: &str, rule: &str, c: &Counts, precision: f64, recall: f64) {
    assert!(c.total() >= 50, "{file} {rule}: only {} documents", c.total());
    assert!(c.precision() >= precision, "{file} {rule}: precision {:.3} < {precision}", c.precision());
    assert!(c.recall() >= recall, "{file} {rule}: recall {:.3} < {recall}", c.recall());
}

/// The targets are precision 0.98 and recall 0.90 for both rules. Measured when this set landed:
/// I-1 precision 1.000, recall 0.812 (0.469 returned, the rest advisories); I-2 1.000 / 1.000.
/// Then (the reading tuned on the development sets only): I-1 1.000 / 0.844 (0.562 returned);
/// now, with a closing over a body that only tells what was done read as asking about nothing
/// (from dev-j): I-1 1.000 / 0.875.
/// I-1's recall is below its target: the floor here guards what is reached, it is not the target.
#[test]
fn the_held_out_half_keeps_its_precision_and_does_not_regress() {
    let r = measure("heldout.jsonl");
    at_least("heldout", "I-1", &r.one_matter, 0.98, 0.87);
    at_least("heldout", "I-2", &r.no_request_in_report, 0.98, 0.90);
}

#[test]
fn the_development_half_does_not_regress() {
    for file in [
        "dev.jsonl",
        "dev-b.jsonl",
        "dev-c.jsonl",
        "dev-d.jsonl",
        "dev-e.jsonl",
        "dev-f.jsonl",
        "dev-g.jsonl",
        "dev-h.jsonl",
    ] {
        let r = measure(file);
        // I-1 precision 1.000 on all eight, recall 1.000, 1.000, 0.969, 0.969, 0.912, 0.941, 0.912,
        // 0.925; I-2 precision 1.000 on all eight, recall 1.000 but dev-f's 0.969. Measured once
        // before they were read: dev-e I-1 0.913 / 0.824, I-2 0.853 / 1.000; dev-f I-1 0.957 / 0.853,
        // I-2 0.861 / 0.969; dev-g I-1 0.950 / 0.853, I-2 0.838 / 1.000 (others' applications, the
        // writer's plans and 申请 as a noun read as asks); dev-h I-1 0.600 / 0.825, I-2 0.871 / 1.000
        // (a single undertaking's parts of different kinds returned as matters; statistics and
        // superiors' funds read as asks). A false return on a development
        // document is a regression.
        at_least(file, "I-1", &r.one_matter, 1.0, 0.85);
        at_least(file, "I-2", &r.no_request_in_report, 1.0, 0.95);
    }
}

/// dev-i, the latest fresh set (140 bodies by helpers who never saw the code), measured once:
/// I-1 0.706 / 0.707 (0.293 returned), I-2 0.800 / 1.000; then read (what an earlier request
/// asked, counted applications; a new institution's own posts, land and funds under a title
/// creating it): then I-1 1.000 / 0.732, then 1.000 / 0.780; with the writer's own count
/// (以上两项，妥否，请批示) and asks read past bracketed asides (项目（估算投资…）纳入…):
/// 1.000 / 0.854; with requests whose body says it reports (现将有关情况汇报如下 … 特此请示) asking
/// nothing and 下发通知 as an act: 1.000 / 0.927; with an institution's funding form read as
/// staffing and 由市政府牵头，于…召开…推进会 as an event: 1.000 / 0.976; I-2 1.000 / 1.000. Its I-1 recall is
/// below the development sets' floor (hidden second matters it still misses), so it has its own.
#[test]
fn the_latest_fresh_set_does_not_regress() {
    let r = measure("dev-i.jsonl");
    at_least("dev-i", "I-1", &r.one_matter, 1.0, 0.97);
    at_least("dev-i", "I-2", &r.no_request_in_report, 1.0, 1.0);
}

/// dev-j (140 bodies by two helpers who never saw the code), measured once before it was read:
/// I-1 1.000 / 0.778 (0.556 returned), I-2 0.966 / 1.000. Then read: four requests that only
/// tell what was done (…现将有关情况请示如下 … 特此请示) passed; a closing over such a body
/// now asks about nothing (advisory), and an application carrying on the writer's announced plan
/// (我局将…，并按照…要求，申请将我市纳入…试点) is no ask: I-1 1.000 / 0.889, I-2 1.000 / 1.000;
/// with the readings dev-k taught, I-1 1.000 / 0.917; with 另，…一并请示 read as an added
/// matter, 1.000 / 0.944; with an item about things the title never names (六、市全民健身中心
/// 游泳馆…请安排改造资金 under a marathon), 1.000 / 0.972.
#[test]
fn the_newest_fresh_set_does_not_regress() {
    let r = measure("dev-j.jsonl");
    at_least("dev-j", "I-1", &r.one_matter, 1.0, 0.97);
    at_least("dev-j", "I-2", &r.no_request_in_report, 1.0, 1.0);
}

/// dev-k (140 bodies by two helpers who never saw the code), measured once before it was read:
/// I-1 0.960 / 0.917 (one false return: a project's land, funds and approval route announced as
/// 现就该项目有关事项请示如下), I-2 1.000 / 1.000. Then read: a reference back to a document the
/// paragraph just quoted (印发该实施方案), matters announced before the asks (现将…两个事项请示
/// 如下), one undertaking's announced items: I-1 1.000 / 0.972.
#[test]
fn the_set_written_this_session_does_not_regress() {
    let r = measure("dev-k.jsonl");
    at_least("dev-k", "I-1", &r.one_matter, 1.0, 0.97);
    at_least("dev-k", "I-2", &r.no_request_in_report, 1.0, 1.0);
}

/// dev-l (140 bodies by a helper who never saw the code, many shapes of a second matter), measured
/// once before it was read: I-1 1.000 / 0.960, I-2 1.000 / 0.950. Then read: posts for two
/// unrelated units (为A增加编制 / 为B增加编制), two sums in the title each named by what it pays
/// for, a report's 望市政府参照…做法，将…纳入… (the act past a clause): I-1 and I-2 1.000 / 1.000.
#[test]
fn the_set_with_many_shapes_of_a_second_matter_does_not_regress() {
    let r = measure("dev-l.jsonl");
    at_least("dev-l", "I-1", &r.one_matter, 1.0, 1.0);
    at_least("dev-l", "I-2", &r.no_request_in_report, 1.0, 1.0);
}

/// dev-m (120 short bodies by a helper who never saw the code, written at the end of the session
/// that read dev-l), measured once: I-1 1.000 / 0.571 (0.200 returned), I-2 1.000 / 1.000. Its
/// missed second matters were mostly proposals (拟…) under numbered headings that each name an act
/// (一、调整…组成人员 / 二、…实体化运行) closed by one 妥否，请批示. Then read: headings that open
/// with an act (0.600); jieba's own tags overridden by the dictionary's (拟以…名义印发 proposes:
/// 0.657); headings acting past their way or object, naming a change to a named thing, or opening
/// with the proposal, a quoted document as what is proposed, an umbrella title's undertaking and
/// an item asking about another thing (0.914); posts for a unit referred to as 该中心 (0.943).
#[test]
fn the_set_of_short_bodies_does_not_regress() {
    let r = measure("dev-m.jsonl");
    at_least("dev-m", "I-1", &r.one_matter, 1.0, 0.97);
    at_least("dev-m", "I-2", &r.no_request_in_report, 1.0, 1.0);
}

/// dev-n (80 requests and 60 reports by two helpers who never saw the code, asked to vary the
/// shape of a second matter and to write hard negatives), measured once before it was read:
/// I-1 0.905 / 0.933 (0.422 returned), I-2 1.000 / 1.000. Its two false returns were one
/// project's further ask added by 另外/此外 and referring back (另外，请将该项目纳入市级重点项目):
/// now read as that project's (advisory at most): I-1 1.000 / 0.933; with money named by what it
/// pays for when joined to another ask (同时为…抽检追加经费, 并拨付资金更新…设备): 1.000 / 0.978; with
/// 请一并批准… read as an addition: 1.000 / 1.000.
#[test]
fn the_unread_set_keeps_what_it_measured() {
    let r = measure("dev-n.jsonl");
    at_least("dev-n", "I-1", &r.one_matter, 1.0, 1.0);
    at_least("dev-n", "I-2", &r.no_request_in_report, 1.0, 1.0);
}

/// dev-o (80 requests and 60 reports by two helpers who never saw the code, asked to imitate the
/// documents governments publish: one undertaking's many parts, suggestions to departments in
/// reports), measured once before it was read: I-1 0.632 / 0.900 (0.300 returned; seven false
/// returns, one project's funds, land, organisation and ceremony under 关于…项目建设有关事项),
/// I-2 0.917 / 0.767 (建议市住建局加强… read as an ask of the government). Then read: suggestions
/// to departments and the public asking nothing, a county government asked as a city one is
/// (希望县政府…), 提请县政府召开…, 需要市政府协调解决…: I-2 1.000 / 1.000. I-1: an umbrella over
/// one undertaking read as naming it, additions naming it or its bare noun, an added 协调… and a
/// title's part that serves the other not sure: 1.000 / 0.900; a later paragraph proposing
/// something unrelated under one closing: 1.000 / 0.925; after an ask, too: 1.000 / 0.950; place
/// names set aside (桐江 is no topic): 1.000 / 0.975.
#[test]
fn the_set_imitating_published_documents_does_not_regress() {
    let r = measure("dev-o.jsonl");
    at_least("dev-o", "I-1", &r.one_matter, 1.0, 0.97);
    at_least("dev-o", "I-2", &r.no_request_in_report, 1.0, 1.0);
}

/// dev-p (70 requests by a helper who never saw the code, asked for every structure and way of
/// asking real documents use), measured once before it was read: I-1 1.000 / 0.900 (0.500
/// returned; two clean requests of 30 advised). Then read: the only ask standing in an item
/// headed as a matter of its own (六、关于组建…公司, （五）出台…政策) under a title naming
/// another: 1.000 / 0.950; supports for a region's development naming nothing of their own (…在以下
/// 方面给予支持：一、…医院…二、…道路…) leave each item its own: 1.000 / 1.000. Requests only, so I-1 only.
#[test]
fn the_set_of_requests_in_every_structure_does_not_regress() {
    let r = measure("dev-p.jsonl");
    at_least("dev-p", "I-1", &r.one_matter, 1.0, 1.0);
}
