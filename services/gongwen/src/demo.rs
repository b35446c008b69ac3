//! `gongwen demo [--rulebook NAME]`: the whole suite in this process on a
//! throw-away SQLite database, driven through its real gRPC API with a clock
//! the demo moves, playing one full circulation and printing its timeline —
//! countersign (one agrees, one with comments, one silent across a holiday),
//! intake (returned with its reasons, then registered), approval (an absent
//! leader's substitute decides), forwarding, report, verification, closing —
//! and the audit chain's verification at the end.

use gongwen_proto::Resource;
use std::{sync::Arc, time::Duration};

use anyhow::{Context, bail};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use gongwen::assemble::{Part, Plan};
use gongwen_auth::{Clearance, token::Minter};
use gongwen_calendar::{Calendar, Clock, ManualClock};
use gongwen_proto::{
    approval::v1::{self as apb, approval_service_client::ApprovalServiceClient as ApprovalClient},
    audit::v1::{self as aupb, audit_log_service_client::AuditLogServiceClient as AuditLogClient},
    common::v1 as pb,
    countersign::v1::{self as cpb, countersign_service_client::CountersignServiceClient as CountersignClient},
    intake::v1::{self as ipb, intake_service_client::IntakeServiceClient as IntakeClient},
};
use gongwen_runtime::{Config, server::Limits};
use sha2::{Digest, Sha256};
use tonic::{Request, transport::Channel};

use crate::out;

#[derive(clap::Args)]
pub struct DemoArgs {
    /// The municipality whose rulebook the circulation follows.
    #[arg(long, default_value = "jining")]
    rulebook: String,
    /// When the draft goes out for countersigning (Asia/Shanghai); the default
    /// puts the National Day holiday inside the reply period.
    #[arg(long, default_value = "2026-09-29T09:00:00+08:00")]
    start: DateTime<chrono::FixedOffset>,
}

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The demo's view of time: the driven clock, and dates as working days count them.
struct Timeline {
    clock: ManualClock,
    calendar: Calendar,
    opened: NaiveDate,
}

impl Timeline {
    fn day(&self, d: NaiveDate) -> String {
        format!("{d} {}", WEEKDAYS[d.weekday().num_days_from_monday() as usize])
    }

    /// The driven clock's date in the government's time zone.
    fn today(&self) -> NaiveDate {
        self.calendar.local_date(self.clock.now())
    }

    /// "2026-10-09 周五 10:00 · 工作日 W+2": the instant, and working days since the round opened.
    fn now(&self) -> String {
        let local = self.clock.now().with_timezone(&self.calendar.time_zone());
        let w = self.calendar.working_days_between(self.opened, self.today()).unwrap_or(0);
        format!("{} {} · W+{w}", self.day(self.today()), local.format("%H:%M"))
    }

    /// A deadline as people write it: the end of a day is "24:00" of that day.
    fn at(&self, t: &Option<prost_types::Timestamp>) -> String {
        let Some(t) = gongwen_proto::time::instant(t) else { return "—".into() };
        let local = t.with_timezone(&self.calendar.time_zone());
        match (local.time() == chrono::NaiveTime::MIN, local.date_naive().pred_opt()) {
            (true, Some(day)) => format!("{} 24:00", self.day(day)),
            _ => format!("{} {}", self.day(local.date_naive()), local.format("%H:%M")),
        }
    }

    fn event(&self, zh: &str, en: &str, detail: impl AsRef<str>) {
        out!("{:<24}  {zh} {en}", self.now());
        for line in detail.as_ref().lines().filter(|l| !l.is_empty()) {
            out!("{:<24}    {line}", "");
        }
    }

    /// Moves the clock to `day` at `hh:mm` local time.
    fn go_to(&self, day: NaiveDate, hh: u32, mm: u32) {
        let local = self.calendar.time_zone().from_local_datetime(&day.and_hms_opt(hh, mm, 0).expect("a valid time"));
        self.clock.set(local.single().expect("no DST in Asia/Shanghai").to_utc());
    }

