//! Fuzzing the edges: arbitrary request bytes against every RPC of the real
//! server (its first inputs over real HTTP/2 connections, the rest in process
//! behind the same layers), as a careless or hostile
//! platform would send them — random bytes, mutated valid messages, invalid
//! UTF-8 in strings, fields of the wrong wire type, huge repeated fields.
//! Every answer must be a success or a documented error (`docs/errors.md`:
//! an `ErrorInfo` whose reason is in the table, with the table's status);
//! no input may crash a handler (a panic would surface as a transport error),
//! and the server must still answer health checks at the end.
//!
//! A test binary of its own: cargo runs test binaries one after another, so
//! its minutes of full load never overlap the timing of other end-to-end tests.
//!
//! `GONGWEN_FUZZ_INPUTS` sets the number of inputs (default 1,000,000 per CI
//! run, split across the RPCs; the seed is printed so a failure can be replayed
//! with `GONGWEN_FUZZ_SEED`).

#![allow(clippy::disallowed_methods)] // the run is timed by the wall clock, to report its rate

// The end-to-end tests' harness; this binary uses a part of it.
#[allow(dead_code, unused_macros, unused_imports)]
#[path = "../it/harness.rs"]
mod harness;

use std::{collections::HashMap, time::Duration};

use futures::{StreamExt, stream};
use gongwen_proto::{
    approval::v1 as apb, audit::v1 as aupb, calendar::v1 as calpb, common::v1 as pb, countersign::v1 as cpb,
    intake::v1 as ipb,
};
use gongwen_store::Backend;
use prost::Message;
use tonic::{Code, Status};
use tonic_types::StatusExt;

use crate::harness::{Raw, TestServer, nth_request, token};

