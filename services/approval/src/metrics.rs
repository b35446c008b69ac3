//! What approval counts (exported by `gongwen_runtime::metrics`: Prometheus
//! and OTLP): the Watch consumer's lag, and the open supervision tasks by
//! flag (jining 七十: blue on track, yellow near due, red overdue).

use std::{
    sync::{Arc, LazyLock},
    time::Duration,
};

use opentelemetry::{
    KeyValue,
    metrics::{Gauge, Histogram},
};
use tokio::sync::watch;

use crate::{service::Shared, store, supervision};

static LAG: LazyLock<Histogram<f64>> = LazyLock::new(|| {
    opentelemetry::global::meter("gongwen.approval")
        .f64_histogram("gongwen.approval.consumer.lag")
        .with_unit("s")
        .with_description("From intake's event to approval taking it (the Watch consumer's lag)")
        .build()
});

static OPEN_TASKS: LazyLock<Gauge<u64>> = LazyLock::new(|| {
    opentelemetry::global::meter("gongwen.approval")
        .u64_gauge("gongwen.approval.supervision.open_tasks")
        .with_description(
            "Open supervision tasks by flag (blue, yellow, red = overdue); every replica reports the same count",
        )
        .build()
});

/// How often the flags are counted: they change with the working day, not by the second.
const COUNT_EVERY: Duration = Duration::from_secs(15);

pub fn consumer_lag(seconds: f64) {
    LAG.record(seconds, &[]);
}

/// Counts the open tasks by flag every [`COUNT_EVERY`] until draining.
pub fn spawn(shared: Arc<Shared>, mut draining: watch::Receiver<bool>) {
    tokio::spawn(async move {
        loop {
            match store::open_task_dues(&shared.db).await {
                Ok(dues) => {
                    let yellow = shared.rulebook.approval.supervision_yellow_working_days.value;
                    let counts = supervision::count_flags(&dues, &shared.calendar, shared.clock.now(), yellow);
                    for (flag, n) in ["blue", "yellow", "red"].into_iter().zip(counts) {
                        OPEN_TASKS.record(n, &[KeyValue::new("flag", flag)]);
                    }
                }
                Err(e) => tracing::warn!(error = %e, "counting supervision flags failed"),
            }
            tokio::select! {
                () = tokio::time::sleep(COUNT_EVERY) => {}
                _ = draining.changed() => return,
            }
        }
    });
}