    fn next_working_day(&self, hh: u32) -> anyhow::Result<()> {
        let next = self.calendar.next_working_day(self.today().succ_opt().context("date overflow")?)?;
        self.go_to(next, hh, 0);
        Ok(())
    }
}

/// Who acts: each request carries a token minted for its actor.
struct Actors(Minter);

impl Actors {
    fn req<T>(&self, subject: &str, msg: T) -> anyhow::Result<Request<T>> {
        let token = self.0.mint(&subject.parse()?, Clearance::TopSecret, Duration::from_secs(3600))?;
        let mut r = Request::new(msg);
        r.metadata_mut().insert("authorization", format!("Bearer {token}").parse()?);
        Ok(r)
    }
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let cfg = Config {
        listen: addr,
        data_dir: dir.path().to_owned(),
        rulebook: args.rulebook.clone(),
        sweep_interval_ms: 100,
        ..Config::default()
    };
    let (mut deps, mut services) = gongwen::assemble::load(&cfg, Part::All).await?;
    let start = args.start.to_utc();
    let clock = ManualClock::new(start);
    deps.clock = Arc::new(clock.clone());
    let rulebook = deps.rulebook.clone();
    let calendar = deps.calendar.clone();
    let actors = Actors(gongwen_runtime::security::dev_minter(&cfg.data_dir, &cfg)?);
    gongwen::assemble::assemble(&deps, &mut services, &Plan::from_config(&cfg, Part::All)).await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(services.serve(listener, Limits::from(&cfg), async {
        let _ = stopped.await;
    }));
    let ch = Channel::from_shared(format!("http://{addr}"))?.connect().await?;
    let opened = calendar.local_date(start);
    let t = Timeline { clock, calendar, opened };
    let result = play(&t, &actors, &ch, &rulebook).await;
    let _ = stop.send(());
    server.await??;
    result
}

const BODY: &str = "为落实市委、市政府关于加强审计监督的部署，我局拟于2026年第四季度开展全市政府投资项目专项审计，需使用审计专项经费120万元。恳请市政府批准开展该专项审计。妥否，请批示。";

fn document(date: NaiveDate) -> pb::Document {
    pb::Document {
        doc_type: pb::DocType::Request as i32,
        issuing_body: "市审计局".into(),
        doc_number: "审发〔2026〕12号".into(),
        title: "市审计局关于开展政府投资项目专项审计的请示".into(),
        main_recipient: "市政府".into(),
        body: BODY.into(),
        request_matters: vec!["批准开展政府投资项目专项审计".into()],
        signed_off_by: "韦正".into(),
        date_of_writing: format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        ..Default::default()
    }
}

fn verdict_zh(s: cpb::TaskState) -> &'static str {
    match s {
        cpb::TaskState::Agreed => "同意 agreed",
        cpb::TaskState::AgreedWithComments => "原则同意，有修改意见 agreed with comments",
        cpb::TaskState::Disagreed => "不同意 disagreed",
        cpb::TaskState::DeemedConsent => "逾期未复，视为无不同意见 deemed consent (silence)",
        cpb::TaskState::Lapsed => "逾期未复 lapsed (no silent consent in this rulebook)",
        _ => "待复 pending",
    }
}

