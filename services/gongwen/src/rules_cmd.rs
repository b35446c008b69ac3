//! `gongwen rules eval FILE`: precision and recall of the text reading
//! (I-1 一文一事, I-2 报告不得夹带请示事项) on a labelled corpus, with every
//! disagreement; exits non-zero below the targets.

use clap::Subcommand;
use gongwen_rules::eval::{self, Counts, Outcome};

use crate::out;

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Measure I-1 and I-2 on a labelled JSONL corpus (tests/fixtures/matters/*.jsonl).
    Eval {
        file: String,
        /// The rulebook whose checks and policy for unsure readings apply.
        #[arg(long, default_value = "jining")]
        rulebook: String,
        /// The unit that sends the corpus's documents (a department of the rulebook's directory).
        #[arg(long, default_value = "audit")]
        sender: String,
        /// Fail when a rule's precision (returns only) is below this.
        #[arg(long, default_value_t = 0.98)]
        min_precision: f64,
        /// Fail when a rule's recall (returns and advisories) is below this.
        #[arg(long, default_value_t = 0.90)]
        min_recall: f64,
        /// Also print how each disagreement was read (asks, anchors, matters).
        #[arg(long)]
        explain: bool,
    },
}

pub fn run(cmd: RulesCommand) -> anyhow::Result<()> {
    let RulesCommand::Eval { file, rulebook, sender, min_precision, min_recall, explain } = cmd;
    let text = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let rows = eval::parse(&text).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let rb = gongwen_rules::load(&rulebook)?;
    let dir = gongwen_org::builtin(&rb.rulebook.directory)?;
    anyhow::ensure!(
        dir.department(&sender).is_some(),
        "no department {sender:?} in the {} directory",
        rb.rulebook.directory
    );
    let report = eval::evaluate(&rows, &rb, &dir, &sender);
    out!("{file}: {} documents, rulebook {rulebook}", rows.len());
    out!(
        "{:<28} {:>5} {:>9} {:>7} {:>9}  returned/advised/passed (violations | clean)",
        "rule",
        "n",
        "precision",
        "recall",
        "recall-ret"
    );
    let mut ok = true;
    for (name, c) in [("I-1 一文一事", &report.one_matter), ("I-2 报告不得夹带请示事项", &report.no_request_in_report)]
    {
        out!(
            "{:<28} {:>5} {:>9.3} {:>7.3} {:>9.3}  {}/{}/{} | {}/{}/{}",
            name,
            c.total(),
            c.precision(),
            c.recall(),
            c.recall_returned(),
            c.bad[0],
            c.bad[1],
            c.bad[2],
            c.good[0],
            c.good[1],
            c.good[2]
        );
        ok &= meets(c, min_precision, min_recall);
    }
    out!("\ndisagreements ({}):", report.disagreements.len());
    for d in &report.disagreements {
        let what = match d.outcome {
            Outcome::Returned => "returned",
            Outcome::Advisory => "advisory",
            Outcome::Passed => "passed",
        };
        out!("  {:<10} {} labelled {} matter(s), {what}: {}", d.id, d.rule, d.labelled, d.message);
        if explain && let Some(row) = rows.iter().find(|r| r.id == d.id) {
            let reading = gongwen_rules::reading::read(&row.title, &row.body);
            out!("      title matters: {:?}", reading.title_matters);
            for a in &reading.asks {
                out!(
                    "      ask [{}] {:?} strong={} {:?} anchors={:?} anaphoric={} additive={} borrowed={} item={}",
                    a.cue,
                    a.object,
                    a.strong,
                    a.category,
                    a.anchors,
                    a.anaphoric,
                    a.additive,
                    a.borrowed,
                    a.item
                );
            }
            for m in &reading.matters {
                out!("      matter asks={:?} {:?} anchors={:?}", m.asks, m.category, m.anchors);
            }
            for (c, asks) in &reading.closings {
                out!("      closing {:?} asks={asks}", c.text);
            }
        }
    }
    anyhow::ensure!(ok, "below the targets: precision {min_precision}, recall {min_recall}");
    Ok(())
}

fn meets(c: &Counts, min_precision: f64, min_recall: f64) -> bool {
    c.precision() >= min_precision && c.recall() >= min_recall
}
