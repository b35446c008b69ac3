//! `gongwen rulebook list | show NAME | check FILE`.

use clap::Subcommand;
use gongwen_rules::{intake::CHECKS, rulebook::BUILTIN};

#[derive(Subcommand)]
pub enum RulebookCommand {
    /// The built-in rulebooks.
    List,
    /// A rulebook's checks and parameters, each with its source article.
    Show { name: String },
    /// Read a rulebook file and report what is missing or invalid.
    Check { file: String },
}

pub fn run(cmd: RulebookCommand) -> anyhow::Result<()> {
    match cmd {
        RulebookCommand::List => {
            for (name, _) in BUILTIN {
                let rb = gongwen_rules::builtin(name)?;
                let m = &rb.rulebook;
                println!("{name:<8} {} {} {} ({})", m.municipality, m.title, m.doc_number, m.issued);
            }
        }
        RulebookCommand::Show { name } => {
            let rb = gongwen_rules::load(&name)?;
            let m = &rb.rulebook;
            println!(
                "{} — {} {} ({})\nfallback: {}\n\nintake checks:",
                m.name, m.title, m.doc_number, m.issued, m.fallback
            );
            for c in CHECKS {
                let s = c.switch(&rb);
                let on = if s.on { "on " } else { "off" };
                println!("  {:<5} {:<26} {on} {}", c.number, c.code, s.articles.join("; "));
            }
            let p = &rb.intake.params;
            println!("\nparameters:");
            let exceptions: Vec<String> =
                p.direct_to_leader_exceptions.value.iter().map(|r| format!("{r:?}")).collect();
            println!(
                "  direct_to_leader_exceptions = [{}]  ← {}",
                exceptions.join(", "),
                p.direct_to_leader_exceptions.source
            );
            println!("  briefing_max_chars = {}  ← {}", p.briefing_max_chars.value, p.briefing_max_chars.source);
            let c = &rb.countersign;
            println!(
                "  countersign.reply_limit_working_days = {}  ← {}",
                c.reply_limit_working_days.value, c.reply_limit_working_days.source
            );
            println!(
                "  countersign.complex_limit_calendar_days = {:?}  ← {}",
                c.complex_limit_calendar_days.value, c.complex_limit_calendar_days.source
            );
            println!("  countersign.silent_consent = {}  ← {}", c.silent_consent.value, c.silent_consent.source);
            println!(
                "  countersign.extension_by_agreement = {}  ← {}",
                c.extension_by_agreement.value, c.extension_by_agreement.source
            );
            println!(
                "  countersign.escalation_ladder = {:?}  ← {}",
                c.escalation_ladder.value, c.escalation_ladder.source
            );
            let a = &rb.approval;
            println!(
                "  approval.mayor_absent_substitute = {}  ← {}",
                a.mayor_absent_substitute.value, a.mayor_absent_substitute.source
            );
            println!("  approval.ab_pairs = {}  ← {}", a.ab_pairs.value, a.ab_pairs.source);
            println!("  approval.designated_backup = {}  ← {}", a.designated_backup.value, a.designated_backup.source);
            println!(
                "  calendar.regional_overlay = {:?}  ← {}",
                rb.calendar.regional_overlay.value, rb.calendar.regional_overlay.source
            );
        }
        RulebookCommand::Check { file } => {
            let text = std::fs::read_to_string(&file)?;
            match gongwen_rules::Rulebook::from_toml(&file, &text) {
                Ok(rb) => println!("{file}: ok ({})", rb.name()),
                Err(e) => anyhow::bail!("{e}"),
            }
        }
    }
    Ok(())
}
