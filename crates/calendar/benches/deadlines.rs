//! Deadline arithmetic, which every countersign round, every deadline recount and every
//! supervision flag pays: `cargo bench -p gongwen-calendar --bench deadlines`.

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use gongwen_calendar::Calendar;

fn bench(c: &mut Criterion) {
    let national = Calendar::national();
    let xinjiang = Calendar::with_overlay(Some("xinjiang")).expect("the built-in overlay");
    // Before the Spring Festival and its make-up days: the count crosses both.
    let sent: DateTime<Utc> = "2026-02-10T02:00:00Z".parse().expect("an instant");
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    c.bench_function("working_day_deadline: 5 working days across the Spring Festival", |b| {
        b.iter(|| national.working_day_deadline(black_box(sent), black_box(5)))
    });
    c.bench_function("working_day_deadline: 15 working days, Xinjiang overlay", |b| {
        b.iter(|| xinjiang.working_day_deadline(black_box(sent), black_box(15)))
    });
    c.bench_function("working_days_between: a whole year", |b| {
        b.iter(|| national.working_days_between(black_box(from), black_box(to)))
    });
    c.bench_function("is_working_day", |b| b.iter(|| national.is_working_day(black_box(from))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
