//! The rules' time per document, which Precheck and Submit pay on every call.
//! The target (issue: intake reads as a clerk does): a 1,000-character body
//! read in under 200 µs. `cargo bench -p gongwen-rules --bench reading`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gongwen_rules::{
    document::{DocType, Facts},
    intake, reading,
};

fn bench(c: &mut Criterion) {
    let body = intake::fixtures::long_request_body(0);
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
