//! Intake's scenarios: `precheck` (the rules behind the service) and `submit`
//! (checks, a gapless receipt number, audit, the event), each a new document.

use anyhow::Context;
use gongwen_auth::Role;
use gongwen_load::Report;
use gongwen_proto::{
    common::v1 as pb,
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use gongwen_store::query;

use super::{BenchArgs, Outcome, Suite, authed, cores};

/// The reading benchmark's 1,000-character request from the audit bureau, made unique by `n`.
pub(super) fn request(n: u64) -> (pb::Document, ipb::Envelope) {
    let body = gongwen_rules::intake::fixtures::long_request_body(n);
    (
        pb::Document {
            doc_type: pb::DocType::Request as i32,
            issuing_body: "济宁市审计局".into(),
            doc_number: format!("济审发〔2026〕{}号", n + 1),
            title: "济宁市审计局关于新建东部片区小学的请示".into(),
            main_recipient: "市政府".into(),
            body,
            request_matters: vec!["批准新建东部片区小学立项".into()],
            signed_off_by: "韦正".into(),
            date_of_writing: "2026年3月5日".into(),
            ..Default::default()
        },
        ipb::Envelope {
            submitting_unit: "audit".into(),
            addressee: ipb::AddresseeKind::Government as i32,
            ..Default::default()
        },
    )
}

/// Submits `request(n)` as the audit bureau; a document not registered is an error (it
/// would measure something else). Returns the submission.
pub(super) async fn submit_one(
    ch: tonic::transport::Channel,
    token: &str,
    n: u64,
) -> Result<ipb::Submission, tonic::Status> {
    let (document, envelope) = request(n);
    let req = authed(
        token,
        ipb::SubmitRequest {
            document: Some(document),
            envelope: Some(envelope),
            idempotency_key: format!("bench-{n}"),
        },
    );
    let sub = IntakeClient::new(ch).submit(req).await?.into_inner().submission.unwrap_or_default();
    match sub.state() {
        ipb::SubmissionState::Registered => Ok(sub),
        _ => Err(tonic::Status::failed_precondition(format!("not registered: {:?}", sub.findings))),
    }
}

/// A submit load named `name` (document numbers from `first` on, so runs in one database
/// never collide).
pub(super) async fn submit_load(
    suite: &Suite,
    args: &BenchArgs,
    name: &str,
    load: gongwen_load::Load,
    first: u64,
) -> anyhow::Result<Report> {
    let token = suite.token(Role::Department("audit".into()))?;
    let chs = suite.channels.clone();
    let report = gongwen_load::run(name, load, !args.quiet, move |n| {
        let ch = chs[n as usize % chs.len()].clone();
        let token = token.clone();
        async move { submit_one(ch, &token, first + n).await.map(|_| ()) }
    })
    .await;
    println!("{}", report.line());
    Ok(report)
}

/// Every registered receipt numbered 1…count, once.
pub(super) async fn assert_gapless(suite: &Suite) -> anyhow::Result<()> {
    let row = suite
        .deps
        .db
        .fetch_one(query(
            "SELECT count(*), count(DISTINCT receipt_seq), coalesce(max(receipt_seq), 0) FROM intake_submissions \
             WHERE state = 'REGISTERED'",
        ))
        .await?;
    let (count, distinct, max): (i64, i64, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
    anyhow::ensure!(
        count == distinct && count == max,
        "receipts not gapless: {count} rows, {distinct} numbers, max {max}"
    );
    println!("receipts: {count} registered, numbered 1…{max} without a gap");
    Ok(())
}

pub(super) async fn precheck(suite: &Suite, args: &BenchArgs, trivial: &Report) -> anyhow::Result<Outcome> {
    // The rules' own time per document, single-threaded, on the request the calls send.
    let (doc, env) = request(0);
    let directory = &suite.deps.directory;
    let (d, e) = gongwen_intake::convert::submission(Some(&doc), Some(&env), directory)?;
    let sender = directory.department("audit").context("the sample sender")?;
    let facts = gongwen_rules::document::Facts::default();
    let input = gongwen_rules::intake::Input {
        rulebook: &suite.deps.rulebook,
        directory,
        document: &d,
        envelope: &e,
        sender,
        facts: &facts,
    };
    let rounds = 2_000;
    let started = tokio::time::Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(gongwen_rules::intake::run(std::hint::black_box(&input)));
    }
    let rules = started.elapsed().as_secs_f64() / f64::from(rounds);
    let (chs, token) = (suite.channels.clone(), suite.token(Role::Department("audit".into()))?);
    let precheck = gongwen_load::run("precheck", args.load(), !args.quiet, move |n| {
        let ch = chs[n as usize % chs.len()].clone();
        let (document, envelope) = request(n);
        let req = authed(&token, ipb::PrecheckRequest { document: Some(document), envelope: Some(envelope) });
        async move { IntakeClient::new(ch).precheck(req).await.map(|_| ()) }
    })
    .await;
    println!("{}", precheck.line());
    // What the service could reach if it added nothing to the trivial RPC but the rules.
    let bound = 1.0 / (1.0 / trivial.rps + rules / cores() as f64);
    Ok(Outcome {
        ratios: vec![
            ("precheck / trivial RPC".to_owned(), precheck.rps / trivial.rps),
            ("precheck / bound(trivial, rules)".to_owned(), precheck.rps / bound),
        ],
        reports: vec![precheck],
        rules_us: Some(rules * 1e6),
        target: "precheck ≥ 0.80 × 1/(1/RPS_trivial + t_rules/cores)".to_owned(),
        ..Outcome::default()
    })
}

pub(super) async fn submit(suite: &Suite, args: &BenchArgs) -> anyhow::Result<Outcome> {
    let insert = suite.insert_ceiling(args).await?;
    let submit = submit_load(suite, args, "submit", args.load(), 0).await?;
    let mut ratios = vec![
        ("submit / INSERT throughput".to_owned(), submit.rps / insert.rps),
        ("submit p99 / INSERT p99".to_owned(), submit.p99_ms / insert.p99_ms),
    ];
    let mut reports = vec![insert, submit];
    if args.audit_pair {
        let unaudited = suite
            .without_audit("intake", || {
                submit_load(suite, args, "submit (audit off)", args.load(), super::UNAUDITED_FROM)
            })
            .await?;
        ratios.push(("audit's cost: 1 − submit / submit without".to_owned(), 1.0 - reports[1].rps / unaudited.rps));
        reports.push(unaudited);
    }
    assert_gapless(suite).await?;
    Ok(Outcome {
        ratios,
        reports,
        target: "submit ≥ 0.80 × INSERT throughput, p99 ≤ 1.2 × INSERT p99; audit's cost ≤ 0.15".to_owned(),
        ..Outcome::default()
    })
}