async fn play(t: &Timeline, who: &Actors, ch: &Channel, rulebook: &gongwen_rules::Rulebook) -> anyhow::Result<()> {
    let mut cs = CountersignClient::new(ch.clone());
    let mut intake = IntakeClient::new(ch.clone());
    let mut approval = ApprovalClient::new(ch.clone());
    let mut audit = AuditLogClient::new(ch.clone());
    let meta = &rulebook.rulebook;
    out!("gongwen demo — {} · rulebook {} ({}, {})", meta.municipality, rulebook.name(), meta.title, meta.issued);
    out!("时间 time (Asia/Shanghai) · W+n = 会签发起后第n个工作日 working days since the round opened");
    out!("");

    // 会签 Countersign.
    let open = cpb::OpenRoundRequest {
        lead_department: "audit".into(),
        draft: Some(cpb::Draft {
            title: "关于开展政府投资项目专项审计的请示（送审稿）".into(),
            doc_type: gongwen_proto::common::v1::DocType::Request as i32,
            summary: "专项审计及经费".into(),
            content_sha256: hex::encode(Sha256::digest(BODY.as_bytes())),
        }),
        participants: vec!["finance".into(), "drc".into(), "justice".into()],
        limit: cpb::LimitKind::RulebookDefault as i32,
        limit_working_days: 0,
        idempotency_key: "demo-round".into(),
    };
    let round = cs.open_round(who.req("department:audit", open)?).await?.into_inner().resource();
    let due = round.tasks[0].due_time;
    let due_at = gongwen_proto::time::instant(&due).context("a deadline")?;
    let mut off = Vec::new();
    let mut d = t.opened;
    while d <= t.calendar.local_date(due_at) {
        if let Some(reason) = t.calendar.day_off_reason(d)? {
            off.push(format!("{d} {reason}"));
        } else if d.weekday().num_days_from_monday() >= 5 {
            off.push(format!("{d} 调休上班 make-up working day"));
        }
        d = d.succ_opt().context("date overflow")?;
    }
    t.event(
        "会签发起",
        "countersign round opened",
        format!(
            "市审计局 → 市财政局、市发改委、市司法局; 时限 limit {} 个工作日 working days ({})\n\
             截止 due {} (发出当日不计 the day of dispatch is not counted)\n\
             其间 in between: {}",
            round.limit_working_days,
            round.limit_source,
            t.at(&due),
            if off.is_empty() { "none".to_owned() } else { off.join(", ") }
        ),
    );
    t.next_working_day(10)?;
    // Each department's principal head countersigns (jining 五十六: 主要负责人会签).
    let directory = gongwen_org::builtin(&meta.directory)?;
    let head =
        |dept: &str| directory.department(dept).map_or_else(|| "负责人".to_owned(), |d| d.principal_head.clone());
    let reply = |dept: &str, v: gongwen_proto::common::v1::Verdict, comments: &str| cpb::ReplyRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        round_id: round.id.clone(),
        department: dept.into(),
        verdict: v as i32,
        comments: comments.into(),
        signed_by: head(dept),
    };
    cs.reply(who.req("department:finance", reply("finance", gongwen_proto::common::v1::Verdict::Agreed, ""))?).await?;
    t.event("财政局会签", "finance replies", verdict_zh(cpb::TaskState::Agreed));
    cs.reply(who.req(
        "department:drc",
        reply("drc", gongwen_proto::common::v1::Verdict::AgreedWithComments, "建议压缩经费至100万元"),
    )?)
    .await?;
    t.event(
        "发改委会签",
        "drc replies",
        format!("{}: 建议压缩经费至100万元", verdict_zh(cpb::TaskState::AgreedWithComments)),
    );

    // The justice bureau stays silent across the holiday. Where the rulebook
    // has no silent consent a lapse would block the document (I-6), so there
    // it replies on the last day instead.
    let silent = &rulebook.countersign.silent_consent;
    if !silent.value {
        t.go_to(t.calendar.local_date(due_at - chrono::Duration::seconds(1)), 16, 0);
        cs.reply(who.req("department:justice", reply("justice", gongwen_proto::common::v1::Verdict::Agreed, ""))?)
            .await?;
        t.event(
            "司法局会签",
            "justice replies on the last day",
            format!(
                "{} — 本规则无逾期视为同意 no silent consent here ({})",
                verdict_zh(cpb::TaskState::Agreed),
                silent.source
            ),
        );
    }
    t.clock.set(due_at + chrono::Duration::seconds(1));
    let mut round = round;
    for _ in 0..200 {
        round = cs
            .get(who.req("department:audit", cpb::GetRequest { round_id: round.id.clone() })?)
            .await?
            .into_inner()
            .resource();
        if round.tasks.iter().all(|t| t.state() != cpb::TaskState::Pending) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let justice = round.tasks.iter().find(|t| t.department == "justice").context("justice's task")?;
    if silent.value {
        t.event(
            "会签时限届满",
            "the reply deadline passes",
            format!("市司法局 justice: {} ({})", verdict_zh(justice.state()), justice.deemed_article),
        );
    }
    let cert = cs
        .conclude(
            who.req("department:audit", cpb::ConcludeRequest { round_id: round.id.clone(), ..Default::default() })?,
        )
        .await?
        .into_inner()
        .resource();
    t.event("会签办结", "round concluded, certificate issued", format!("digest {}…", &cert.digest[..16]));

    // 收文 Intake: first with defects, then corrected.
    t.next_working_day(9)?;
    let today = t.today();
    let mut env = ipb::Envelope {
        submitting_unit: "audit".into(),
        addressee: ipb::AddresseeKind::Government as i32,
        concerned_departments: vec!["finance".into(), "drc".into(), "justice".into()],
        countersign: Some(ipb::CountersignCertificate {
            round_id: cert.round_id.clone(),
            digest: cert.digest.clone(),
            ..Default::default()
        }),
        ..Default::default()
    };
    // Two asks in one request (一文一事), no signatory, and a text that is not the one countersigned.
    let mut defective = document(today);
    defective.body = format!("{BODY}另外，恳请市政府增拨审计人员编制5名。");
    defective.request_matters.push("增拨审计人员编制5名".into());
    defective.signed_off_by.clear();
    let submit = |doc: pb::Document, env: &ipb::Envelope, key: &str| ipb::SubmitRequest {
        document: Some(doc),
        envelope: Some(env.clone()),
        idempotency_key: key.into(),
    };
    let returned = intake.submit(who.req("department:audit", submit(defective, &env, "demo-1"))?).await?.into_inner();
    let returned = returned.submission.context("a submission")?;
    let reasons: Vec<String> = returned
        .findings
        .iter()
        .map(|f| format!("{} {} [{}] {}", f.check, f.code, f.articles.join("; "), f.message_zh))
        .collect();
    t.event("退文", "returned with every reason and its article", reasons.join("\n"));
    if returned.state() != ipb::SubmissionState::Returned {
        bail!("the defective request was not returned");
    }
    let registered =
        intake.submit(who.req("department:audit", submit(document(today), &env, "demo-2"))?).await?.into_inner();
    let sub = registered.submission.context("a submission")?;
    if sub.state() != ipb::SubmissionState::Registered {
        bail!("the corrected request was returned: {:?}", sub.findings);
    }
    env.countersign = None;
    t.event(
        "收文登记",
        "registered",
        format!("收文编号 receipt {} (会签单已核验 certificate verified)", sub.receipt_number),
    );

    // 呈批 Approval.
    let mut item = None;
    for _ in 0..200 {
        let get = apb::GetRequest::by_submission_id(sub.id.clone());
        if let Ok(i) = approval.get(who.req("office", get)?).await {
            item = Some(i.into_inner().resource());
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let item = item.context("approval never received the registration")?;
    let first = item.route.first().map(|s| s.leader.clone()).context("a route")?;
    let now = t.clock.now();
    let ts = |at: DateTime<Utc>| gongwen_proto::time::timestamp(at);
    let absence = apb::SetAbsenceRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        leader: first.clone(),
        start_time: Some(ts(now - chrono::Duration::hours(1))),
        end_time: Some(ts(now + chrono::Duration::days(5))),
        reason: "出差 on mission".into(),
    };
    approval.set_absence(who.req("office", absence)?).await?;
    t.event("领导外出", "a leader is away", format!("{first} 外出 away; the office records it"));
    let propose =
        apb::ProposeRequest {
            id: item.id.clone(), proposal: "拟请分管副市长审批".into(), ..Default::default()
        };
    let mut item = approval.propose(who.req("office", propose)?).await?.into_inner().resource();
    let route: Vec<String> = item.route.iter().map(|s| format!("{} ({:?})", s.leader, s.reason())).collect();
    t.event(
        "拟办",
        "office review (proposed handling)",
        format!(
            "拟请分管副市长审批; 呈批路径 route: {}\n当前 pending: {}, 代为处理 acting: {}",
            route.join(" → "),
            item.current_leader,
            item.acting_leader
        ),
    );
    while item.state() == apb::ItemState::WithLeaders {
        t.next_working_day(15)?;
        let date = t.today();
        let acting = item.acting_leader.clone();
        let decide = apb::DecideRequest {
            id: item.id.clone(),
            kind: apb::DecisionKind::Approve as i32,
            opinion: "同意。".into(),
            signed_name: acting.clone(),
            signed_date: format!("{}年{}月{}日", date.year(), date.month(), date.day()),
            ..Default::default()
        };
        item = approval.decide(who.req(&format!("leader:{acting}"), decide)?).await?.into_inner().resource();
        let d = item.decisions.last().context("a decision")?;
        let behalf =
            if d.on_behalf_of.is_empty() { String::new() } else { format!(" 代 on behalf of {}", d.on_behalf_of) };
        t.event("领导批示", "leader decides", format!("{}{behalf}: {} ({})", d.decided_by, d.opinion, d.meaning));
    }
    t.event("批毕", "decided", format!("状态 state {:?}", item.state()));

    // 交办、反馈、核查、销号 Forwarding and supervision.
    let forward = apb::ForwardRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        id: item.id.clone(),
        departments: vec!["audit".into()],
        instruction: "请按批示抓紧组织实施，按期反馈。".into(),
        due_working_days: 10,
    };
    let item = approval.forward(who.req("office", forward)?).await?.into_inner().resource();
    let task = item.supervision.first().context("a forwarded task")?;
    t.event(
        "交办",
        "forwarded to the department",
        format!(
            "市审计局 audit; 办理时限 due {} ({} working days left, flag {:?})",
            t.at(&task.due_time),
            task.working_days_left,
            task.flag()
        ),
    );
    t.next_working_day(10)?;
    t.next_working_day(10)?;
    let report = apb::ReportRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        id: item.id.clone(),
        department: "audit".into(),
        report: "专项审计已启动，审计组已进驻12个项目单位。".into(),
    };
    approval.report(who.req("department:audit", report)?).await?;
    t.event("反馈", "the department reports", "专项审计已启动，审计组已进驻12个项目单位。");
    let verify = apb::VerifyRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        id: item.id.clone(),
        department: "audit".into(),
        accepted: true,
        note: "核查属实".into(),
    };
    approval.verify(who.req("office", verify)?).await?;
    t.event("核查", "the office verifies", "核查属实 accepted");
    let close = apb::CloseRequest {
        request_id: uuid::Uuid::new_v4().to_string(),
        id: item.id.clone(),
        department: "audit".into(),
    };
    let item = approval.close(who.req("office", close)?).await?.into_inner().resource();
    t.event("销号", "closed", format!("督办状态 supervision {:?}", item.supervision[0].state()));

    // 留痕 The audit chain.
    let report = audit.verify_audit(who.req("office", aupb::VerifyAuditRequest::default())?).await?.into_inner();
    out!("");
    out!(
        "留痕 audit log: {} entries in chains {} — {}",
        report.entries,
        report.chains.join(", "),
        if report.intact {
            "SM3 链完整 every link holds".to_owned()
        } else {
            format!("BROKEN at {:?}", report.first_broken)
        }
    );
    if !report.intact {
        bail!("the audit chain does not verify");
    }
    Ok(())
}
