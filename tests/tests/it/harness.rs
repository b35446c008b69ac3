//! Boots servers and builds documents for the tests.

use gongwen_proto::Resource;
use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, OnceLock},
    time::Duration,
};

use chrono::Utc;
use gongwen::assemble::{self, Part, Plan};
use gongwen_auth::{
    Authenticator, Clearance, Credentials, Outbound, Role,
    token::{Minter, Verifier},
};
use gongwen_calendar::ManualClock;
use gongwen_deps::Deps;
use gongwen_proto::{
    approval::v1::approval_service_client::ApprovalServiceClient as ApprovalClient,
    audit::v1::audit_log_service_client::AuditLogServiceClient as AuditLogClient,
    common::v1 as pb,
    countersign::v1::countersign_service_client::CountersignServiceClient as CountersignClient,
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use gongwen_runtime::server::{InProcess, Limits, Services};
use gongwen_store::{Backend, Database};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use tonic::{service::interceptor::InterceptedService, transport::Channel};

/// Runs one async test body against each backend.
macro_rules! on_both_backends {
    ($(#[$m:meta])* async fn $name:ident($b:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($b: gongwen_store::Backend) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { body(gongwen_store::Backend::Sqlite).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { body(gongwen_store::Backend::Postgres).await }
        }
    };
}
pub(crate) use on_both_backends;

/// The signing key every test server trusts (a fresh Ed25519 pair per test run).
pub struct TestKeys {
    _dir: TempDir,
    pub private: PathBuf,
    pub public: PathBuf,
    minter: Minter,
}

pub fn keys() -> &'static TestKeys {
    static KEYS: OnceLock<TestKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (private, public) = gongwen_auth::token::ensure_dev_key(dir.path()).unwrap();
        let minter = Minter::from_pem_file(&private, "gongwen", "gongwen").unwrap();
        TestKeys { _dir: dir, private, public, minter }
    })
}

/// A bearer token for `subject` (`department:audit`, `leader:mayor`, `office`,
/// `service:x`), cleared for 绝密 unless `clearance` says otherwise.
pub fn token_with(subject: &str, clearance: Clearance) -> String {
    keys().minter.mint(&subject.parse().unwrap(), clearance, Duration::from_secs(3600)).unwrap()
}

pub fn token(subject: &str) -> String {
    token_with(subject, Clearance::TopSecret)
}

/// A request from `subject`.
pub fn as_subject<T>(subject: &str, msg: T) -> tonic::Request<T> {
    let mut r = tonic::Request::new(msg);
    r.metadata_mut().insert("authorization", format!("Bearer {}", token(subject)).parse().unwrap());
    r
}

/// Adds a default caller's token to requests that carry none.
#[derive(Clone)]
pub struct DefaultCaller(Option<String>);

impl tonic::service::Interceptor for DefaultCaller {
    fn call(&mut self, mut req: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(t) = &self.0
            && req.metadata().get("authorization").is_none()
        {
            req.metadata_mut().insert("authorization", format!("Bearer {t}").parse().unwrap());
        }
        Ok(req)
    }
}

pub type TestChannel = InterceptedService<Channel, DefaultCaller>;

/// A channel whose requests come from `subject` unless they say otherwise.
pub fn as_default(ch: Channel, subject: Option<&str>) -> TestChannel {
    InterceptedService::new(ch, DefaultCaller(subject.map(token)))
}

/// The department the harness's sample documents come from, and so the
/// intake client's default caller.
pub const SENDER: &str = "department:audit";

/// A server running in this process on 127.0.0.1:0.
pub struct TestServer {
    pub addr: SocketAddr,
    /// Calls as the audit bureau unless a request carries its own token.
    pub client: IntakeClient<TestChannel>,
    /// These two call as the office unless a request carries its own token.
    pub countersign: CountersignClient<TestChannel>,
    pub approval: ApprovalClient<TestChannel>,
    pub audit: AuditLogClient<TestChannel>,
    pub clock: ManualClock,
    pub db: Database,
    pub db_url: String,
    /// The same services behind the same layers, without a socket.
    pub in_process: InProcess,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    _dir: Arc<TempDir>,
}

impl TestServer {
    /// A request from department `dept` (or the office, for "office").
    pub fn as_dept<T>(dept: &str, msg: T) -> tonic::Request<T> {
        if dept == "office" { as_subject("office", msg) } else { as_subject(&format!("department:{dept}"), msg) }
    }

    pub async fn start(backend: Backend, rulebook: &str) -> Self {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let url = gongwen_store::testing::fresh_url(backend, dir.path())
            .await
            .expect("a fresh database (is PostgreSQL running?)");
        Self::start_on(&url, rulebook, dir).await
    }

