//! The `gongwen` command line: rulebooks and the calendar.

use std::process::Command;

use crate::harness::binary;

fn gongwen(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(binary("gongwen")).args(args).env_remove("RUST_BACKTRACE").output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn rulebook_list_names_the_five_seeds_and_show_cites_articles() {
    let (ok, out, _) = gongwen(&["rulebook", "list"]);
    assert!(ok);
    for name in ["zhangye", "ziyang", "yueqing", "urumqi", "jining"] {
        assert!(out.lines().any(|l| l.starts_with(name)), "{name} in {out}");
    }
    let (ok, out, _) = gongwen(&["rulebook", "show", "urumqi"]);
    assert!(ok);
    assert!(out.contains("countersign.reply_limit_working_days = 7  ← urumqi 四十九"), "{out}");
    assert!(out.contains("Government Parallel *: deputy_mayor_in_charge  ← urumqi 五十一"), "{out}");
}

#[test]
fn rulebook_check_lists_every_problem_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    let text = gongwen_rules::rulebook::BUILTIN[4]
        .1
        .lines()
        .filter(|l| !l.starts_with("briefing_max_chars") && !l.starts_with("silent_consent"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, text).unwrap();
    let (ok, out, err) = gongwen(&["rulebook", "check", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(out.contains("missing parameter intake.params.briefing_max_chars"), "{out}");
    assert!(out.contains("missing parameter countersign.silent_consent"), "{out}");
    assert!(out.lines().all(|l| l.contains(": line ")), "{out}");
    assert!(err.contains("2 problem(s)"), "{err}");
    // The server refuses to start on it, naming the field.
    let (ok, _, err) =
        gongwen(&["serve", "--rulebook", file.to_str().unwrap(), "--data-dir", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("briefing_max_chars") && err.contains("silent_consent"), "{err}");
}

#[test]
fn calendar_commands_count_working_days_per_rulebook() {
    let (ok, out, _) = gongwen(&["calendar", "add-working-days", "2026-09-30", "7"]);
    assert!(ok);
    assert!(out.starts_with("2026-10-15"), "{out}");
    let (_, out, _) = gongwen(&["calendar", "add-working-days", "2025-06-04", "7", "--rulebook", "urumqi"]);
    assert!(out.starts_with("2025-06-18"), "{out}");
    assert!(out.contains("calendar version") && !out.contains("PROVISIONAL"), "{out}");
    let (_, out, _) = gongwen(&["calendar", "is-working-day", "2026-10-10"]);
    assert!(out.starts_with("2026-10-10: working day\n"), "{out}");
    let (_, out, _) = gongwen(&["calendar", "is-working-day", "2025-06-09", "--rulebook", "urumqi"]);
    assert!(out.starts_with("2025-06-09: not a working day (古尔邦节)\n"), "{out}");
    // A year without its notice is provisional, and the answer says so.
    let (ok, out, err) = gongwen(&["calendar", "add-working-days", "2026-12-24", "7", "--rulebook", "urumqi"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("2027-01-05") && out.contains("PROVISIONAL: rests on 2027"), "{out}");
    let (ok, out, _) = gongwen(&["calendar", "is-working-day", "2027-10-01"]);
    assert!(ok && out.starts_with("2027-10-01: not a working day (国庆节)"), "{out}");
    let (ok, out, _) = gongwen(&["calendar", "years", "--rulebook", "urumqi"]);
    assert!(
        ok && out.contains("national  2026 notice")
            && out.contains("xinjiang  2024 notice")
            && out.contains("national  2027 provisional"),
        "{out}"
    );
    let (ok, _, err) = gongwen(&["calendar", "is-working-day", "2100-01-04"]);
    assert!(!ok);
    assert_eq!(err.trim(), "error: no holiday data for 2100 (national): the calendar covers 2015 to 2099");
}

#[test]
fn the_demo_plays_a_full_circulation_for_every_rulebook() {
    for rulebook in ["zhangye", "ziyang", "yueqing", "urumqi", "jining"] {
        let (ok, out, err) = gongwen(&["demo", "--rulebook", rulebook]);
        assert!(ok, "{rulebook}: {err}\n{out}");
        for step in [
            "会签发起",
            "发改委会签",
            "会签办结",
            "退文",
            "收文登记",
            "领导外出",
            "拟办",
            "代 on behalf of",
            "交办",
            "反馈",
            "核查",
            "销号",
        ] {
            assert!(out.contains(step), "{rulebook}: no {step} in\n{out}");
        }
        assert!(out.contains("国庆节"), "{rulebook}: the reply period crosses National Day\n{out}");
        assert!(out.contains("I-1 ONE_MATTER_PER_REQUEST"), "{rulebook}: the return cites its reasons\n{out}");
        let silent = gongwen_rules::builtin(rulebook).unwrap().countersign.silent_consent.value;
        assert_eq!(
            out.contains("deemed consent (silence)"),
            silent,
            "{rulebook}: silent consent only where the rulebook has it"
        );
        assert!(out.trim_end().ends_with("SM3 链完整 every link holds"), "{rulebook}: the audit chain verifies\n{out}");
    }
}

#[test]
fn calendar_publish_checks_a_notice_stores_it_and_every_answer_counts_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let file = dir.path().join("notice.toml");
    let notice = "region = \"national\"\n[[years]]\nyear = 2027\nsource = \"测试通知：2027年元旦放假4天（测试用）\"\nholidays = [ { name = \"元旦\", from = \"2027-01-01\", to = \"2027-01-04\" } ]\nworkdays = []\n";
    // A bad notice: every problem listed, nothing stored.
    std::fs::write(&file, notice.replace("workdays = []", "workdays = [\"2027-01-06\", \"2027-01-02\"]")).unwrap();
    let (ok, _, err) = gongwen(&["calendar", "publish", file.to_str().unwrap(), "--data-dir", data]);
    assert!(!ok);
    assert!(
        err.contains("nothing was published") && err.contains("weekend days") && err.contains("part of 元旦"),
        "{err}"
    );
    let (_, out, _) = gongwen(&["calendar", "is-working-day", "2027-01-04", "--data-dir", data]);
    assert!(out.starts_with("2027-01-04: working day") && out.contains("PROVISIONAL"), "{out}");
    // Published: the answers count with it.
    std::fs::write(&file, notice).unwrap();
    let (ok, out, err) = gongwen(&["calendar", "publish", file.to_str().unwrap(), "--data-dir", data]);
    assert!(ok, "{err}");
    assert!(out.contains("published national 2027"), "{out}");
    let (_, out, _) = gongwen(&["calendar", "is-working-day", "2027-01-04", "--data-dir", data]);
    assert!(out.starts_with("2027-01-04: not a working day (元旦)") && !out.contains("PROVISIONAL"), "{out}");
    let (_, out, _) = gongwen(&["calendar", "years", "--data-dir", data]);
    assert!(out.contains("national  2027 notice      测试通知"), "{out}");
}

#[test]
fn bench_runs_each_scenario_with_its_ceilings_and_writes_json() {
    let dir = tempfile::tempdir().unwrap();
    for scenario in ["precheck", "submit", "countersign", "circulation", "sweep", "inbox"] {
        let json = dir.path().join(format!("{scenario}.json"));
        #[rustfmt::skip]
        let (ok, out, err) = gongwen(&[
            "bench", scenario, "--warmup", "200ms", "--duration", "1s", "--concurrency", "8",
            "--deadlines", "500", "--items", "3000", "--quiet", "--json", json.to_str().unwrap(),
        ]);
        assert!(ok, "{scenario}: {out}\n{err}");
        let results: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let reports = results["reports"].as_array().unwrap();
        let names: Vec<&str> = reports.iter().map(|r| r["name"].as_str().unwrap()).collect();
        let expected: &[&str] = match scenario {
            "precheck" => &["ceiling: health Check", "precheck"],
            "submit" => &["ceiling: health Check", "ceiling: single-row INSERT", "submit", "submit (audit off)"],
            "countersign" => &["ceiling: health Check", "ceiling: single-row INSERT", "round: open + 2 replies"],
            "circulation" => &["ceiling: health Check", "ceiling: single-row INSERT", "circulation"],
            "sweep" => &[
                "ceiling: health Check",
                "submit (idle)",
                "submit (during the sweep)",
                "submit (during the sweep, audit off)",
            ],
            _ => &["ceiling: health Check", "inbox: first page", "inbox: page after 2000"],
        };
        assert_eq!(names, expected, "{scenario}");
        for r in reports {
            assert!(r["calls"].as_u64().unwrap() > 0 && r["errors"].as_u64() == Some(0), "{scenario}: {r}");
            assert!(r["p99_ms"].as_f64().unwrap() >= r["p50_ms"].as_f64().unwrap(), "{r}");
        }
        let measures: std::collections::HashMap<String, f64> = results["measures"]
            .as_array()
            .map(|m| m.iter().map(|m| (m[0].as_str().unwrap().to_owned(), m[1].as_f64().unwrap())).collect())
            .unwrap_or_default();
        match scenario {
            // Every deadline seeded fell due and was deemed consent once (the run checks it too).
            "sweep" => assert_eq!(measures["deadlines fired"], 500.0, "{measures:?}"),
            // One silent participant in each round opened.
            "countersign" => assert!(measures["silent consents fired"] >= reports[2]["calls"].as_f64().unwrap()),
            "inbox" => assert!(measures["inbox: first page p99, ms"] > 0.0, "{measures:?}"),
            _ => {
                let ratios = results["ratios"].as_array().unwrap();
                let audit = |r: &&serde_json::Value| r[0].as_str().unwrap().starts_with("audit's cost");
                assert!(
                    !ratios.is_empty() && ratios.iter().filter(|r| !audit(r)).all(|r| r[1].as_f64().unwrap() > 0.0),
                    "{ratios:?}"
                );
            }
        }
        // The pair with audit paused (a cost, so under 1; noise may make it negative in a short run).
        if ["submit", "sweep"].contains(&scenario) {
            let ratios = results["ratios"].as_array().unwrap();
            let cost = ratios.iter().find(|r| r[0].as_str().unwrap().starts_with("audit's cost")).expect("audit pair");
            assert!(cost[1].as_f64().unwrap() < 1.0, "{cost}");
        }
        if ["submit", "sweep", "circulation"].contains(&scenario) {
            assert!(out.contains("without a gap"), "{out}");
        }
    }
}

#[test]
fn bench_startup_measures_a_new_server_process_to_its_first_answer_and_its_idle_memory() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("startup.json");
    let (ok, out, err) =
        gongwen(&["bench", "startup", "--duration", "1s", "--quiet", "--json", json.to_str().unwrap()]);
    assert!(ok, "{out}\n{err}");
    let results: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let measures: std::collections::HashMap<String, f64> = results["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m[0].as_str().unwrap().to_owned(), m[1].as_f64().unwrap()))
        .collect();
    let (ready, first) = (measures["ready (health SERVING), s"], measures["first Precheck answered, s"]);
    assert!(0.0 < ready && ready <= first && first < 60.0, "{measures:?}");
    // A real process's resident set: more than nothing, less than everything.
    let rss = measures["idle RSS, MiB"];
    assert!(rss > 5.0 && rss < 4096.0 && measures["peak RSS, MiB"] >= rss, "{measures:?}");
}

/// `gongwen serve --listen 127.0.0.1:0`: approval takes its documents from intake on this same
/// server, at the port the system gave (it dialled port 0 before, failing every second).
#[test]
fn serve_on_port_zero_reaches_its_own_services_at_the_port_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(binary("gongwen"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path().to_str().unwrap()])
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    // SIGKILL: what matters is what it logged while serving.
    let pid = child.id().to_string();
    Command::new("kill").args(["-9", &pid]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    let logs = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(logs.contains("gongwen serving"), "{logs}");
    assert!(!logs.contains("intake stream interrupted"), "{logs}");
}
