//! Closed-loop load for benchmarks: `concurrency` workers each make one call
//! after another for a warm-up and then a measured period; throughput and
//! latency percentiles (an HDR histogram, microseconds) over the measured
//! period only. Scenarios (what a call is) live with whoever drives them
//! (`gongwen bench`); this crate knows nothing of gongwen.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use hdrhistogram::Histogram;
use serde::Serialize;
use tokio::time::Instant;

/// How hard and how long.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Calls in flight at once.
    pub concurrency: usize,
    /// Not measured: connections warm, caches filled, pools grown.
    pub warmup: Duration,
    /// Measured.
    pub duration: Duration,
}

/// What one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub name: String,
    pub concurrency: usize,
    /// Calls completed in the measured period, and how many of them failed.
    pub calls: u64,
    pub errors: u64,
    pub seconds: f64,
    /// Completed calls (errors included) per second.
    pub rps: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
    /// The first error seen, if any (a scenario that mostly fails is not a measurement).
    pub first_error: Option<String>,
}

impl Report {
    /// One line: name, throughput, percentiles.
    pub fn line(&self) -> String {
        format!(
            "{:<28} {:>9.0}/s  p50 {:>7.2} ms  p90 {:>7.2}  p99 {:>7.2}  p99.9 {:>7.2}  max {:>7.2}  ({} calls, {} errors)",
            self.name,
            self.rps,
            self.p50_ms,
            self.p90_ms,
            self.p99_ms,
            self.p999_ms,
            self.max_ms,
            self.calls,
            self.errors
        )
    }
}

fn histogram() -> Histogram<u64> {
    // 1 µs to 60 s at 3 significant figures.
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

/// Runs `call(n)` (n = 0, 1, 2, … across all workers) under `load`; with
/// `progress`, a line on stderr every second while it runs.
pub async fn run<F, Fut, E>(name: &str, load: Load, progress: bool, call: F) -> Report
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let measuring = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let measure_from = start + load.warmup;
    let end = measure_from + load.duration;
    let mut workers = Vec::with_capacity(load.concurrency);
    for _ in 0..load.concurrency.max(1) {
        let (call, next, done, measuring) = (call.clone(), next.clone(), done.clone(), measuring.clone());
        workers.push(tokio::spawn(async move {
            let (mut hist, mut errors, mut first_error) = (histogram(), 0u64, None);
            loop {
                let began = Instant::now();
                if began >= end {
                    break;
                }
                let result = call(next.fetch_add(1, Ordering::Relaxed)).await;
                let finished = Instant::now();
                // Only calls wholly inside the measured period count.
                if began >= measure_from && finished <= end {
                    measuring.store(true, Ordering::Relaxed);
                    let micros = (finished - began).as_micros().clamp(1, 60_000_000) as u64;
                    hist.saturating_record(micros);
                    done.fetch_add(1, Ordering::Relaxed);
                    if let Err(e) = result {
                        errors += 1;
                        first_error.get_or_insert_with(|| e.to_string());
                    }
                }
            }
            (hist, errors, first_error)
        }));
    }
    let ticker = progress.then(|| {
        let (done, name) = (done.clone(), name.to_owned());
        tokio::spawn(async move {
            let mut last = 0;
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let now = done.load(Ordering::Relaxed);
                let phase = if Instant::now() < measure_from { "warming up" } else { "measuring" };
                eprint!("\r{name}: {phase}, {now} calls, {}/s        ", now - last);
                last = now;
            }
        })
    });
    let (mut hist, mut errors, mut first_error) = (histogram(), 0, None);
    for w in workers {
        let (h, e, f) = w.await.expect("a load worker panicked");
        hist.add(h).expect("histograms with the same bounds add");
        errors += e;
        first_error = first_error.or(f);
    }
    if let Some(t) = ticker {
        t.abort();
        eprintln!();
    }
    let seconds = load.duration.as_secs_f64();
    let ms = |q: f64| hist.value_at_quantile(q) as f64 / 1000.0;
    Report {
        name: name.to_owned(),
        concurrency: load.concurrency,
        calls: hist.len(),
        errors,
        seconds,
        rps: hist.len() as f64 / seconds,
        p50_ms: ms(0.5),
        p90_ms: ms(0.9),
        p99_ms: ms(0.99),
        p999_ms: ms(0.999),
        max_ms: hist.max() as f64 / 1000.0,
        first_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn calls_in_the_measured_period_are_counted_with_their_latency() {
        let load = Load { concurrency: 4, warmup: Duration::from_millis(100), duration: Duration::from_millis(400) };
        let r = run("sleep", load, false, |n| async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            if n % 10 == 0 { Err("every tenth fails") } else { Ok(()) }
        })
        .await;
        // 4 workers × 400 ms / ~10 ms each: about 160 calls (timers are coarse on a busy machine).
        assert!((60..=170).contains(&r.calls), "{r:?}");
        assert!(r.p50_ms >= 9.0 && r.p50_ms < 40.0, "{r:?}");
        assert!(r.errors > 0 && r.errors < r.calls / 4, "{r:?}");
        assert_eq!(r.first_error.as_deref(), Some("every tenth fails"));
        assert!((r.rps - r.calls as f64 / 0.4).abs() < 1.0);
    }
}
