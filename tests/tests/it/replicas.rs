//! Every service replicated: three processes of each service (nine, on
//! 127.0.0.1–3, one PostgreSQL). The services find each other's replicas by
//! name (`static_hosts`, as a headless Service's DNS answer would list them)
//! and balance over them; so does the platform here. Mid-run one process of
//! each kind dies by SIGKILL and comes back; later every countersign replica
//! is restarted past the reply deadlines and one of them is killed while they
//! fire. Then: every acknowledged submission is there, registered once, with
//! gapless receipts; every registered document is routed once; every
//! deadline fired once; every audit chain is unbroken.

use std::{
    collections::{BTreeMap, BTreeSet},
    net::SocketAddr,
    sync::Arc,
    time::{Duration, Instant},
};

use gongwen_proto::{
    Resource,
    common::v1::Verdict,
    countersign::v1::{self as cpb, countersign_service_client::CountersignServiceClient as CountersignClient},
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use gongwen_store::Database;
use sha2::{Digest, Sha256};

use crate::harness::{Child, SENDER, TestChannel, as_default, as_subject, free_port, nth_request};

const OPENED: &str = "2026-11-02T09:00:00+08:00"; // Jining: 3 working days → due 2026-11-06 00:00
const LATER: &str = "2026-11-20T09:00:00+08:00";
const IPS: [[u8; 4]; 3] = [[127, 0, 0, 1], [127, 0, 0, 2], [127, 0, 0, 3]];
/// Plain submissions, submissions carrying a countersign certificate, rounds left to lapse.
const PLAIN: usize = 120;
const CERTIFIED: usize = 12;
const LAPSING: usize = 30;

/// One kind of service: its binary, its port on every replica address, how it starts.
struct Kind {
    bin: &'static str,
    port: u16,
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// Where each replica keeps its data directory.
    root: std::path::PathBuf,
}

impl Kind {
    async fn start(&self, replica: usize, clock: &str) -> Child {
        let addr = SocketAddr::from((IPS[replica], self.port));
        let args: Vec<&str> =
            self.args.iter().map(String::as_str).chain(["--dev-clock", clock, "--data-dir"]).collect();
        // Each replica its own data directory: they share nothing but the database.
        let dir = self.root.join(format!("{}-{replica}", self.bin)).display().to_string();
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Child::spawn_at(addr, self.bin, &[], &[&args[..], &[dir.as_str()]].concat(), &env).await
    }

    async fn start_all(&self, clock: &str) -> Vec<Child> {
        let mut all = Vec::new();
        for replica in 0..IPS.len() {
            all.push(self.start(replica, clock).await);
        }
        all
    }
}

/// The platform's channel to a service: balanced over its three replicas.
fn balanced(port: u16, subject: &str) -> TestChannel {
    let resolve: gongwen_auth::balance::Resolve = Arc::new(move |_, port| {
        Box::pin(async move { Ok(IPS.iter().map(|ip| SocketAddr::from((*ip, port))).collect()) })
    });
    let target = gongwen_auth::balance::Target::parse(&format!("http://replicas:{port}")).unwrap();
    let ch = gongwen_auth::balance::balanced(target, None, resolve, Duration::from_millis(200)).unwrap();
    as_default(ch, Some(subject))
}

/// Calls `f` until it answers: a replica killed mid-call fails the call, and a
/// platform retries with the same idempotency key or request id.
async fn retry<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, tonic::Status>>,
{
    let start = Instant::now();
    loop {
        match f().await {
            Ok(v) => return v,
            Err(s) if matches!(s.code(), tonic::Code::Unavailable | tonic::Code::Unknown | tonic::Code::Cancelled) => {
                assert!(start.elapsed() < Duration::from_secs(60), "{what}: still failing: {s:?}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(s) => panic!("{what}: {s:?}"),
        }
    }
}

fn sha(body: &str) -> String {
    hex::encode(Sha256::digest(body.as_bytes()))
}

fn open(i: usize, body: &str, participants: &[&str]) -> cpb::OpenRoundRequest {
    cpb::OpenRoundRequest {
        lead_department: "audit".into(),
        draft: Some(cpb::Draft {
            title: format!("关于开展政府投资项目专项审计的请示（送审稿{i}）"),
            doc_type: gongwen_proto::common::v1::DocType::Request as i32,
            summary: "专项审计".into(),
            content_sha256: sha(body),
        }),
        participants: participants.iter().map(|p| (*p).to_owned()).collect(),
        limit: cpb::LimitKind::RulebookDefault as i32,
        limit_working_days: 0,
        idempotency_key: format!("round-{i}"),
    }
}

/// Submits `req` until intake answers; the submission intake acknowledged.
async fn submit(intake: &TestChannel, req: ipb::SubmitRequest) -> ipb::Submission {
    let key = req.idempotency_key.clone();
    retry(&key, || {
        let mut c = IntakeClient::new(intake.clone());
        let req = req.clone();
        async move { c.submit(req).await.map(|r| r.into_inner().submission.unwrap()) }
    })
    .await
}

/// A document whose countersign round (finance and drc, both agree) is concluded first.
async fn certified(intake: &TestChannel, countersign: &TestChannel, n: usize) -> ipb::Submission {
    let mut req = nth_request(n);
    let body = req.document.as_ref().unwrap().body.clone();
    let round = retry("open", || {
        let mut c = CountersignClient::new(countersign.clone());
        let r = as_subject("department:audit", open(n, &body, &["finance", "drc"]));
        async move { c.open_round(r).await.map(|r| r.into_inner().resource()) }
    })
    .await;
    for dept in ["finance", "drc"] {
        let request_id = uuid::Uuid::new_v4().to_string();
        let signed_by =
            gongwen_org::builtin("jining").unwrap().department(dept).map(|d| d.principal_head.clone()).unwrap();
        retry("reply", || {
            let mut c = CountersignClient::new(countersign.clone());
            let r = as_subject(
                &format!("department:{dept}"),
                cpb::ReplyRequest {
                    request_id: request_id.clone(),
                    round_id: round.id.clone(),
                    department: dept.into(),
                    verdict: Verdict::Agreed as i32,
                    comments: String::new(),
                    signed_by: signed_by.clone(),
                },
            );
            async move { c.reply(r).await.map(|_| ()) }
        })
        .await;
    }
    let request_id = uuid::Uuid::new_v4().to_string();
    let cert = retry("conclude", || {
        let mut c = CountersignClient::new(countersign.clone());
        let r = as_subject(
            "department:audit",
            cpb::ConcludeRequest { round_id: round.id.clone(), request_id: request_id.clone(), ..Default::default() },
        );
        async move { c.conclude(r).await.map(|r| r.into_inner().resource()) }
    })
    .await;
    let env = req.envelope.as_mut().unwrap();
    env.concerned_departments = vec!["finance".into(), "drc".into()];
    env.countersign =
        Some(ipb::CountersignCertificate { round_id: cert.round_id, digest: cert.digest, ..Default::default() });
    submit(intake, req).await
}

async fn count(db: &Database, sql: &str) -> i64 {
    db.fetch_one(gongwen_store::query(sql)).await.unwrap().get(0).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_of_each_service_on_one_postgres_lose_nothing_when_one_of_each_is_killed() {
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let tokens = tempfile::tempdir().unwrap();
    let token_file = |service: &str| {
        let path = tokens.path().join(format!("{service}.token"));
        std::fs::write(&path, crate::harness::token(&format!("service:{service}"))).unwrap();
        path.display().to_string()
    };
    let (intake_port, countersign_port, approval_port) = (free_port(), free_port(), free_port());
    let list =
        IPS.iter().map(|ip| format!("\"{}.{}.{}.{}\"", ip[0], ip[1], ip[2], ip[3])).collect::<Vec<_>>().join(",");
    let hosts = format!("{{intake=[{list}],countersign=[{list}]}}");
    let common = |token: Option<String>| {
        let mut env = vec![
            ("GONGWEN_STATIC_HOSTS".to_owned(), hosts.clone()),
            ("GONGWEN_SWEEP_INTERVAL_MS".to_owned(), "50".to_owned()),
            // A call claimed by a killed replica is taken over after this + 5 s.
            ("GONGWEN_REQUEST_TIMEOUT_SECS".to_owned(), "5".to_owned()),
        ];
        env.extend(token.map(|t| ("GONGWEN_SERVICE_TOKEN_FILE".to_owned(), t)));
        env
    };
    let args = |extra: &[String]| {
        [vec!["--database-url".to_owned(), url.clone(), "--rulebook".into(), "jining".into()], extra.to_vec()].concat()
    };
    let root = tokens.path().to_owned();
    let countersign = Kind {
        bin: "gongwen-countersign",
        port: countersign_port,
        args: args(&[]),
        env: common(None),
        root: root.clone(),
    };
    let intake = Kind {
        bin: "gongwen-intake",
        port: intake_port,
        args: args(&["--countersign-url".into(), format!("http://countersign:{countersign_port}")]),
        env: common(Some(token_file("intake"))),
        root: root.clone(),
    };
    let approval = Kind {
        bin: "gongwen-approval",
        port: approval_port,
        args: args(&["--intake-url".into(), format!("http://intake:{intake_port}")]),
        env: common(Some(token_file("approval"))),
        root,
    };
    let mut countersigns = countersign.start_all(OPENED).await;
    let mut intakes = intake.start_all(OPENED).await;
    let mut approvals = approval.start_all(OPENED).await;

    let platform = balanced(intake_port, SENDER);
    let lead = balanced(countersign_port, "department:audit");
    let office = balanced(intake_port, "office");

    // Phase 1: documents, certified documents and lapsing rounds, all at once;
    // one process of each kind is killed and restarted in the middle.
    let plain = tokio::spawn({
        let platform = platform.clone();
        async move {
            let sem = Arc::new(tokio::sync::Semaphore::new(16));
            let tasks: Vec<_> = (0..PLAIN)
                .map(|n| {
                    let (platform, sem) = (platform.clone(), sem.clone());
                    tokio::spawn(async move {
                        let _p = sem.acquire().await.unwrap();
                        submit(&platform, nth_request(n)).await
                    })
                })
                .collect();
            let mut acked = Vec::new();
            for t in tasks {
                acked.push(t.await.unwrap());
            }
            acked
        }
    });
    let certified = tokio::spawn({
        let (platform, lead) = (platform.clone(), lead.clone());
        async move {
            let mut acked = Vec::new();
            for n in PLAIN..PLAIN + CERTIFIED {
                acked.push(certified(&platform, &lead, n).await);
            }
            acked
        }
    });
    let lapsing = tokio::spawn({
        let lead = lead.clone();
        async move {
            for i in 0..LAPSING {
                let body = format!("将要逾期的会签稿{i}");
                retry("open", || {
                    let mut c = CountersignClient::new(lead.clone());
                    let r = open(10_000 + i, &body, &["finance", "drc", "justice"]);
                    async move { c.open_round(r).await.map(|_| ()) }
                })
                .await;
            }
        }
    });
    // Mid-run: once some documents are in, with the rest still coming.
    let db = Database::connect(&url, 2).await.unwrap();
    while count(&db, "SELECT count(*) FROM intake_submissions").await < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!plain.is_finished() && !certified.is_finished(), "the kill comes mid-run");
    countersigns.remove(0).kill9();
    intakes.remove(0).kill9();
    approvals.remove(0).kill9();
    tokio::time::sleep(Duration::from_millis(300)).await;
    countersigns.push(countersign.start(0, OPENED).await);
    intakes.push(intake.start(0, OPENED).await);
    approvals.push(approval.start(0, OPENED).await);

    let mut acked = plain.await.unwrap();
    let with_certificate = certified.await.unwrap();
    lapsing.await.unwrap();
    for s in &with_certificate {
        assert_eq!(s.state(), ipb::SubmissionState::Registered, "{:?}", s.findings);
    }
    acked.extend(with_certificate);

    // Every acknowledged submission is there as acknowledged, registered once, numbered without a gap.
    let mut stored = BTreeMap::new();
    let mut page_token = String::new();
    loop {
        let page = retry("list", || {
            let mut c = IntakeClient::new(office.clone());
            let r = ipb::ListRequest { page_size: 500, page_token: page_token.clone(), ..Default::default() };
            async move { c.list(r).await.map(|r| r.into_inner()) }
        })
        .await;
        stored.extend(page.submissions.into_iter().map(|s| (s.id.clone(), s)));
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    assert_eq!(stored.len(), PLAIN + CERTIFIED, "one submission per document, however often it was retried");
    for s in &acked {
        assert_eq!(stored.get(&s.id), Some(s), "an acknowledged submission was lost or changed");
    }
    let seqs: BTreeSet<i64> = stored.values().map(|s| s.receipt_seq).collect();
    assert_eq!(seqs, (1..=stored.len() as i64).collect(), "receipt numbers are gapless and unique");

    // Every registered document routed once, by whichever approval replica took it.
    let start = Instant::now();
    while count(&db, "SELECT count(*) FROM approval_items").await < stored.len() as i64 {
        assert!(start.elapsed() < Duration::from_secs(60), "not every registered document reached approval");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(count(&db, "SELECT count(*) FROM approval_items").await, stored.len() as i64);
    let routed: BTreeSet<String> = db
        .fetch_all(gongwen_store::query("SELECT submission_id FROM approval_items"))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.get(0).unwrap())
        .collect();
    assert_eq!(routed, stored.keys().cloned().collect::<BTreeSet<_>>());

    // Phase 2: the countersign replicas come back after the deadlines; one dies while they fire.
    assert_eq!(count(&db, "SELECT count(*) FROM countersign_tasks WHERE state = 'PENDING'").await, 3 * LAPSING as i64);
    for c in countersigns.drain(..) {
        c.kill9();
    }
    let mut countersigns = countersign.start_all(LATER).await;
    countersigns.remove(1).kill9();
    let start = Instant::now();
    while count(&db, "SELECT count(*) FROM countersign_tasks WHERE state = 'PENDING'").await > 0 {
        assert!(start.elapsed() < Duration::from_secs(60), "deadlines still pending");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    countersigns.push(countersign.start(1, LATER).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let deemed = "SELECT count(*) FROM countersign_events WHERE kind = 'DEEMED_CONSENT'";
    let distinct = "SELECT count(*) FROM (SELECT DISTINCT round_id, department FROM countersign_events \
                    WHERE kind = 'DEEMED_CONSENT') d";
    assert_eq!(count(&db, deemed).await, 3 * LAPSING as i64, "every deadline fired once");
    assert_eq!(count(&db, distinct).await, 3 * LAPSING as i64);
    // Whatever the replicas' sealers have not chained yet, chained now (as any reader does).
    gongwen_audit::seal(&db, None, gongwen_audit::Wait::Yes).await.unwrap();
    let lapses = "SELECT count(*) FROM audit_log WHERE chain = 'countersign' AND action = 'countersign.deadline'";
    assert_eq!(count(&db, lapses).await, LAPSING as i64, "one audited lapse per round");

    // Nine writers, three killed mid-write: every chain unbroken.
    for chain in ["intake", "countersign", "approval"] {
        let report = gongwen_audit::verify(&db, Some(chain)).await.unwrap();
        assert!(report.entries > 0 && report.chains == [chain], "{chain}: {report:?}");
        assert_eq!(report.first_broken, None, "{chain}");
    }
    drop((intakes, approvals, countersigns));
}
