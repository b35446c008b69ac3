//! `startup`: `gongwen serve` (this executable) on a fresh data directory as a
//! new process — the time to its first answered Precheck, and its resident set
//! once it has idled for `--duration` (read from /proc).

use std::time::Duration;

use anyhow::Context;
use gongwen_auth::{Clearance, Role};
use gongwen_proto::intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient};
use gongwen_runtime::Config;
use tonic::transport::Channel;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::{BenchArgs, Outcome, authed, intake::request};

pub(super) async fn run(args: &BenchArgs) -> anyhow::Result<(Outcome, String)> {
    let dir = tempfile::tempdir()?;
    let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let mut command = tokio::process::Command::new(std::env::current_exe()?);
    command.arg("serve").arg("--listen").arg(addr.to_string()).arg("--data-dir").arg(dir.path());
    if let Some(url) = &args.database_url {
        command.arg("--database-url").arg(url);
    }
    let log = std::fs::File::create(dir.path().join("serve.log"))?;
    command.stdout(log.try_clone()?).stderr(log).kill_on_drop(true);
    let started = tokio::time::Instant::now();
    let mut child = command.spawn().context("starting gongwen serve")?;
    let pid = child.id().context("the server's pid")?;
    // Ready: the health check answers SERVING (connection refused until the port is bound).
    let channel = loop {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "gongwen serve did not start within 60 s");
        if let Some(status) = child.try_wait()? {
            anyhow::bail!("gongwen serve exited with {status}: see {}", dir.path().join("serve.log").display());
        }
        if let Ok(ch) = Channel::from_shared(format!("http://{addr}"))?.connect().await {
            let serving = HealthClient::new(ch.clone()).check(HealthCheckRequest::default()).await.is_ok_and(|r| {
                r.into_inner().status() == tonic_health::pb::health_check_response::ServingStatus::Serving
            });
            if serving {
                break ch;
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let ready = started.elapsed();
    let cfg = Config { data_dir: dir.path().to_owned(), ..Config::default() };
    let token = gongwen_runtime::security::dev_minter(&cfg.data_dir, &cfg)?.mint(
        &Role::Department("audit".into()),
        Clearance::TopSecret,
        Duration::from_secs(3600),
    )?;
    let (document, envelope) = request(0);
    IntakeClient::new(channel.clone())
        .precheck(authed(&token, ipb::PrecheckRequest { document: Some(document), envelope: Some(envelope) }))
        .await?;
    let first_call = started.elapsed();
    if !args.quiet {
        eprintln!("idling {:?} before reading the resident set…", args.duration);
    }
    tokio::time::sleep(args.duration).await;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).context("reading /proc (Linux only)")?;
    let kib = |field: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    let rss = kib("VmRSS:").context("VmRSS in /proc/<pid>/status")? / 1024.0;
    let peak = kib("VmHWM:").unwrap_or(0.0) / 1024.0;
    child.start_kill()?;
    child.wait().await?;
    let outcome = Outcome {
        measures: vec![
            ("ready (health SERVING), s".to_owned(), ready.as_secs_f64()),
            ("first Precheck answered, s".to_owned(), first_call.as_secs_f64()),
            ("idle RSS, MiB".to_owned(), rss),
            ("peak RSS, MiB".to_owned(), peak),
        ],
        target: "first call ≤ 1 s after start; idle RSS ≤ 40 MiB".to_owned(),
        ..Outcome::default()
    };
    let backend =
        if args.database_url.as_deref().is_some_and(|u| u.starts_with("postgres")) { "Postgres" } else { "Sqlite" };
    Ok((outcome, backend.to_owned()))
}
