//! The rules' time per document, which Precheck and Submit pay on every call.
//! The target (issue: intake reads as a clerk does): a 1,000-character body
//! read in under 200 µs. `cargo bench -p gongwen-rules --bench reading`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gongwen_rules::{
    document::{DocType, Facts},
    intake, reading,
};

/// A request of about 1,000 characters, written as departments write: history,
/// statistics, a quoted title, numbered sub-points, a closing.
fn body() -> String {
    let paragraph = "近年来，我市城区学龄人口持续增长，东部片区小学学位缺口约1200个，2025年秋季学期起部分学校班额超过55人。\
        2024年，我局曾以《关于东部片区学校布局调整的请示》报请市政府，市政府同意开展前期论证。\
        经测算，新建36个班规模小学一所，用地约60亩，建筑面积2.4万平方米，总投资1.2亿元，由市级财政和专项债券共同解决。\n";
    let mut body = paragraph.repeat(6);
    body.push_str("一、建设内容。拟新建小学一所。\n二、资金来源。市级财政安排6000万元，申请专项债券6000万元。\n三、建设工期。计划2026年开工，2027年秋季投入使用。\n");
    body.push_str("恳请市政府批准该项目立项。妥否，请批示。");
    body
}

fn bench(c: &mut Criterion) {
    let body = body();
    assert!(body.chars().count() >= 1000, "{} characters", body.chars().count());
    reading::segment::warm_up();
    c.bench_function("reading: 1,000-character request", |b| {
        b.iter(|| reading::read(black_box("济宁市教育局关于新建东部片区小学的请示"), black_box(&body)))
    });
    let rb = gongwen_rules::builtin("jining").unwrap();
    let dir = gongwen_org::builtin("jining").unwrap();
    let (mut doc, env) = intake::fixtures::request();
    doc.doc_type = DocType::Request;
    doc.body = body.clone();
    doc.request_matters.clear();
    let facts = Facts::default();
    let sender = dir.department("audit").unwrap();
    c.bench_function("every intake check: 1,000-character request", |b| {
        b.iter(|| {
            intake::run(black_box(&intake::Input {
                rulebook: &rb,
                directory: &dir,
                document: &doc,
                envelope: &env,
                sender,
                facts: &facts,
            }))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
