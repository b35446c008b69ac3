//! The text reading (I-1 一文一事, I-2 报告不得夹带请示事项) measured on the
//! labelled corpus in tests/fixtures/matters/: `dev*.jsonl` were read while
//! the reading was built (dev-b … dev-p each began as a held-out set written by
//! someone who never saw the reading, measured once, then read);
//! `heldout.jsonl` was written the same way and is only measured. Precision counts
//! returns only (an advisory registers the document); recall counts returns
//! and advisories. `gongwen rules eval FILE --explain` shows every
//! disagreement. Run with `--nocapture` to see the tables.

use gongwen_rules::eval::{self, Counts, Report};

fn measure(file: &str) -> Report {
    let text = std::fs::read_to_string(format!("{}/fixtures/matters/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let rows = eval::parse(&text).unwrap();
    // (Fewer than 40 bodies measure too little to hold a floor.)
    assert!(rows.len() >= 40, "{file}: {} rows", rows.len());
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
    // (A mixed set of 40 holds 20 of each kind.)
    assert!(c.total() >= 20, "{file} {rule}: only {} documents", c.total());
    assert!(c.precision() >= precision, "{file} {rule}: precision {:.3} < {precision}", c.precision());
    assert!(c.recall() >= recall, "{file} {rule}: recall {:.3} < {recall}", c.recall());
}

/// The targets are precision 0.98 and recall 0.90 for both rules. Measured when this set landed:
/// I-1 precision 1.000, recall 0.812 (0.469 returned, the rest advisories); I-2 1.000 / 1.000.
/// Then (the reading tuned on the development sets only): I-1 1.000 / 0.844 (0.562 returned);
/// now, with a closing over a body that only tells what was done read as asking about nothing
/// (from dev-j): I-1 1.000 / 0.875; then, with proposals that name their agent, source or manner
/// first (拟由…分担, 拟以市政府名义申报…) reaching their verb (from dev-r and dev-m, the held-out set
/// unread): 1.000 / 0.906 — the targets, by one document.
#[test]
fn the_held_out_half_keeps_its_precision_and_does_not_regress() {
    let r = measure("heldout.jsonl");
    at_least("heldout", "I-1", &r.one_matter, 0.98, 0.90);
    at_least("heldout", "I-2", &r.no_request_in_report, 0.98, 0.90);
}

/// A development set and the recall it keeps. Each was read while the reading was built, so a
/// false return on any of its documents is a regression (precision 1.000 on both rules).
struct Floor {
    file: &'static str,
    /// 1.0 (no false return) but for a set whose remaining false returns its comment names.
    i1_precision: f64,
    /// None for a set of reports only.
    i1_recall: Option<f64>,
    /// None for a set of requests only.
    i2_recall: Option<f64>,
}

/// What each set measured once, before it was read (all but dev.jsonl were written by helpers
/// who never saw the code), and what it keeps now; README.md tells what each taught the reading.
const DEVELOPMENT: &[Floor] = &[
    Floor { file: "dev.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    Floor { file: "dev-b.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    Floor { file: "dev-c.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    Floor { file: "dev-d.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    // First: I-1 0.913 / 0.824, I-2 0.853 / 1.000 (others' applications read as asks).
    Floor { file: "dev-e.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    // First: I-1 0.957 / 0.853, I-2 0.861 / 0.969 (the writer's plans, 计划向省…申请).
    Floor { file: "dev-f.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    // First: I-1 0.950 / 0.853, I-2 0.838 / 1.000 (申请 as a noun).
    Floor { file: "dev-g.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    // First: I-1 0.600 / 0.825, I-2 0.871 / 1.000 (one undertaking's parts returned as matters).
    Floor { file: "dev-h.jsonl", i1_precision: 1.0, i1_recall: Some(0.85), i2_recall: Some(0.95) },
    // First: I-1 0.706 / 0.707, I-2 0.800 / 1.000 (what an earlier request asked; a new
    // institution's own posts, land and funds); now 1.000 / 0.976.
    Floor { file: "dev-i.jsonl", i1_precision: 1.0, i1_recall: Some(0.97), i2_recall: Some(1.0) },
    // First: I-1 1.000 / 0.778, I-2 0.966 / 1.000 (requests that only tell what was done); now
    // 1.000 / 0.972 (an item about things the title never names); 1.000 / 1.000 while 同时 read as
    // 另外, 0.972 while it did not add at all (同时 adds to the same undertaking as often: dev-x), 1.000
    // since a matter it opens is an advisory.
    Floor { file: "dev-j.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: Some(1.0) },
    // First: I-1 0.960 / 0.917 (a project's parts announced as 现就该项目有关事项请示如下); now 0.972.
    Floor { file: "dev-k.jsonl", i1_precision: 1.0, i1_recall: Some(0.97), i2_recall: Some(1.0) },
    // First: I-1 1.000 / 0.960, I-2 1.000 / 0.950 (posts for two units, two sums in a title).
    Floor { file: "dev-l.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: Some(1.0) },
    // First: I-1 1.000 / 0.571 (proposals, 拟…, under headings that each name an act); now 0.971.
    Floor { file: "dev-m.jsonl", i1_precision: 1.0, i1_recall: Some(0.97), i2_recall: Some(1.0) },
    // First: I-1 0.905 / 0.933 (另外，请将该项目纳入… returned); now 1.000 / 1.000.
    Floor { file: "dev-n.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: Some(1.0) },
    // First: I-1 0.632 / 0.900, I-2 0.917 / 0.767 (one undertaking's parts under 关于…项目建设
    //有关事项 returned; suggestions to departments and a county government misread); now
    // I-1 1.000 / 1.000, I-2 1.000 / 1.000.
    Floor { file: "dev-o.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: Some(1.0) },
    // 70 requests. First: I-1 1.000 / 0.900 (asks in items headed as matters of their own,
    // supports for a region's development); now 1.000 / 1.000.
    Floor { file: "dev-p.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: None },
    // 50 requests on a textbook's everyday business, written at the end of the session that read
    // dev-o and dev-p: measured once, I-1 1.000 / 0.767 (0.300 returned; 9 of 20 clean advised).
    // Then partly read: items headed …组成人员调整 / …项目立项, a title's 科并 (增设…科并追加…经费):
    // 1.000 / 0.833; then (a membership title beside a sum, one act over two kinds, two plans
    // named by their own words) 1.000 / 1.000.
    Floor { file: "dev-q.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: None },
    // 60 requests from district governments, departments and public institutions, written while
    // dev-q was read: measured once, I-1 0.875 / 0.688 (0.219 returned; a PPP termination's
    // compensation read as a policy by its 按…标准). Then partly read: items under 三、请示事项,
    // a manner (按…标准) naming no kind, posts for a unit the title never names: 1.000 / 0.719;
    // then (拟动用…, an off-title item's proposal, a paragraph added after items, 同时 opening an
    // advisory) 1.000 / 0.938.
    Floor { file: "dev-r.jsonl", i1_precision: 1.0, i1_recall: Some(0.93), i2_recall: None },
    // 40 requests by another helper, written alongside dev-r, measured once after dev-r was read
    // (not read since): I-1 1.000 / 0.864 (0.455 returned; 9 of 18 clean advised). Then read in
    // part: 1.000 / 0.909.
    Floor { file: "dev-s.jsonl", i1_precision: 1.0, i1_recall: Some(0.9), i2_recall: None },
    // 40 requests to a city government (20 of one matter), by a helper who never saw the code,
    // measured once: I-1 0.875 / 0.900 — one false return (a 1% population survey's leading group,
    // its funds for 今明两年 and a notice 参照市级模式: a time and a manner read as things). Mended
    // (a time, a manner name nothing): 1.000 / 0.900; now 1.000 / 0.950.
    Floor { file: "dev-t.jsonl", i1_precision: 1.0, i1_recall: Some(0.95), i2_recall: None },
    // 40 requests by county departments, townships and public institutions to county governments,
    // written alongside dev-t, measured once: I-1 0.900 / 0.850 — one false return (a plot 划拨用于
    // 派出所建设 and 建设资金…由区财政分年安排 read as two things: the plot by 该地块, the sum by the
    // addressee line taken as a heading). Mended: 1.000 / 0.850; now (一是…；二是… lists, 协调…将…,
    // 并按照…对…实施…) 1.000 / 1.000.
    Floor { file: "dev-u.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: None },
    // 40 reports (24 clean), by a helper who never saw the code, measured once: I-2 0.842 / 1.000 —
    // three false returns, each an ask the report tells of by someone else (企业先后来函，恳请我局…;
    // …来信恳请帮助; 报警并恳请民警…). Mended: 1.000 / 1.000.
    // 40 requests (30 of one undertaking with many parts, written to tempt a splitter), by a helper
    // who never saw the code, measured once: I-1 0.545 / 1.000 — five false returns, all under
    // 关于X有关事项 titles whose X is one undertaking told by its act (…新馆开馆运行, …灾后恢复重建
    // 工作, …疫情防控工作). Mended (such an umbrella scopes every ask to X; a source 从…资金中 names
    // nothing): 1.000 / 1.000, yet 26 of the 30 clean requests are still advisories.
    Floor { file: "dev-v.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: None },
    // 40 requests (28 of one thing with its parts spread over paragraphs, under titles naming that
    // thing), by a helper who never saw the code, measured once: I-1 0.391 / 1.000 — fourteen false
    // returns: additions about the same thing (此外，新所设立后…, 另外，站点建成后…), 同时 read as
    // 另外, a created unit jieba split, the writer's own posts. Mended to 0.900 / 1.000; one false
    // return stays (x-024: 另外，创建工作动员大会…，恳请…出席 under a title starting that 创建工作), so
    // this set holds a precision floor of its own.
    Floor { file: "dev-x.jsonl", i1_precision: 0.9, i1_recall: Some(1.0), i2_recall: None },
    // 40 documents (20 reports, 14 clean; 20 requests), by a helper, measured once: I-1 1.000 /
    // 1.000, I-2 0.750 / 1.000 — two false returns, asks told with another subject (榆渡县、槐岗县
    // 恳请…, 市人大代表…建议…). Mended: 1.000 / 1.000.
    Floor { file: "dev-y.jsonl", i1_precision: 1.0, i1_recall: Some(1.0), i2_recall: Some(1.0) },
    // 40 everyday requests (22 of one matter), by a helper who never saw the code, written at the
    // end of the session that read dev-t … dev-y and measured once, not read: I-1 1.000 / 0.889
    // (0.444 returned; 6 of 22 clean advised). Its floor is what it measured.
    Floor { file: "dev-z.jsonl", i1_precision: 1.0, i1_recall: Some(0.88), i2_recall: None },
    Floor { file: "dev-w.jsonl", i1_precision: 1.0, i1_recall: None, i2_recall: Some(1.0) },
];

#[test]
fn every_development_set_keeps_its_precision_and_recall() {
    // A set added to the directory is measured here too, never forgotten.
    let dir = format!("{}/fixtures/matters", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("dev") && name.ends_with(".jsonl") {
            assert!(DEVELOPMENT.iter().any(|f| f.file == name), "{name} has no floor in DEVELOPMENT");
        }
    }
    for floor in DEVELOPMENT {
        let r = measure(floor.file);
        if let Some(recall) = floor.i1_recall {
            at_least(floor.file, "I-1", &r.one_matter, floor.i1_precision, recall);
        }
        if let Some(recall) = floor.i2_recall {
            at_least(floor.file, "I-2", &r.no_request_in_report, 1.0, recall);
        }
    }
}
