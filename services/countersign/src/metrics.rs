//! What countersign counts (exported by `gongwen_runtime::metrics`: Prometheus and OTLP).

use std::sync::LazyLock;

use gongwen_proto::countersign::v1::RoundEventKind;
use opentelemetry::{KeyValue, metrics::Counter};

static DEADLINES: LazyLock<Counter<u64>> = LazyLock::new(|| {
    opentelemetry::global::meter("gongwen.countersign")
        .u64_counter("gongwen.countersign.deadlines_fired")
        .with_description("Reply deadlines that fell due: silent consent (deemed_consent) or lapsed")
        .build()
});

static EXTENSIONS: LazyLock<Counter<u64>> = LazyLock::new(|| {
    opentelemetry::global::meter("gongwen.countersign")
        .u64_counter("gongwen.countersign.extensions")
        .with_description("Extensions asked for, granted and refused")
        .build()
});

/// The deadline events one committed sweep fired.
pub fn fired(kinds: &[RoundEventKind]) {
    for kind in kinds {
        let outcome = match kind {
            RoundEventKind::DeemedConsent => "deemed_consent",
            RoundEventKind::Lapsed => "lapsed",
            _ => continue,
        };
        DEADLINES.add(1, &[KeyValue::new("outcome", outcome)]);
    }
}

/// `outcome`: requested, granted or refused.
pub fn extension(outcome: &'static str) {
    EXTENSIONS.add(1, &[KeyValue::new("outcome", outcome)]);
}