/// Every unary RPC with a valid request to mutate (Watch streams are fuzzed apart).
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let sub = nth_request(7);
    let (doc, env) = (sub.document.clone().unwrap(), sub.envelope.clone().unwrap());
    let id = "4f9a1c2e-0000-4000-8000-000000000001".to_owned();
    let round = cpb::OpenRoundRequest {
        lead_department: "audit".into(),
        draft: Some(cpb::Draft {
            title: "关于开展专项审计的请示".into(),
            doc_type: pb::DocType::Request as i32,
            summary: "专项审计".into(),
            content_sha256: "ab".repeat(32),
        }),
        participants: vec!["finance".into(), "drc".into()],
        limit: cpb::LimitKind::RulebookDefault as i32,
        limit_working_days: 0,
        idempotency_key: "fuzz".into(),
    };
    let t = prost_types::Timestamp { seconds: 1_790_000_000, nanos: 0 };
    vec![
        (
            "/gongwen.intake.v1.IntakeService/Precheck",
            ipb::PrecheckRequest { document: Some(doc.clone()), envelope: Some(env) }.encode_to_vec(),
        ),
        ("/gongwen.intake.v1.IntakeService/Submit", sub.encode_to_vec()),
        ("/gongwen.intake.v1.IntakeService/Get", ipb::GetRequest::by_receipt_number("收文〔2026〕1号").encode_to_vec()),
        (
            "/gongwen.intake.v1.IntakeService/List",
            ipb::ListRequest { page_size: 10, ..Default::default() }.encode_to_vec(),
        ),
        (
            "/gongwen.intake.v1.IntakeService/ReturnAfterReview",
            ipb::ReturnAfterReviewRequest {
                id: id.clone(),
                upheld_codes: vec!["ONE_MATTER_PER_REQUEST".into()],
                reason: "一文两事".into(),
                request_id: id.clone(),
            }
            .encode_to_vec(),
        ),
        ("/gongwen.countersign.v1.CountersignService/OpenRound", round.encode_to_vec()),
        (
            "/gongwen.countersign.v1.CountersignService/Reply",
            cpb::ReplyRequest {
                round_id: id.clone(),
                department: "finance".into(),
                verdict: pb::Verdict::Agreed as i32,
                comments: String::new(),
                signed_by: "钱卫东".into(),
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.countersign.v1.CountersignService/RequestExtension",
            cpb::RequestExtensionRequest {
                round_id: id.clone(),
                department: "finance".into(),
                working_days: 5,
                reason: "调研".into(),
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.countersign.v1.CountersignService/DecideExtension",
            cpb::DecideExtensionRequest {
                round_id: id.clone(),
                department: "finance".into(),
                grant: true,
                note: String::new(),
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.countersign.v1.CountersignService/Escalate",
            cpb::EscalateRequest {
                round_id: id.clone(),
                outcome: "协调".into(),
                agreed: false,
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.countersign.v1.CountersignService/Conclude",
            cpb::ConcludeRequest { round_id: id.clone(), ..Default::default() }.encode_to_vec(),
        ),
        (
            "/gongwen.countersign.v1.CountersignService/Withdraw",
            cpb::WithdrawRequest { round_id: id.clone(), reason: "撤回".into(), request_id: String::new() }
                .encode_to_vec(),
        ),
        ("/gongwen.countersign.v1.CountersignService/Get", cpb::GetRequest { round_id: id.clone() }.encode_to_vec()),
        (
            "/gongwen.countersign.v1.CountersignService/List",
            cpb::ListRequest { lead_department: "audit".into(), ..Default::default() }.encode_to_vec(),
        ),
        (
            "/gongwen.countersign.v1.CountersignService/VerifyCertificate",
            cpb::VerifyCertificateRequest {
                round_id: id.clone(),
                digest: "00".repeat(32),
                content_sha256: "ab".repeat(32),
            }
            .encode_to_vec(),
        ),
        ("/gongwen.approval.v1.ApprovalService/Get", apb::GetRequest::by_id(id.clone()).encode_to_vec()),
        (
            "/gongwen.approval.v1.ApprovalService/Inbox",
            apb::InboxRequest { leader: "mayor".into(), page_size: 5, ..Default::default() }.encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/Propose",
            apb::ProposeRequest {
                id: id.clone(),
                proposal: "拟请分管副市长审批".into(),
                major: true,
                co_approvers: vec!["vm-sun".into()],
                ..Default::default()
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/Decide",
            apb::DecideRequest {
                id: id.clone(),
                kind: apb::DecisionKind::Approve as i32,
                opinion: "同意".into(),
                signed_name: "高".into(),
                signed_date: "2026年3月3日".into(),
                ..Default::default()
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/SetAbsence",
            apb::SetAbsenceRequest {
                leader: "vm-sun".into(),
                start_time: Some(t),
                end_time: Some(prost_types::Timestamp { seconds: t.seconds + 86_400, nanos: 0 }),
                reason: "出访".into(),
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/EndAbsence",
            apb::EndAbsenceRequest { id: id.clone(), request_id: String::new() }.encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/Forward",
            apb::ForwardRequest {
                id: id.clone(),
                departments: vec!["finance".into()],
                instruction: "研究办理".into(),
                due_working_days: 10,
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/Report",
            apb::ReportRequest {
                id: id.clone(),
                department: "finance".into(),
                report: "已办理".into(),
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/Verify",
            apb::VerifyRequest {
                id: id.clone(),
                department: "finance".into(),
                accepted: true,
                note: String::new(),
                request_id: String::new(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/Close",
            apb::CloseRequest { id: id.clone(), department: "finance".into(), request_id: String::new() }
                .encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/Overdue",
            apb::OverdueRequest { page_size: 10, page_token: String::new() }.encode_to_vec(),
        ),
        (
            "/gongwen.approval.v1.ApprovalService/SigningAuthority",
            apb::SigningAuthorityRequest {
                issuer: apb::Issuer::Government as i32,
                direction: apb::Direction::Downward as i32,
                subject: "personnel".into(),
            }
            .encode_to_vec(),
        ),
        (
            "/gongwen.audit.v1.AuditLogService/VerifyAudit",
            aupb::VerifyAuditRequest { chain: "intake".into() }.encode_to_vec(),
        ),
        (
            "/gongwen.audit.v1.AuditLogService/ListAudit",
            aupb::ListAuditRequest { chain: "intake".into(), after_seq: 0, page_size: 10, page_token: String::new() }
                .encode_to_vec(),
        ),
        (
            "/gongwen.calendar.v1.CalendarService/AddWorkingDays",
            calpb::AddWorkingDaysRequest { date: "2026-09-30".into(), working_days: 7, ..Default::default() }
                .encode_to_vec(),
        ),
        (
            "/gongwen.calendar.v1.CalendarService/IsWorkingDay",
            calpb::IsWorkingDayRequest { date: "2026-10-10".into(), ..Default::default() }.encode_to_vec(),
        ),
        (
            "/gongwen.calendar.v1.CalendarService/WorkingDaysBetween",
            calpb::WorkingDaysBetweenRequest {
                start_date: "2026-09-30".into(),
                end_date: "2026-10-15".into(),
                ..Default::default()
            }
            .encode_to_vec(),
        ),
        ("/gongwen.calendar.v1.CalendarService/ListYears", calpb::ListYearsRequest::default().encode_to_vec()),
        (
            "/gongwen.calendar.v1.CalendarService/PublishNotice",
            calpb::PublishNoticeRequest { notice_toml: "year = 2031\n".into(), request_id: String::new() }
                .encode_to_vec(),
        ),
    ]
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// One field of any number and wire type, well-formed or not.
fn field(rng: &mut fastrand::Rng, out: &mut Vec<u8>) {
    let number = rng.u64(1..=30);
    let wire = rng.u64(0..=7); // 3, 4, 6, 7 are groups or do not exist
    varint(out, number << 3 | wire);
    match wire {
        0 => varint(out, rng.u64(..)),
        1 => out.extend(rng.u64(..).to_le_bytes()),
        2 => {
            let len = rng.usize(0..64);
            varint(out, len as u64);
            // Invalid UTF-8 half of the time: these land in string fields.
            out.extend((0..len).map(|_| if rng.bool() { rng.u8(0x80..) } else { rng.u8(..) }));
        }
        5 => out.extend(rng.u32(..).to_le_bytes()),
        _ => out.extend((0..rng.usize(0..8)).map(|_| rng.u8(..))),
    }
}

/// An input for an RPC whose valid request is `seed`. The kinds are weighted
/// by what they find per second: cheap malformed inputs most, mutated valid
/// requests (they reach the handlers and the database) and huge repeated fields
/// (half a megabyte to decode) less often, every kind thousands of times a run.
fn mutate(rng: &mut fastrand::Rng, seed: &[u8]) -> Vec<u8> {
    let kind = match rng.u32(0..100) {
        0..=19 => 0,
        20..=35 => 1,
        36..=54 => 2,
        55..=74 => 3,
        75 => 4,
        76..=96 => 5,
        _ => 6,
    };
    match kind {
        // Random bytes.
        0 => (0..rng.usize(0..256)).map(|_| rng.u8(..)).collect(),
        // The valid request with bytes flipped.
        1 => {
            let mut v = seed.to_vec();
            for _ in 0..rng.usize(1..8) {
                if !v.is_empty() {
                    let i = rng.usize(..v.len());
                    v[i] ^= 1 << rng.u8(0..8);
                }
            }
            v
        }
        // Cut short.
        2 => seed[..rng.usize(0..=seed.len())].to_vec(),
        // With fields appended (a later field overrides an earlier one, a wrong wire type fails).
        3 => {
            let mut v = seed.to_vec();
            for _ in 0..rng.usize(1..6) {
                field(rng, &mut v);
            }
            v
        }
        // A huge repeated field: thousands of strings under one number.
        4 => {
            let mut v = seed.to_vec();
            let number = rng.u64(1..=12);
            let item: Vec<u8> = (0..rng.usize(1..24)).map(|_| rng.u8(b'a'..=b'z')).collect();
            for _ in 0..rng.usize(1_000..20_000) {
                varint(&mut v, number << 3 | 2);
                varint(&mut v, item.len() as u64);
                v.extend(&item);
            }
            v
        }
        // Only made-up fields (decodes to an almost empty request).
        5 => {
            let mut v = Vec::new();
            for _ in 0..rng.usize(0..10) {
                field(rng, &mut v);
            }
            v
        }
        // The valid request itself (it must keep working).
        _ => seed.to_vec(),
    }
}

/// Inputs per server (each round starts a fresh one), and how many of them go
/// over real HTTP/2 connections (the rest in process).
const ROUND: usize = 20_000;
const NETWORK_PER_ROUND: usize = 400;

/// What a documented answer is: each code's status (DATABASE may also be Internal).
fn documented() -> HashMap<&'static str, Code> {
    gongwen::errors::rows().into_iter().map(|r| (r.code.reason, r.code.status)).collect()
}

fn check(path: &str, status: &Status, table: &HashMap<&'static str, Code>) -> Result<(), String> {
    let Some(info) = status.get_details_error_info() else {
        return Err(format!("{path}: {:?} without an ErrorInfo: {}", status.code(), status.message()));
    };
    match table.get(info.reason.as_str()) {
        Some(code) if *code == status.code() => Ok(()),
        Some(_) if info.reason == "DATABASE" && status.code() == Code::Internal => Ok(()),
        Some(code) => Err(format!("{path}: {} answered {:?}, documented {:?}", info.reason, status.code(), code)),
        None => Err(format!(
            "{path}: reason {} is not in docs/errors.md ({:?}: {})",
            info.reason,
            status.code(),
            status.message()
        )),
    }
}

/// What became of a run of inputs: answered, refused as documented, and the first undocumented answers.
#[derive(Default)]
struct Tally {
    ok: usize,
    refused: usize,
    bad: Vec<String>,
}

/// Sends inputs `range` (input `n` is drawn from `seed` and `n` alone, so a
/// failure replays) through `grpc`, 128 at a time.
async fn drive<T>(
    grpc: tonic::client::Grpc<T>,
    range: std::ops::Range<usize>,
    seed: u64,
    auth: &tonic::metadata::MetadataValue<tonic::metadata::Ascii>,
    seeds: &[(&'static str, Vec<u8>)],
    table: &HashMap<&'static str, Code>,
) -> Tally
where
    T: tonic::client::GrpcService<tonic::body::Body> + Clone,
    T::ResponseBody: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    <T::ResponseBody as http_body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    stream::iter(range)
        .map(|n| {
            let mut rng = fastrand::Rng::with_seed(seed ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let (path, valid) = &seeds[rng.usize(..seeds.len())];
            let body = mutate(&mut rng, valid);
            let mut grpc = grpc.clone();
            let auth = auth.clone();
            async move {
                grpc.ready().await.map_err(|e| format!("{path}: not ready: {}", e.into()))?;
                let mut req = tonic::Request::new(body);
                req.metadata_mut().insert("authorization", auth);
                let answer = grpc.unary::<_, Vec<u8>, _>(req, path.parse().unwrap(), Raw).await;
                match answer {
                    Ok(_) => Ok(true),
                    Err(status) => check(path, &status, table).map(|()| false),
                }
            }
        })
        .buffer_unordered(128)
        .fold(Tally::default(), |mut t, r| async move {
            match r {
                Ok(true) => t.ok += 1,
                Ok(false) => t.refused += 1,
                Err(e) if t.bad.len() < 20 => t.bad.push(e),
                Err(_) => {}
            }
            t
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rpc_answers_arbitrary_bytes_with_a_documented_status() {
    let inputs: usize = std::env::var("GONGWEN_FUZZ_INPUTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 =
        std::env::var("GONGWEN_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    println!("fuzz: {inputs} inputs, seed {seed} (GONGWEN_FUZZ_SEED={seed} replays them)");
    // The office may call almost every RPC, so inputs reach the handlers' own checks.
    let auth: tonic::metadata::MetadataValue<_> = format!("Bearer {}", token("office")).parse().unwrap();
    let seeds = seeds();
    let table = documented();
    let started = std::time::Instant::now();
    // Rounds against a fresh server each: the inputs that succeed write (receipts, rounds, audit
    // entries), and a database grown by a million writes would make the run quadratic
    // (VerifyAudit reads its whole chain).
    let (mut ok, mut refused, mut bad) = (0, 0, Vec::new());
    let mut s = None;
    for from in (0..inputs).step_by(ROUND) {
        if let Some(old) = s.take() {
            TestServer::stop(old).await;
        }
        let server = TestServer::start(Backend::Sqlite, "jining").await;
        let to = (from + ROUND).min(inputs);
        // Each round's first inputs over HTTP/2 connections (framing, the transport's limits),
        // the rest in process behind the same layers, from two tasks so both worker threads
        // run handlers.
        let networked = from + NETWORK_PER_ROUND.min(to - from);
        // One task per range, over its transport (a macro: the two transports are different types).
        let mut runs = Vec::new();
        macro_rules! spawn_drive {
            ($transport:expr, $range:expr) => {{
                let (grpc, range) = (tonic::client::Grpc::new($transport), $range);
                let (auth, seeds, table) = (auth.clone(), seeds.clone(), table.clone());
                runs.push(tokio::spawn(async move { drive(grpc, range, seed, &auth, &seeds, &table).await }));
            }};
        }
        for c in 0..4 {
            let channel = crate::harness::raw_channel(server.addr).await;
            spawn_drive!(channel, from + (networked - from) * c / 4..from + (networked - from) * (c + 1) / 4);
        }
        let half = networked + (to - networked) / 2;
        for range in [networked..half, half..to] {
            spawn_drive!(server.in_process.clone(), range);
        }
        for run in futures::future::join_all(runs).await {
            let t = run.expect("no panic in the fuzzing tasks");
            ok += t.ok;
            refused += t.refused;
            bad.extend(t.bad);
        }
        s = Some(server);
    }
    let s = s.expect("at least one input");
    let elapsed = started.elapsed();
    println!(
        "fuzz: {ok} answered, {refused} refused with a documented status, {} otherwise, in {:.1} s ({:.0}/s; \
         {NETWORK_PER_ROUND} per round of {ROUND} over HTTP/2, the rest in process)",
        inputs - ok - refused,
        elapsed.as_secs_f64(),
        inputs as f64 / elapsed.as_secs_f64(),
    );
    assert!(bad.is_empty(), "undocumented answers (seed {seed}):\n{}", bad.join("\n"));
    assert_eq!(ok + refused, inputs);
    assert!(ok > 0 && refused > 0, "the inputs reach both outcomes");
    let channels = [crate::harness::raw_channel(s.addr).await];

    // Watch streams: the same inputs, each stream read for its first answer.
    for n in 0..300u64 {
        let mut rng = fastrand::Rng::with_seed(seed ^ n);
        let path = [
            "/gongwen.intake.v1.IntakeService/Watch",
            "/gongwen.countersign.v1.CountersignService/Watch",
            "/gongwen.approval.v1.ApprovalService/Watch",
        ][rng.usize(..3)];
        let body = mutate(&mut rng, &[]);
        let mut grpc = tonic::client::Grpc::new(channels[0].clone());
        grpc.ready().await.unwrap();
        let mut req = tonic::Request::new(body);
        req.metadata_mut().insert("authorization", auth.clone());
        match grpc.server_streaming::<_, Vec<u8>, _>(req, path.parse().unwrap(), Raw).await {
            Ok(mut stream) => {
                // Live streams stay open: the first answer, or nothing within a moment, is fine.
                if let Ok(Some(Err(status))) =
                    tokio::time::timeout(Duration::from_millis(20), stream.get_mut().message())
                        .await
                        .map(|r| r.transpose())
                {
                    check(path, &status, &table).unwrap();
                }
            }
            Err(status) => check(path, &status, &table).unwrap(),
        }
    }

    // Still serving.
    let mut health = tonic_health::pb::health_client::HealthClient::new(channels[0].clone());
    let served = health.check(tonic_health::pb::HealthCheckRequest::default()).await.unwrap().into_inner();
    assert_eq!(served.status(), tonic_health::pb::health_check_response::ServingStatus::Serving);
    s.stop().await;
}
