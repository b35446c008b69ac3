//! Countersign's scenarios, on a clock the run moves: `countersign` (a round
//! opened with three participants, two replies, then the third's silent
//! consent at the deadline) and `sweep` (many deadlines falling due at once
//! while a submit load runs).

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use anyhow::Context;
use chrono::{DateTime, Utc};
use gongwen_auth::Role;
use gongwen_calendar::ManualClock;
use gongwen_load::Report;
use gongwen_proto::{
    common::v1::Verdict,
    countersign::v1::{self as cpb, countersign_service_client::CountersignServiceClient as CountersignClient},
};
use gongwen_store::{Backend, Database, query};
use tokio::time::Instant;
use tonic::transport::Channel;

use super::{BenchArgs, Outcome, Suite, authed, intake};

/// When rounds are opened: a Monday in Jining; three working days later the deadlines pass.
pub(super) fn opened() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-02T09:00:00+08:00").expect("a valid instant").to_utc()
}

/// Well past every deadline opened at [`opened`].
fn later() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-20T09:00:00+08:00").expect("a valid instant").to_utc()
}

const LEAD: &str = "audit";

/// Opens round `n` led by the audit bureau with `participants`, on the rulebook's limit.
async fn open_round(ch: Channel, token: &str, n: u64, participants: &[&str]) -> Result<cpb::Round, tonic::Status> {
    let req = cpb::OpenRoundRequest {
        lead_department: LEAD.into(),
        draft: Some(cpb::Draft {
            title: format!("关于联合开展专项治理的会签稿（{n}）"),
            content_sha256: format!("{n:064x}"),
            ..Default::default()
        }),
        participants: participants.iter().map(|p| (*p).to_owned()).collect(),
        limit: cpb::LimitKind::RulebookDefault as i32,
        limit_working_days: 0,
        idempotency_key: format!("bench-round-{n}"),
    };
    CountersignClient::new(ch)
        .open_round(authed(token, req))
        .await?
        .into_inner()
        .round
        .ok_or_else(|| tonic::Status::internal("OpenRound answered without its round"))
}