    pub async fn start_on(url: &str, rulebook: &str, dir: Arc<TempDir>) -> Self {
        Self::start_with_clock(url, rulebook, dir, ManualClock::new(Utc::now())).await
    }

    /// Every service on one port, reading `clock`, trusting tokens signed
    /// with the test key; the services call each other as `service:gongwen`.
    pub async fn start_with_clock(url: &str, rulebook: &str, dir: Arc<TempDir>, clock: ManualClock) -> Self {
        Self::start_with(url, rulebook, dir, clock, None).await
    }

    /// As [`Self::start_with_clock`], working days ending at `office_end` (close of business).
    pub async fn start_with(
        url: &str,
        rulebook: &str,
        dir: Arc<TempDir>,
        clock: ManualClock,
        office_end: Option<chrono::NaiveTime>,
    ) -> Self {
        let db = Database::connect(url, 16).await.unwrap();
        let rb = Arc::new(gongwen_rules::builtin(rulebook).unwrap());
        let directory = Arc::new(gongwen_org::builtin(&rb.rulebook.directory).unwrap());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut services = Services::new(gongwen_proto::FILE_DESCRIPTOR_SET);
        let verifier = Verifier::from_files(std::slice::from_ref(&keys().public), "gongwen", "gongwen").unwrap();
        services.secure(Arc::new(Authenticator::new(Some(verifier), false)), None);
        let outbound = Outbound {
            tls: None,
            credentials: Credentials::minted(
                Minter::from_pem_file(&keys().private, "gongwen", "gongwen").unwrap(),
                Role::Service("gongwen".into()),
            ),
            hosts: Default::default(),
        };
        let deps = Deps {
            db: db.clone(),
            calendar: assemble::calendar(&rb, office_end).unwrap(),
            rulebook: rb,
            directory,
            clock: Arc::new(clock.clone()),
            outbound,
            draining: services.draining(),
            max_message_bytes: 8 << 20,
            call_timeout: Duration::from_secs(30),
        };
        let plan = Plan {
            part: Part::All,
            countersign_url: format!("http://{addr}"),
            intake_url: format!("http://{addr}"),
            sweep_every: Duration::from_millis(50),
            migrate: true,
        };
        assemble::assemble(&deps, &mut services, &plan).await.unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let limits =
            Limits { request_timeout: Duration::from_secs(30), concurrency_limit: 4096, max_message_bytes: 8 << 20 };
        let in_process = services.in_process(limits);
        let task = tokio::spawn(async move {
            services
                .serve(listener, limits, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        let ch = raw_channel(addr).await;
        Self {
            addr,
            client: IntakeClient::new(as_default(ch.clone(), Some(SENDER))),
            countersign: CountersignClient::new(as_default(ch.clone(), Some("office"))),
            approval: ApprovalClient::new(as_default(ch.clone(), Some("office"))),
            audit: AuditLogClient::new(as_default(ch, Some("office"))),
            clock,
            db,
            db_url: url.to_owned(),
            in_process,
            stop: Some(stop),
            task: Some(task),
            _dir: dir,
        }
    }

    /// Stops the server and waits until it has drained.
    pub async fn stop(mut self) -> (String, Arc<TempDir>) {
        let _ = self.stop.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap();
        self.db.close().await;
        (self.db_url.clone(), self._dir.clone())
    }
}

pub async fn raw_channel(addr: SocketAddr) -> Channel {
    Channel::from_shared(format!("http://{addr}")).unwrap().connect().await.unwrap()
}

/// A channel to `addr` whose requests come from the sample documents'
/// sender unless they carry another token.
pub async fn channel(addr: SocketAddr) -> TestChannel {
    as_default(raw_channel(addr).await, Some(SENDER))
}

/// A well-formed request from the Jining audit bureau (市审计局).
pub fn request() -> (pb::Document, ipb::Envelope) {
    (
        pb::Document {
            doc_type: pb::DocType::Request as i32,
            issuing_body: "济宁市审计局".into(),
            doc_number: "济审发〔2026〕12号".into(),
            title: "济宁市审计局关于开展政府投资项目专项审计的请示".into(),
            main_recipient: "市政府".into(),
            body: "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年开展全市政府投资项目专项审计，需使用审计专项经费120万元。恳请市政府批准开展该专项审计。妥否，请批示。".into(),
            request_matters: vec!["批准开展政府投资项目专项审计".into()],
            signed_off_by: "韦正".into(),
            date_of_writing: "2026年3月5日".into(),
            ..Default::default()
        },
        ipb::Envelope { submitting_unit: "audit".into(), addressee: ipb::AddresseeKind::Government as i32, ..Default::default() },
    )
}

/// The request made unique by `n` (so I-16 does not see duplicates).
pub fn nth_request(n: usize) -> ipb::SubmitRequest {
    let (mut doc, env) = request();
    doc.doc_number = format!("济审发〔2026〕{}号", n + 1);
    doc.body = format!("{}（第{}批）", doc.body, n + 1);
    ipb::SubmitRequest { document: Some(doc), envelope: Some(env), idempotency_key: format!("key-{n}") }
}

/// The workspace's target directory, where `cargo build --bins` put the binaries.
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = dir.join(name);
    assert!(bin.exists(), "{} is missing: run `cargo build --workspace --bins` before the tests", bin.display());
    bin
}

/// A free port on 127.0.0.1 for a child process.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A `gongwen serve` child process.
pub struct Child {
    pub addr: SocketAddr,
    pub process: std::process::Child,
}

impl Child {
    pub async fn spawn(args: &[&str]) -> Self {
        Self::spawn_bin("gongwen", &["serve"], args, &[]).await
    }

    /// `binary subcommand… --listen ADDR args…` with extra environment.
    pub async fn spawn_bin(name: &str, subcommand: &[&str], args: &[&str], env: &[(&str, &str)]) -> Self {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        Self::spawn_at(addr, name, subcommand, args, env).await
    }

    /// As [`Self::spawn_bin`], listening on `addr`.
    pub async fn spawn_at(
        addr: SocketAddr,
        name: &str,
        subcommand: &[&str],
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Self {
        let mut process = std::process::Command::new(binary(name))
            .args(subcommand)
            .arg("--listen")
            .arg(addr.to_string())
            .arg("--token-keys")
            .arg(&keys().public)
            .args(args)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .spawn()
            .unwrap();
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                return Self { addr, process };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = process.kill();
        let _ = process.wait();
        panic!("{name} did not come up on {addr}");
    }

    pub fn kill9(mut self) {
        self.process.kill().unwrap(); // SIGKILL
        self.process.wait().unwrap();
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Waits until approval has taken the registered `submission` from intake (read as the office).
pub async fn approval_item(s: &mut TestServer, submission: &str) -> gongwen_proto::approval::v1::Item {
    for _ in 0..200 {
        let req = gongwen_proto::approval::v1::GetRequest::by_submission_id(submission);
        if let Ok(item) = s.approval.get(req).await {
            return item.into_inner().resource();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("approval never received submission {submission}");
}

/// A leader's approval of item `id`, with the opinion, name and full date every rulebook asks for.
pub fn approve(id: &str) -> gongwen_proto::approval::v1::DecideRequest {
    gongwen_proto::approval::v1::DecideRequest {
        id: id.into(),
        kind: gongwen_proto::approval::v1::DecisionKind::Approve as i32,
        opinion: "同意".into(),
        signed_name: "某".into(),
        signed_date: "2026年5月6日".into(),
        ..Default::default()
    }
}

/// An instant given in Beijing time (Asia/Shanghai), e.g. `2026-03-02T10:00:00`.
pub fn cst(s: &str) -> chrono::DateTime<Utc> {
    use chrono::TimeZone;
    chrono_tz::Asia::Shanghai.from_local_datetime(&s.parse().unwrap()).unwrap().with_timezone(&Utc)
}

/// The whole suite on a fresh database of `backend`, its clock at `now` (Beijing time); `s.clock` drives it.
pub async fn server_at(backend: Backend, rulebook: &str, now: &str) -> TestServer {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let url = gongwen_store::testing::fresh_url(backend, dir.path()).await.unwrap();
    TestServer::start_with_clock(&url, rulebook, dir, ManualClock::new(cst(now))).await
}

/// A codec that sends raw bytes as the request and reads any answer as bytes: what a broken or
/// hostile client sends, for the tests of undecodable and fuzzed requests.
#[derive(Default, Clone)]
pub struct Raw;

impl tonic::codec::Codec for Raw {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = Raw;
    type Decoder = Raw;
    fn encoder(&mut self) -> Raw {
        Raw
    }
    fn decoder(&mut self) -> Raw {
        Raw
    }
}

impl tonic::codec::Encoder for Raw {
    type Item = Vec<u8>;
    type Error = tonic::Status;
    fn encode(&mut self, item: Vec<u8>, dst: &mut tonic::codec::EncodeBuf<'_>) -> Result<(), tonic::Status> {
        bytes::BufMut::put_slice(dst, &item);
        Ok(())
    }
}

impl tonic::codec::Decoder for Raw {
    type Item = Vec<u8>;
    type Error = tonic::Status;
    fn decode(&mut self, src: &mut tonic::codec::DecodeBuf<'_>) -> Result<Option<Vec<u8>>, tonic::Status> {
        let n = bytes::Buf::remaining(src);
        Ok(Some(bytes::Buf::copy_to_bytes(src, n).to_vec()))
    }
}
