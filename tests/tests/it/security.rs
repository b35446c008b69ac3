//! Mutual TLS against the real binary, credentials rotated under a running
//! server, and the audit chain after a full
//! circulation: intact, then tampered and caught at the right entry by the
//! VerifyAudit RPC and by `gongwen audit verify`.

use gongwen_proto::Resource;
use std::{path::Path, time::Duration};

use gongwen_proto::{
    approval::v1 as apb,
    audit::v1 as aupb,
    countersign::v1 as cpb,
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use gongwen_store::Database;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use crate::harness::{Child, TestServer, approval_item, approve, as_subject, binary, nth_request, on_both_backends};

fn pem(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap()
}

async fn tls_channel(addr: std::net::SocketAddr, ca: &Path, client: Option<(&Path, &str)>) -> Result<Channel, String> {
    let mut tls =
        ClientTlsConfig::new().ca_certificate(Certificate::from_pem(pem(ca, "ca.pem"))).domain_name("localhost");
    if let Some((dir, name)) = client {
        tls = tls.identity(Identity::from_pem(pem(dir, &format!("{name}.pem")), pem(dir, &format!("{name}-key.pem"))));
    }
    let endpoint =
        Channel::from_shared(format!("https://{addr}")).unwrap().tls_config(tls).map_err(|e| e.to_string())?;
    endpoint.connect().await.map_err(|e| format!("{e:?}"))
}

/// A health check over `ch`: the handshake only completes with a certificate the server trusts.
async fn healthy(ch: Result<Channel, String>) -> Result<(), String> {
    let ch = ch?;
    HealthClient::new(ch)
        .check(HealthCheckRequest { service: String::new() })
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutual_tls_refuses_clients_without_a_certificate_from_its_ca() {
    let dir = tempfile::tempdir().unwrap();
    let (pki, stranger, data) = (dir.path().join("pki"), dir.path().join("other"), dir.path().join("data"));
    let hosts = ["localhost".to_owned(), "127.0.0.1".to_owned()];
    gongwen_auth::pki::create_dev_pki(&pki, &hosts, &["platform".into()]).unwrap();
    gongwen_auth::pki::create_dev_pki(&stranger, &hosts, &["platform".into()]).unwrap();
    let file = |n: &str| pki.join(n).display().to_string();
    let child = Child::spawn(&[
        "--data-dir",
        &data.display().to_string(),
        "--tls-cert",
        &file("server.pem"),
        "--tls-key",
        &file("server-key.pem"),
        "--tls-ca",
        &file("ca.pem"),
    ])
    .await;

    assert!(healthy(tls_channel(child.addr, &pki, None).await).await.is_err(), "no client certificate");
    assert!(
        healthy(tls_channel(child.addr, &pki, Some((&stranger, "client-platform"))).await).await.is_err(),
        "a certificate from another CA"
    );
    let plain = Channel::from_shared(format!("http://{}", child.addr)).unwrap().connect().await;
    assert!(healthy(plain.map_err(|e| e.to_string())).await.is_err(), "plaintext");

    // The platform's certificate names it service:platform; a department's token rides on top.
    let ch = tls_channel(child.addr, &pki, Some((&pki, "client-platform"))).await.unwrap();
    healthy(Ok(ch.clone())).await.unwrap();
    let mut intake = IntakeClient::new(ch.clone());
    let listed = intake.list(ipb::ListRequest::default()).await.unwrap().into_inner();
    assert!(listed.submissions.is_empty(), "a service lists as itself");
    let sub = intake.submit(as_subject("department:audit", nth_request(0))).await.unwrap().into_inner();
    assert_eq!(sub.submission.unwrap().state(), ipb::SubmissionState::Registered);
    // Approval takes it from intake over the server's own mutual TLS.
    let mut approval = gongwen_proto::approval::v1::approval_service_client::ApprovalServiceClient::new(ch);
    let mut inbox = Vec::new();
    for _ in 0..200 {
        inbox = approval
            .inbox(as_subject("office", apb::InboxRequest { office_queue: true, ..Default::default() }))
            .await
            .unwrap()
            .into_inner()
            .items;
        if !inbox.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(inbox.len(), 1, "approval received the registration over TLS");

    // grpcurl with the development certificates, as README shows.
    let grpcurl = std::env::var("GRPCURL").unwrap_or_else(|_| "grpcurl".into());
    let run = |with_cert: bool| {
        let mut cmd = std::process::Command::new(&grpcurl);
        cmd.args(["-cacert", &file("ca.pem"), "-authority", "localhost"]);
        if with_cert {
            cmd.args(["-cert", &file("client-platform.pem"), "-key", &file("client-platform-key.pem")]);
        }
        cmd.args([&child.addr.to_string(), "gongwen.intake.v1.IntakeService/List"]).output().unwrap()
    };
    let ok = run(true);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("submissions"));
    assert!(!run(false).status.success(), "grpcurl without a client certificate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotated_certificates_ca_and_token_keys_take_effect_without_a_restart() {
    use gongwen_auth::{Clearance, Role, token::Minter};
    let dir = tempfile::tempdir().unwrap();
    let (old, new, live) = (dir.path().join("old"), dir.path().join("new"), dir.path().join("live"));
    let hosts = ["localhost".to_owned(), "127.0.0.1".to_owned()];
    gongwen_auth::pki::create_dev_pki(&old, &hosts, &["platform".into()]).unwrap();
    gongwen_auth::pki::create_dev_pki(&new, &hosts, &["platform".into()]).unwrap();
    std::fs::create_dir(&live).unwrap();
    let (old_key, new_key) =
        (gongwen_auth::token::ephemeral_pair().unwrap(), gongwen_auth::token::ephemeral_pair().unwrap());
    let install = |from: &Path, public: &str| {
        for f in ["server.pem", "server-key.pem", "ca.pem"] {
            std::fs::copy(from.join(f), live.join(f)).unwrap();
        }
        std::fs::write(live.join("keys.pem"), public).unwrap();
    };
    install(&old, &old_key.1);
    let file = |n: &str| live.join(n).display().to_string();
    let data = dir.path().join("data").display().to_string();
    let child = Child::spawn_bin(
        "gongwen",
        &["serve"],
        &[
            "--data-dir",
            &data,
            "--tls-cert",
            &file("server.pem"),
            "--tls-key",
            &file("server-key.pem"),
            "--tls-ca",
            &file("ca.pem"),
            "--token-keys",
            &file("keys.pem"),
        ],
        &[("GONGWEN_CREDENTIALS_REFRESH_SECS", "1")],
    )
    .await;
    let token = |(private, _): &(String, String)| {
        Minter::from_pem(private.as_bytes(), "gongwen", "gongwen")
            .unwrap()
            .mint(&Role::Office, Clearance::TopSecret, Duration::from_secs(600))
            .unwrap()
    };
    let list = |ch: Channel, token: String| async move {
        let mut r = tonic::Request::new(ipb::ListRequest::default());
        r.metadata_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
        IntakeClient::new(ch).list(r).await.map(|_| ()).map_err(|s| s.code())
    };
    let before = tls_channel(child.addr, &old, Some((&old, "client-platform"))).await.unwrap();
    list(before.clone(), token(&old_key)).await.unwrap();
    assert_eq!(list(before, token(&new_key)).await, Err(tonic::Code::Unauthenticated));

    // cert-manager renews the certificate under a new CA; the identity provider rotates its key.
    install(&new, &new_key.1);
    let start = std::time::Instant::now();
    let after = loop {
        if let Ok(ch) = tls_channel(child.addr, &new, Some((&new, "client-platform"))).await
            && healthy(Ok(ch.clone())).await.is_ok()
        {
            break ch;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "the new certificate was never served");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // New connections: the new certificate, the new CA, the new key; nothing old.
    assert!(
        healthy(tls_channel(child.addr, &old, Some((&old, "client-platform"))).await).await.is_err(),
        "old server certificate"
    );
    assert!(
        healthy(tls_channel(child.addr, &new, Some((&old, "client-platform"))).await).await.is_err(),
        "client certificate of the old CA"
    );
    list(after.clone(), token(&new_key)).await.unwrap();
    assert_eq!(list(after, token(&old_key)).await, Err(tonic::Code::Unauthenticated));
}

/// Submits, countersigns, registers, proposes and decides: every service writes.
async fn full_circulation(s: &mut TestServer) {
    let open = cpb::OpenRoundRequest {
        lead_department: "audit".into(),
        draft: Some(cpb::Draft { title: "会签稿".into(), content_sha256: "b".repeat(64), ..Default::default() }),
        participants: vec!["finance".into()],
        limit: cpb::LimitKind::RulebookDefault as i32,
        idempotency_key: "a-1".into(),
        ..Default::default()
    };
    let round = s.countersign.open_round(as_subject("department:audit", open)).await.unwrap().into_inner().resource();
    let reply = cpb::ReplyRequest {
        round_id: round.id.clone(),
        department: "finance".into(),
        verdict: gongwen_proto::common::v1::Verdict::Agreed as i32,
        signed_by: "钱卫东".into(),
        ..Default::default()
    };
    s.countersign.reply(as_subject("department:finance", reply)).await.unwrap();
    let sub = s.client.submit(nth_request(0)).await.unwrap().into_inner().submission.unwrap();
    let item = approval_item(s, &sub.id).await;
    let propose =
        apb::ProposeRequest { id: item.id.clone(), proposal: "拟请领导审批".into(), ..Default::default() };
    let item = s.approval.propose(as_subject("office", propose)).await.unwrap().into_inner().resource();
    let decide = approve(&item.id);
    s.approval.decide(as_subject(&format!("leader:{}", item.acting_leader), decide)).await.unwrap();
}

on_both_backends!(
    async fn the_audit_chain_verifies_after_a_circulation_and_catches_a_changed_entry(backend) {
        let mut s = TestServer::start(backend, "jining").await;
        full_circulation(&mut s).await;
        let ok = s.audit.verify_audit(aupb::VerifyAuditRequest::default()).await.unwrap().into_inner();
        assert!(ok.intact, "{:?}", ok.first_broken);
        assert_eq!(ok.chains, ["approval", "countersign", "intake"]);
        let approval = s
            .audit
            .list_audit(aupb::ListAuditRequest { chain: "approval".into(), ..Default::default() })
            .await
            .unwrap()
            .into_inner()
            .entries;
        let actions: Vec<&str> = approval.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["approval.receive", "approval.propose", "approval.decide"]);
        assert!(approval.windows(2).all(|w| w[1].prev_hash == w[0].hash && w[0].after_digest == w[1].before_digest));
        let countersign = s
            .audit
            .list_audit(aupb::ListAuditRequest { chain: "countersign".into(), ..Default::default() })
            .await
            .unwrap()
            .into_inner()
            .entries;
        let who: Vec<(&str, &str)> =
            countersign.iter().map(|e| (e.actor.as_str(), e.action.as_str())).collect();
        assert_eq!(who, [("department:audit", "countersign.open"), ("department:finance", "countersign.reply")]);
        assert_eq!(ok.entries, 6);

        // Someone with database rights rewrites who proposed: the guard trigger
        // is disabled first, as it would have to be.
        let db = Database::connect(&s.db_url, 2).await.unwrap();
        let unguard = match db.backend() {
            gongwen_store::Backend::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
            gongwen_store::Backend::Sqlite => "DROP TRIGGER audit_log_no_update",
        };
        db.execute(gongwen_store::query(unguard)).await.unwrap();
        let tamper = "UPDATE audit_log SET actor = 'leader:mayor' WHERE chain = 'approval' AND seq = 2";
        db.execute(gongwen_store::query(tamper)).await.unwrap();
        let bad = s.audit.verify_audit(aupb::VerifyAuditRequest::default()).await.unwrap().into_inner();
        assert!(!bad.intact);
        let b = bad.first_broken.unwrap();
        assert_eq!((b.chain.as_str(), b.seq), ("approval", 2), "{}", b.reason);

        // The same from the command line, as an auditor would run it.
        let out = std::process::Command::new(binary("gongwen"))
            .args(["audit", "verify", "--database-url", &s.db_url])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success(), "{stdout}");
        assert!(stdout.contains("BROKEN: chain approval at entry 2"), "{stdout}");
        let out = std::process::Command::new(binary("gongwen"))
            .args(["audit", "verify", "--database-url", &s.db_url, "--chain", "intake"])
            .output()
            .unwrap();
        assert!(out.status.success(), "the intake chain is untouched: {}", String::from_utf8_lossy(&out.stdout));
        db.close().await;
        s.stop().await;
    }
);