/// (pending tasks, deemed consents, distinct (round, department) deemed).
async fn counts(db: &Database) -> anyhow::Result<(i64, i64, i64)> {
    let r = db
        .fetch_one(query(
            "SELECT (SELECT count(*) FROM countersign_tasks WHERE state = 'PENDING'),
                    (SELECT count(*) FROM countersign_events WHERE kind = 'DEEMED_CONSENT'),
                    (SELECT count(*) FROM (SELECT DISTINCT round_id, department FROM countersign_events
                                           WHERE kind = 'DEEMED_CONSENT') d)",
        ))
        .await?;
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

/// Moves the clock past every deadline and waits until no task is pending: the seconds it
/// took, every pending task deemed consent exactly once.
async fn fire_all(db: &Database, clock: &ManualClock) -> anyhow::Result<(i64, f64)> {
    let (pending, before, _) = counts(db).await?;
    clock.set(later());
    let started = Instant::now();
    loop {
        let (left, deemed, distinct) = counts(db).await?;
        if left == 0 {
            let took = started.elapsed().as_secs_f64();
            anyhow::ensure!(
                deemed - before == pending && distinct == deemed,
                "{pending} deadlines fell due, {} consents recorded ({distinct} distinct)",
                deemed - before
            );
            return Ok((pending, took));
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(1800), "{left} deadlines still pending after 30 min");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

pub(super) async fn round(suite: &Suite, args: &BenchArgs, clock: &ManualClock) -> anyhow::Result<Outcome> {
    let insert = suite.insert_ceiling(args).await?;
    const PARTICIPANTS: [&str; 3] = ["finance", "drc", "justice"];
    let lead = suite.token(Role::Department(LEAD.into()))?;
    // The two who reply, with their tokens and principal heads (jining 五十六: 主要负责人会签).
    let mut repliers = HashMap::new();
    for dept in &PARTICIPANTS[..2] {
        let head = suite.deps.directory.department(dept).context("a sample participant")?.principal_head.clone();
        repliers.insert(*dept, (suite.token(Role::Department((*dept).into()))?, head));
    }
    let (chs, repliers) = (suite.channels.clone(), Arc::new(repliers));
    let rounds = gongwen_load::run("round: open + 2 replies", args.load(), !args.quiet, move |n| {
        let ch = chs[n as usize % chs.len()].clone();
        let (lead, repliers) = (lead.clone(), repliers.clone());
        async move {
            let round = open_round(ch.clone(), &lead, n, &PARTICIPANTS).await?;
            for dept in &PARTICIPANTS[..2] {
                let (token, head) = &repliers[dept];
                let req = cpb::ReplyRequest {
                    round_id: round.id.clone(),
                    department: (*dept).into(),
                    verdict: Verdict::Agreed as i32,
                    comments: String::new(),
                    signed_by: head.clone(),
                    request_id: String::new(),
                };
                CountersignClient::new(ch.clone()).reply(authed(token, req)).await?;
            }
            Ok::<_, tonic::Status>(())
        }
    })
    .await;
    println!("{}", rounds.line());
    // The third participant of every round opened stays silent: consent at the deadline.
    let (fired, took) = fire_all(&suite.deps.db, clock).await?;
    println!("silent consents: {fired} in {took:.3} s");
    suite.audit_entries("countersign").await?; // the chain, verified whole
    Ok(Outcome {
        ratios: vec![("round (3 calls) / INSERT throughput".to_owned(), rounds.rps / insert.rps)],
        reports: vec![insert, rounds],
        measures: vec![
            ("silent consents fired".to_owned(), fired as f64),
            ("silent consents per second".to_owned(), fired as f64 / took),
        ],
        target: "none stated for a round; its silent consents feed the sweep's target".to_owned(),
        ..Outcome::default()
    })
}

/// Opens `rounds` rounds of five participants through the API, `concurrency` at a time.
async fn seed(suite: &Suite, first: u64, rounds: u64, concurrency: usize) -> anyhow::Result<()> {
    const PARTICIPANTS: [&str; 5] = ["finance", "drc", "justice", "natres", "housing"];
    let token = suite.token(Role::Department(LEAD.into()))?;
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (chs, token, next) = (suite.channels.clone(), token.clone(), next.clone());
        tasks.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= rounds {
                    return Ok::<_, tonic::Status>(());
                }
                let n = first + n;
                open_round(chs[n as usize % chs.len()].clone(), &token, n, &PARTICIPANTS).await?;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}

/// One sweep: `rounds` five-participant rounds opened at [`opened`] (numbered from `first`),
/// then (with `idle`, after the submit load alone) every deadline falls due at once while the
/// submit load runs. The idle submit report, the one during the sweep, the deadlines fired and
/// the seconds they took.
async fn sweep_once(
    suite: &Suite,
    args: &BenchArgs,
    clock: &ManualClock,
    first: u64,
    rounds: u64,
    label: &str,
    idle: bool,
) -> anyhow::Result<(Option<Report>, Report, i64, f64)> {
    clock.set(opened());
    let started = Instant::now();
    seed(suite, first, rounds, args.concurrency).await?;
    println!("seeded {} deadlines ({rounds} rounds of five) in {:.1} s", rounds * 5, started.elapsed().as_secs_f64());
    let idle = match idle {
        true => Some(intake::submit_load(suite, args, "submit (idle)", args.load(), first * 10).await?),
        false => None,
    };
    let during_load = gongwen_load::Load { warmup: Duration::ZERO, ..args.load() };
    let name = format!("submit (during the sweep{label})");
    let submits_from = 100_000_000 + first * 10;
    let (during, fired) = tokio::join!(
        intake::submit_load(suite, args, &name, during_load, submits_from),
        fire_all(&suite.deps.db, clock)
    );
    let (during, (fired, took)) = (during?, fired?);
    println!("sweep{label}: {fired} silent consents in {took:.3} s");
    Ok((idle, during, fired, took))
}

pub(super) async fn sweep(suite: &mut Suite, args: &BenchArgs, clock: &ManualClock) -> anyhow::Result<Outcome> {
    let workers = match suite.deps.db.backend() {
        Backend::Postgres => args.workers.max(1),
        Backend::Sqlite => 1,
    };
    for _ in 1..workers {
        suite.add_countersign_replica(clock).await?;
    }
    let rounds = args.deadlines.div_ceil(5) as u64;
    let (idle, during, fired, took) = sweep_once(suite, args, clock, 0, rounds, "", true).await?;
    let idle = idle.context("the idle submit load")?;
    let mut ratios = vec![("submit p99 during the sweep / idle".to_owned(), during.p99_ms / idle.p99_ms)];
    let mut measures = vec![
        ("workers".to_owned(), workers as f64),
        ("deadlines fired".to_owned(), fired as f64),
        ("sweep, s".to_owned(), took),
        ("silent consents per second".to_owned(), fired as f64 / took),
        ("µs of sweep per deadline".to_owned(), took * 1e6 / fired as f64),
    ];
    let mut reports = vec![idle, during];
    if args.audit_pair {
        // The same sweep under the same load, nothing audited (countersign's and intake's chains).
        let (_, during, fired, took) = suite
            .without_audit("countersign", || {
                sweep_once(suite, args, clock, super::UNAUDITED_FROM, rounds, ", audit off", false)
            })
            .await?;
        let rate = fired as f64 / took;
        ratios.push(("audit's cost: 1 − consents/s / consents/s without".to_owned(), 1.0 - measures[3].1 / rate));
        measures.push(("silent consents per second without audit".to_owned(), rate));
        reports.push(during);
    }
    intake::assert_gapless(suite).await?;
    suite.audit_entries("countersign").await?; // the chain, verified whole
    Ok(Outcome {
        ratios,
        reports,
        measures,
        target: "≥ 30,000 silent consents/s on PostgreSQL with two workers; submit p99 during the sweep ≤ 2 × idle; \
                 audit's cost ≤ 0.15"
            .to_owned(),
        ..Outcome::default()
    })
}
