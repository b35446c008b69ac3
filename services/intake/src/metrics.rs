//! What intake counts (exported by `gongwen_runtime::metrics`: Prometheus and OTLP).

use std::sync::LazyLock;

use gongwen_proto::{common::v1 as pb, intake::v1 as ipb};
use opentelemetry::{
    KeyValue,
    metrics::{Counter, Histogram},
};

static DOCUMENTS: LazyLock<Counter<u64>> = LazyLock::new(|| {
    opentelemetry::global::meter("gongwen.intake")
        .u64_counter("gongwen.intake.documents")
        .with_description("Documents stored: registered, or returned (one count per returning finding code)")
        .build()
});

static BATCH: LazyLock<Histogram<u64>> = LazyLock::new(|| {
    opentelemetry::global::meter("gongwen.intake")
        .u64_histogram("gongwen.intake.registrar.batch_size")
        .with_description("Submissions stored per registrar transaction")
        .with_boundaries(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0])
        .build()
});

/// A new submission, as stored (a replay is not counted again).
pub fn stored(s: &ipb::Submission) {
    if s.state() == ipb::SubmissionState::Registered {
        DOCUMENTS.add(1, &[KeyValue::new("outcome", "registered")]);
        return;
    }
    let mut codes: Vec<&str> =
        s.findings.iter().filter(|f| f.severity() != pb::Severity::Advisory).map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        DOCUMENTS.add(1, &[KeyValue::new("outcome", "returned"), KeyValue::new("code", code.to_owned())]);
    }
}

/// One registrar transaction of `n` submissions.
pub fn batch(n: usize) {
    BATCH.record(n as u64, &[]);
}
