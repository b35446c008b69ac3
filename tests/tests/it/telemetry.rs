//! One document, one trace: the services, started as separate processes,
//! export their spans over OTLP to a receiver in this test; the call from the
//! platform, intake's Submit, its VerifyCertificate call to countersign and
//! countersign's answer, and approval taking the registration from intake's
//! event stream are one connected trace, named by the RPC semantic
//! conventions; the registrar's batch links to the submissions it stored.
//! The same run checks the metrics, pushed over OTLP and scraped from the
//! Prometheus endpoint.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use gongwen_proto::{
    Resource,
    approval::v1::{self as apb, approval_service_client::ApprovalServiceClient as ApprovalClient},
    countersign::v1::{self as cpb, countersign_service_client::CountersignServiceClient as CountersignClient},
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use opentelemetry_proto::tonic::{
    collector::{
        metrics::v1::{
            ExportMetricsServiceRequest, ExportMetricsServiceResponse,
            metrics_service_server::{MetricsService, MetricsServiceServer},
        },
        trace::v1::{
            ExportTraceServiceRequest, ExportTraceServiceResponse,
            trace_service_server::{TraceService, TraceServiceServer},
        },
    },
    common::v1::{KeyValue, any_value::Value},
    metrics::v1::{metric::Data, number_data_point},
    trace::v1::span::SpanKind,
};

use crate::harness::{Child, as_subject, channel, nth_request};

/// A span as received: which service sent it, and what it says.
#[derive(Debug, Clone)]
struct Received {
    service: String,
    name: String,
    kind: SpanKind,
    trace_id: String,
    span_id: String,
    parent: String,
    attributes: BTreeMap<String, String>,
    /// The trace ids this span links to.
    links: Vec<String>,
}

#[derive(Default)]
struct Receiver(Arc<Mutex<Vec<Received>>>);

fn text(v: &Option<opentelemetry_proto::tonic::common::v1::AnyValue>) -> String {
    match v.as_ref().and_then(|v| v.value.as_ref()) {
        Some(Value::StringValue(s)) => s.clone(),
        Some(Value::IntValue(i)) => i.to_string(),
        Some(Value::BoolValue(b)) => b.to_string(),
        other => format!("{other:?}"),
    }
}

#[tonic::async_trait]
impl TraceService for Receiver {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        let mut spans = self.0.lock().unwrap();
        for rs in request.into_inner().resource_spans {
            let service = rs
                .resource
                .iter()
                .flat_map(|r| &r.attributes)
                .find(|a| a.key == "service.name")
                .map(|a| text(&a.value))
                .unwrap_or_default();
            for span in rs.scope_spans.into_iter().flat_map(|s| s.spans) {
                spans.push(Received {
                    service: service.clone(),
                    kind: span.kind(),
                    name: span.name,
                    trace_id: hex::encode(span.trace_id),
                    span_id: hex::encode(span.span_id),
                    parent: hex::encode(span.parent_span_id),
                    attributes: span.attributes.iter().map(|a| (a.key.clone(), text(&a.value))).collect(),
                    links: span.links.iter().map(|l| hex::encode(&l.trace_id)).collect(),
                });
            }
        }
        Ok(tonic::Response::new(ExportTraceServiceResponse::default()))
    }
}

/// One data point as last exported: its service, metric, attributes, and
/// value (a sum's value, a histogram's count).
#[derive(Debug, Clone)]
struct Point {
    service: String,
    metric: String,
    attributes: BTreeMap<String, String>,
    value: f64,
}

#[derive(Default)]
struct Metrics(Arc<Mutex<Vec<Point>>>);

fn attributes(kvs: &[KeyValue]) -> BTreeMap<String, String> {
    kvs.iter().map(|a| (a.key.clone(), text(&a.value))).collect()
}

