//! What Kubernetes sees of a service: the plaintext probe port (readiness
//! follows the database, liveness the process), migrations run by a job
//! before the rollout, reflection switched off in production.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use gongwen_proto::intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient};
use tokio::{net::TcpListener, task::JoinHandle};
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};

use crate::harness::{binary, channel, free_port, keys, nth_request};

/// A TCP forwarder to the test PostgreSQL that can be cut and restored: the
/// database "going away" without touching the real server.
struct Link {
    port: u16,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Link {
    fn new() -> Self {
        Self { port: free_port(), tasks: Arc::default() }
    }

    async fn up(&self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        let tasks = self.tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let conn = tokio::spawn(async move {
                    if let Ok(mut db) = tokio::net::TcpStream::connect("127.0.0.1:5432").await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut db).await;
                    }
                });
                tasks.lock().unwrap().push(conn);
            }
        });
        self.tasks.lock().unwrap().push(accept);
    }

    /// Refuses new connections and drops every open one.
    fn cut(&self) {
        for t in self.tasks.lock().unwrap().drain(..) {
            t.abort();
        }
    }
}

async fn status(addr: SocketAddr, service: &str) -> Option<ServingStatus> {
    let ch = tonic::transport::Channel::from_shared(format!("http://{addr}")).unwrap().connect().await.ok()?;
    let answer = HealthClient::new(ch).check(HealthCheckRequest { service: service.into() }).await.ok()?;
    Some(answer.into_inner().status())
}

async fn until(addr: SocketAddr, service: &str, want: ServingStatus, within: Duration) {
    let start = Instant::now();
    loop {
        let now = status(addr, service).await;
        if now == Some(want) {
            return;
        }
        assert!(start.elapsed() < within, "{service:?} is {now:?}, not {want:?}, after {within:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

struct Process(std::process::Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn intake(db_url: &str, listen: SocketAddr, env: &[(&str, String)]) -> Process {
    Process(
        std::process::Command::new(binary("gongwen-intake"))
            .args(["--listen", &listen.to_string(), "--database-url", db_url])
            .arg("--token-keys")
            .arg(&keys().public)
            .env("RUST_LOG", "warn")
            .envs(env.iter().map(|(k, v)| (k, v.as_str())))
            .spawn()
            .unwrap(),
    )
}

fn local(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_waits_for_the_database_and_follows_it_while_liveness_stays_serving() {
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let link = Link::new();
    let through_link = url.replacen("127.0.0.1:5432", &format!("127.0.0.1:{}", link.port), 1);
    assert_ne!(through_link, url, "the test database is on 127.0.0.1:5432");
    let (main, probes) = (local(free_port()), local(free_port()));
    let _process = intake(
        &through_link,
        main,
        &[
            ("GONGWEN_HEALTH_LISTEN", probes.to_string()),
            ("GONGWEN_DATABASE_WAIT_SECS", "120".into()),
            ("GONGWEN_REFLECTION", "false".into()),
        ],
    );
    // The database is unreachable: the process lives, and is not ready.
    until(probes, "liveness", ServingStatus::Serving, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(status(probes, "").await, Some(ServingStatus::NotServing));
    assert!(tokio::net::TcpStream::connect(main).await.is_err(), "no API before the database answers");

    link.up().await;
    until(probes, "", ServingStatus::Serving, Duration::from_secs(20)).await;
    let mut c = IntakeClient::new(channel(main).await);
    let sub = c.submit(nth_request(0)).await.unwrap().into_inner().submission.unwrap();
    assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
    // Production switches reflection off: grpcurl then needs the protos.
    let mut reflection = tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient::new(
        tonic::transport::Channel::from_shared(format!("http://{main}")).unwrap().connect().await.unwrap(),
    );
    let asked = reflection
        .server_reflection_info(tokio_stream::once(tonic_reflection::pb::v1::ServerReflectionRequest {
            message_request: Some(tonic_reflection::pb::v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            )),
            ..Default::default()
        }))
        .await;
    let refused = match asked {
        Err(s) => s.code(),
        Ok(stream) => stream.into_inner().message().await.unwrap_err().code(),
    };
    assert_eq!(refused, tonic::Code::Unimplemented);

    // The database goes away: the replica leaves the load balancer, it is not restarted.
    link.cut();
    until(probes, "", ServingStatus::NotServing, Duration::from_secs(15)).await;
    assert_eq!(status(probes, "liveness").await, Some(ServingStatus::Serving));
    assert_eq!(status(probes, "gongwen.intake.v1.IntakeService").await, Some(ServingStatus::NotServing));
    link.up().await;
    until(probes, "", ServingStatus::Serving, Duration::from_secs(15)).await;
    link.cut();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_started_without_migrations_serves_the_schema_the_migrate_job_applied() {
    let url = gongwen_store::testing::fresh_postgres_url().await.unwrap();
    let off = [("GONGWEN_MIGRATE_ON_START", "false".to_string())];
    // Before the job: the service refuses to start on an empty database, saying why.
    let out = std::process::Command::new(binary("gongwen-intake"))
        .args(["--listen", &local(free_port()).to_string(), "--database-url", &url])
        .arg("--token-keys")
        .arg(&keys().public)
        .envs(off.iter().map(|(k, v)| (k, v.as_str())))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not exist"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let job = std::process::Command::new(binary("gongwen"))
        .args(["migrate", "--part", "intake", "--database-url", &url])
        .output()
        .unwrap();
    assert!(job.status.success(), "{}", String::from_utf8_lossy(&job.stderr));
    assert!(String::from_utf8_lossy(&job.stdout).contains("migrated: gongwen-intake"));
    // Applying them again is a no-op, as a re-run job must be.
    let again = std::process::Command::new(binary("gongwen"))
        .args(["migrate", "--part", "intake", "--database-url", &url])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));

    let main = local(free_port());
    let _process = intake(&url, main, &off);
    let start = Instant::now();
    while tokio::net::TcpStream::connect(main).await.is_err() {
        assert!(start.elapsed() < Duration::from_secs(15), "intake did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut c = IntakeClient::new(channel(main).await);
    let sub = c.submit(nth_request(0)).await.unwrap().into_inner().submission.unwrap();
    assert_eq!(sub.state(), ipb::SubmissionState::Registered, "{:?}", sub.findings);
    assert!(!sub.receipt_number.is_empty());
}
