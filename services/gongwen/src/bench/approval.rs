//! Approval's scenarios: `circulation` (one document through the government:
//! submitted, routed, 拟办, decided) and `inbox` (the first and a deep page of
//! a leader's inbox holding many items).

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use gongwen_auth::Role;
use gongwen_proto::{
    Resource,
    approval::v1::{self as apb, approval_service_client::ApprovalServiceClient as ApprovalClient},
};
use tokio::time::Instant;

use super::{BenchArgs, Outcome, Suite, authed, intake};

const PAGE: i32 = 100;

pub(super) async fn circulation(suite: &Suite, args: &BenchArgs) -> anyhow::Result<Outcome> {
    let insert = suite.insert_ceiling(args).await?;
    let sender = suite.token(Role::Department("audit".into()))?;
    let office = suite.token(Role::Office)?;
    let mut leaders = HashMap::new();
    for l in suite.deps.directory.leaders() {
        leaders.insert(l.id.clone(), suite.token(Role::Leader(l.id.clone()))?);
    }
    let (chs, leaders) = (suite.channels.clone(), Arc::new(leaders));
    let report = gongwen_load::run("circulation", args.load(), !args.quiet, move |n| {
        let ch = chs[n as usize % chs.len()].clone();
        let (sender, office, leaders) = (sender.clone(), office.clone(), leaders.clone());
        async move {
            let sub = intake::submit_one(ch.clone(), &sender, n).await?;
            let mut approval = ApprovalClient::new(ch);
            // Approval takes the registration from intake's stream, routes it, queues it for 拟办.
            let waited = Instant::now();
            let item = loop {
                let get = apb::GetRequest::by_submission_id(sub.id.clone());
                match approval.get(authed(&office, get)).await {
                    Ok(r) => break r.into_inner().resource(),
                    Err(e) if e.code() == tonic::Code::NotFound && waited.elapsed() < Duration::from_secs(30) => {
                        tokio::time::sleep(Duration::from_millis(2)).await;
                    }
                    Err(e) => return Err(e),
                }
            };
            let propose = apb::ProposeRequest {
                id: item.id.clone(),
                proposal: "拟请分管副市长审批".into(),
                ..Default::default()
            };
            let item = approval.propose(authed(&office, propose)).await?.into_inner().resource();
            let token = leaders
                .get(&item.current_leader)
                .ok_or_else(|| tonic::Status::internal(format!("routed to {:?}", item.current_leader)))?;
            let decide = apb::DecideRequest {
                id: item.id.clone(),
                kind: apb::DecisionKind::Approve as i32,
                opinion: "同意".into(),
                signed_name: "签名".into(),
                signed_date: "2026年3月9日".into(),
                ..Default::default()
            };
            let item = approval.decide(authed(token, decide)).await?.into_inner().resource();
            match item.state() {
                apb::ItemState::Decided => Ok(()),
                state => Err(tonic::Status::failed_precondition(format!("after one decision: {state:?}"))),
            }
        }
    })
    .await;
    println!("{}", report.line());
    intake::assert_gapless(suite).await?;
    Ok(Outcome {
        ratios: vec![("circulation (5+ calls) / INSERT throughput".to_owned(), report.rps / insert.rps)],
        reports: vec![insert, report],
        target: "none stated: a whole circulation, measured so that regressions show".to_owned(),
        ..Outcome::default()
    })
}

/// Stores `count` items pending with `leader` (one in twenty urgent), through approval's
/// own insert (item, event, audit entry), eight at a time.
async fn seed(suite: &Suite, leader: &str, count: u64) -> anyhow::Result<()> {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (db, next, leader, clock) =
            (suite.deps.db.clone(), next.clone(), leader.to_owned(), suite.deps.clock.clone());
        tasks.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    return Ok::<_, anyhow::Error>(());
                }
                let item = apb::Item {
                    id: uuid::Uuid::new_v4().to_string(),
                    submission_id: uuid::Uuid::new_v4().to_string(),
                    title: format!("关于有关事项的请示（{n}）"),
                    submitting_unit: "audit".into(),
                    urgent: n % 20 == 0,
                    state: apb::ItemState::WithLeaders as i32,
                    current_leader: leader.clone(),
                    acting_leader: leader.clone(),
                    ..Default::default()
                };
                let audit = gongwen_audit::Entry::new("system:bench", "audit", "approval.route", &item.id, clock.now());
                let matter = gongwen_approval::store::Matter::default();
                gongwen_approval::store::insert_item(&db, &item, &matter, audit).await?;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}

pub(super) async fn inbox(suite: &Suite, args: &BenchArgs) -> anyhow::Result<Outcome> {
    let leader = suite
        .deps
        .directory
        .leaders()
        .iter()
        .find(|l| l.id != "mayor")
        .map(|l| l.id.clone())
        .ok_or_else(|| anyhow::anyhow!("the directory names no deputy"))?;
    let started = Instant::now();
    seed(suite, &leader, args.items as u64).await?;
    println!("seeded {} items for {leader} in {:.1} s", args.items, started.elapsed().as_secs_f64());
    let token = suite.token(Role::Leader(leader.clone()))?;
    // The deep page: walk nine tenths of the inbox in pages of 1,000 and keep the token.
    let mut approval = ApprovalClient::new(suite.channel(0));
    let (mut page_token, mut walked) = (String::new(), 0);
    while walked + 1000 <= args.items * 9 / 10 {
        let req = apb::InboxRequest { leader: leader.clone(), page_size: 1000, page_token, ..Default::default() };
        let page = approval.inbox(authed(&token, req)).await?.into_inner();
        anyhow::ensure!(page.items.len() == 1000, "a full page of 1,000 expected, got {}", page.items.len());
        (page_token, walked) = (page.next_page_token, walked + 1000);
    }
    let mut reports = Vec::new();
    for (name, page_token) in
        [("inbox: first page".to_owned(), String::new()), (format!("inbox: page after {walked}"), page_token)]
    {
        let (chs, token, leader) = (suite.channels.clone(), token.clone(), leader.clone());
        let report = gongwen_load::run(&name, args.load(), !args.quiet, move |n| {
            let ch = chs[n as usize % chs.len()].clone();
            let req = apb::InboxRequest {
                leader: leader.clone(),
                page_size: PAGE,
                page_token: page_token.clone(),
                ..Default::default()
            };
            let req = authed(&token, req);
            async move {
                let page = ApprovalClient::new(ch).inbox(req).await?.into_inner();
                if page.items.len() == PAGE as usize {
                    Ok(())
                } else {
                    Err(tonic::Status::internal(format!("a page of {} items", page.items.len())))
                }
            }
        })
        .await;
        println!("{}", report.line());
        reports.push(report);
    }
    let mut measures = vec![("items in the inbox".to_owned(), args.items as f64)];
    measures.extend(reports.iter().map(|r| (format!("{} p99, ms", r.name), r.p99_ms)));
    Ok(Outcome {
        reports,
        measures,
        target: "inbox p99 ≤ 20 ms for the first and for a deep page".to_owned(),
        ..Outcome::default()
    })
}