#[tonic::async_trait]
impl MetricsService for Metrics {
    async fn export(
        &self,
        request: tonic::Request<ExportMetricsServiceRequest>,
    ) -> Result<tonic::Response<ExportMetricsServiceResponse>, tonic::Status> {
        let mut points = self.0.lock().unwrap();
        for rm in request.into_inner().resource_metrics {
            let service = rm
                .resource
                .iter()
                .flat_map(|r| &r.attributes)
                .find(|a| a.key == "service.name")
                .map(|a| text(&a.value))
                .unwrap_or_default();
            for metric in rm.scope_metrics.into_iter().flat_map(|s| s.metrics) {
                let now: Vec<(BTreeMap<String, String>, f64)> = match &metric.data {
                    Some(Data::Sum(s)) => s
                        .data_points
                        .iter()
                        .map(|p| {
                            let v = match p.value {
                                Some(number_data_point::Value::AsInt(i)) => i as f64,
                                Some(number_data_point::Value::AsDouble(d)) => d,
                                None => 0.0,
                            };
                            (attributes(&p.attributes), v)
                        })
                        .collect(),
                    Some(Data::Histogram(h)) => {
                        h.data_points.iter().map(|p| (attributes(&p.attributes), p.count as f64)).collect()
                    }
                    _ => Vec::new(),
                };
                // Cumulative: the latest export of a series replaces the earlier ones.
                for (attributes, value) in now {
                    points.retain(|p| !(p.service == service && p.metric == metric.name && p.attributes == attributes));
                    points.push(Point { service: service.clone(), metric: metric.name.clone(), attributes, value });
                }
            }
        }
        Ok(tonic::Response::new(ExportMetricsServiceResponse::default()))
    }
}

/// The value of the series of `metric` from `service` whose attributes include `with`.
fn value(points: &[Point], service: &str, metric: &str, with: &[(&str, &str)]) -> f64 {
    points
        .iter()
        .filter(|p| p.service == service && p.metric == metric)
        .filter(|p| with.iter().all(|(k, v)| p.attributes.get(*k).is_some_and(|a| a == v)))
        .map(|p| p.value)
        .sum()
}

/// `GET /metrics` over plain HTTP/1.1.
/// The value of the Prometheus series `name` whose labels include every one of `labels`.
pub(crate) fn series(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .find(|l| labels.iter().all(|(k, v)| l.contains(&format!("{k}=\"{v}\""))))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

pub(crate) async fn scrape(addr: std::net::SocketAddr) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_and_its_certificate_check_across_two_processes_are_one_trace() {
    let spans: Arc<Mutex<Vec<Received>>> = Arc::default();
    let points: Arc<Mutex<Vec<Point>>> = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let collector = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(TraceServiceServer::new(Receiver(spans.clone())))
            .add_service(MetricsServiceServer::new(Metrics(points.clone())))
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );
    let otel = [
        ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.as_str()),
        ("OTEL_BSP_SCHEDULE_DELAY", "100"),
        ("OTEL_METRIC_EXPORT_INTERVAL", "200"),
        ("RUST_LOG", "warn,otel=info"),
    ];
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let countersign = Child::spawn_bin("gongwen-countersign", &[], &["--database-url", &url], &otel).await;
    let countersign_url = format!("http://{}", countersign.addr);
    // Intake calls countersign with a service token it is given.
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("intake.token");
    std::fs::write(&token_file, crate::harness::token("service:intake")).unwrap();
    let metrics_at = std::net::SocketAddr::from(([127, 0, 0, 1], crate::harness::free_port()));
    let metrics_listen = metrics_at.to_string();
    let intake_env: Vec<(&str, &str)> = otel
        .iter()
        .copied()
        .chain([
            ("GONGWEN_SERVICE_TOKEN_FILE", token_file.to_str().unwrap()),
            ("GONGWEN_METRICS_LISTEN", metrics_listen.as_str()),
        ])
        .collect();
    let intake = Child::spawn_bin(
        "gongwen-intake",
        &[],
        &[
            "--database-url",
            &url,
            "--countersign-url",
            &countersign_url,
            "--data-dir",
            &dir.path().display().to_string(),
        ],
        &intake_env,
    )
    .await;

    // The platform's own trace: intake continues it.
    let trace_id = format!("{:032x}", fastrand::u128(1..));
    let platform_span = format!("{:016x}", fastrand::u64(1..));
    let mut req = nth_request(0);
    let env = req.envelope.as_mut().unwrap();
    env.concerned_departments = vec!["finance".into()];
    env.countersign = Some(ipb::CountersignCertificate {
        round_id: "no-such-round".into(),
        digest: "d".into(),
        ..Default::default()
    });
    let mut call = tonic::Request::new(req);
    call.metadata_mut().insert("traceparent", format!("00-{trace_id}-{platform_span}-01").parse().unwrap());
    let sub = IntakeClient::new(channel(intake.addr).await).submit(call).await.unwrap().into_inner();
    assert!(sub.submission.unwrap().findings.iter().any(|f| f.code == "COUNTERSIGNED"));

    let want = |s: &Received, service: &str, method: &str, kind: SpanKind| {
        s.service == service && s.kind == kind && s.attributes.get("rpc.method").is_some_and(|m| m == method)
    };
    let start = Instant::now();
    let (submit, verify_client, verify_server) = loop {
        {
            let got = spans.lock().unwrap();
            let find = |service: &str, method: &str, kind: SpanKind| {
                got.iter().find(|s| s.trace_id == trace_id && want(s, service, method, kind)).cloned()
            };
            if let (Some(a), Some(b), Some(c)) = (
                find("gongwen-intake", "Submit", SpanKind::Server),
                find("gongwen-intake", "VerifyCertificate", SpanKind::Client),
                find("gongwen-countersign", "VerifyCertificate", SpanKind::Server),
            ) {
                break (a, b, c);
            }
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the trace is not connected: {:#?}", spans.lock().unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Parent to child: the platform's span → intake's Submit → its call → countersign's answer.
    assert_eq!(submit.parent, platform_span);
    assert_eq!(verify_server.parent, verify_client.span_id);
    let by_id: BTreeMap<String, Received> =
        spans.lock().unwrap().iter().map(|s| (s.span_id.clone(), s.clone())).collect();
    let mut up = verify_client.parent.clone();
    while up != submit.span_id {
        up = by_id.get(&up).unwrap_or_else(|| panic!("the client span's ancestry breaks at {up}")).parent.clone();
    }
    // The RPC semantic conventions.
    assert_eq!(submit.name, "gongwen.intake.v1.IntakeService/Submit");
    assert_eq!(submit.attributes["rpc.system"], "grpc");
    assert_eq!(submit.attributes["rpc.service"], "gongwen.intake.v1.IntakeService");
    assert_eq!(submit.attributes["rpc.grpc.status_code"], "0");
    assert_eq!(verify_server.attributes["rpc.service"], "gongwen.countersign.v1.CountersignService");
    assert!(verify_server.attributes.contains_key("rpc.grpc.status_code"));

    // A registration travels on to approval through intake's event stream: the trace goes with it.
    let token_file = dir.path().join("approval.token");
    std::fs::write(&token_file, crate::harness::token("service:approval")).unwrap();
    let intake_url = format!("http://{}", intake.addr);
    let approval_dir = tempfile::tempdir().unwrap();
    let approval_env: Vec<(&str, &str)> =
        otel.iter().copied().chain([("GONGWEN_SERVICE_TOKEN_FILE", token_file.to_str().unwrap())]).collect();
    let approval = Child::spawn_bin(
        "gongwen-approval",
        &[],
        &[
            "--database-url",
            &url,
            "--intake-url",
            &intake_url,
            "--data-dir",
            &approval_dir.path().display().to_string(),
        ],
        &approval_env,
    )
    .await;
    let second = format!("{:032x}", fastrand::u128(1..));
    let mut call = tonic::Request::new(nth_request(1));
    call.metadata_mut().insert("traceparent", format!("00-{second}-{platform_span}-01").parse().unwrap());
    let sub = IntakeClient::new(channel(intake.addr).await).submit(call).await.unwrap().into_inner();
    let sub = sub.submission.unwrap();
    assert_eq!(sub.state(), ipb::SubmissionState::Registered);
    let second_id = sub.id;
    let start = Instant::now();
    loop {
        {
            let got = spans.lock().unwrap();
            let receive = got
                .iter()
                .find(|s| s.trace_id == second && s.service == "gongwen-approval" && s.name == "approval.receive");
            let get = got.iter().find(|s| s.trace_id == second && want(s, "gongwen-intake", "Get", SpanKind::Server));
            let batch = got.iter().find(|s| s.name == "intake.register_batch" && s.links.contains(&second));
            // The registrar's transaction: a child span of its batch.
            let transaction = batch.and_then(|b| {
                got.iter().find(|s| s.name == "db.transaction" && s.parent == b.span_id && s.trace_id == b.trace_id)
            });
            if let (Some(receive), Some(get), Some(tx)) = (receive, get, transaction) {
                assert_eq!(tx.attributes["db.system.name"], "postgresql");
                assert_eq!(tx.attributes["db.outcome"], "commit");
                // approval.receive → its Get call (client) → intake's Get (server).
                let client = got.iter().find(|s| s.span_id == get.parent).expect("the Get call's client span");
                assert_eq!(
                    (client.service.as_str(), client.parent.as_str()),
                    ("gongwen-approval", receive.span_id.as_str())
                );
                break;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "approval's routing is not in the submission's trace: {:#?}",
            spans.lock().unwrap().iter().filter(|s| s.trace_id == second).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The counters of what happened: pushed over OTLP…
    let start = Instant::now();
    loop {
        let (returned, registered, submits, batches, waits, lag) = {
            let p = points.lock().unwrap();
            (
                value(
                    &p,
                    "gongwen-intake",
                    "gongwen.intake.documents",
                    &[("outcome", "returned"), ("code", "COUNTERSIGNED")],
                ),
                value(&p, "gongwen-intake", "gongwen.intake.documents", &[("outcome", "registered")]),
                value(
                    &p,
                    "gongwen-intake",
                    "rpc.server.call.duration",
                    &[("rpc.method", "Submit"), ("rpc.grpc.status_code", "0")],
                ),
                value(&p, "gongwen-intake", "gongwen.intake.registrar.batch_size", &[]),
                value(&p, "gongwen-intake", "db.client.connection.wait_time", &[("db.system.name", "postgresql")]),
                value(&p, "gongwen-approval", "gongwen.approval.consumer.lag", &[]),
            )
        };
        if (returned, registered, submits, batches) == (1.0, 1.0, 2.0, 2.0) && waits >= 2.0 && lag >= 1.0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "returned {returned}, registered {registered}, Submit calls {submits}, batches {batches}, \
             transactions {waits}, events taken {lag}: {:#?}",
            points.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // …and scraped by Prometheus.
    let text = scrape(metrics_at).await;
    let registered = text
        .lines()
        .find(|l| l.starts_with("gongwen_intake_documents_total{") && l.contains(r#"outcome="registered""#))
        .unwrap_or_else(|| panic!("no registered count in /metrics:\n{text}"));
    assert!(registered.ends_with(" 1"), "{registered}");
    assert!(text.contains("rpc_server_call_duration_seconds_bucket{"), "{text}");

    // A certificate carries the trace its round was opened in: the check and the submission
    // that relies on it link there.
    let round_trace = format!("{:032x}", fastrand::u128(1..));
    let mut doc = nth_request(2);
    let body = doc.document.as_ref().unwrap().body.clone();
    let mut open = as_subject("department:audit", crate::countersign::open("audit", &["finance"], &body, "traced"));
    open.metadata_mut().insert("traceparent", format!("00-{round_trace}-{platform_span}-01").parse().unwrap());
    let mut lead = CountersignClient::new(channel(countersign.addr).await);
    let round = lead.open_round(open).await.unwrap().into_inner().resource();
    let signed_by = gongwen_org::builtin("jining").unwrap().department("finance").unwrap().principal_head.clone();
    let reply = cpb::ReplyRequest {
        round_id: round.id.clone(),
        department: "finance".into(),
        verdict: gongwen_proto::common::v1::Verdict::Agreed as i32,
        signed_by,
        ..Default::default()
    };
    lead.reply(as_subject("department:finance", reply)).await.unwrap();
    let conclude = cpb::ConcludeRequest { round_id: round.id.clone(), ..Default::default() };
    let cert = lead.conclude(as_subject("department:audit", conclude)).await.unwrap().into_inner().resource();
    let env = doc.envelope.as_mut().unwrap();
    env.concerned_departments = vec!["finance".into()];
    env.countersign =
        Some(ipb::CountersignCertificate { round_id: cert.round_id, digest: cert.digest, ..Default::default() });
    let third = IntakeClient::new(channel(intake.addr).await).submit(doc).await.unwrap().into_inner();
    let third = third.submission.unwrap();
    assert_eq!(third.state(), ipb::SubmissionState::Registered, "{:?}", third.findings);
    let linked = |service: &str, method: &str, to: &str| {
        spans
            .lock()
            .unwrap()
            .iter()
            .any(|s| want(s, service, method, SpanKind::Server) && s.links.iter().any(|l| l == to))
    };
    let start = Instant::now();
    while !(linked("gongwen-countersign", "VerifyCertificate", &round_trace)
        && linked("gongwen-intake", "Submit", &round_trace))
    {
        assert!(start.elapsed() < Duration::from_secs(20), "the certificate's checks do not link to its round's trace");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The decision, in the leader's own trace, links to the document's (the second submission's).
    let mut approvals = ApprovalClient::new(channel(approval.addr).await);
    let item = approvals
        .get(as_subject("office", apb::GetRequest::by_submission_id(second_id.clone())))
        .await
        .unwrap()
        .into_inner()
        .resource();
    let propose =
        apb::ProposeRequest { id: item.id.clone(), proposal: "拟请领导审批".into(), ..Default::default() };
    let item = approvals.propose(as_subject("office", propose)).await.unwrap().into_inner().resource();
    let decide = crate::harness::approve(&item.id);
    approvals.decide(as_subject(&format!("leader:{}", item.acting_leader), decide)).await.unwrap();
    let start = Instant::now();
    while !linked("gongwen-approval", "Decide", &second) {
        assert!(start.elapsed() < Duration::from_secs(20), "the decision does not link to the document's trace");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.abort();
    drop((approval, intake, countersign));
}
