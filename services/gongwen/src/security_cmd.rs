//! `gongwen token issue`, `gongwen pki dev-ca` and `gongwen audit verify`.

use std::{path::PathBuf, time::Duration};

use anyhow::Context;
use clap::Subcommand;
use gongwen_auth::{Clearance, Role, token::Minter};

use crate::out;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Mint a bearer token (development: with the key `gongwen serve` keeps in its data directory).
    Issue {
        /// department:<id>, leader:<id>, office or service:<name>.
        #[arg(long)]
        subject: String,
        /// unclassified, confidential (秘密), secret (机密) or top_secret (绝密).
        #[arg(long, default_value = "unclassified")]
        clearance: String,
        /// How long the token is valid, e.g. 8h, 30m, 7days.
        #[arg(long, default_value = "8h")]
        ttl: humantime::Duration,
        /// The Ed25519 private key (PKCS#8 PEM) [default: <data-dir>/auth/dev-signing-key.pem].
        #[arg(long)]
        key: Option<PathBuf>,
        /// The data directory of the server the token is for.
        #[arg(long, default_value = "data")]
        data_dir: PathBuf,
        #[arg(long, default_value = "gongwen")]
        issuer: String,
        #[arg(long, default_value = "gongwen")]
        audience: String,
    },
}

#[derive(Subcommand)]
pub enum PkiCommand {
    /// Create a development CA, a server certificate and client certificates for mutual TLS.
    DevCa {
        /// Where to write the PEM files.
        #[arg(long, default_value = "data/pki")]
        out: PathBuf,
        /// Names the server certificate is valid for.
        #[arg(long = "host", default_values = ["localhost", "127.0.0.1"])]
        hosts: Vec<String>,
        /// A client certificate per name; its holder is the principal service:<name>.
        #[arg(long = "client", default_values = ["platform"])]
        clients: Vec<String>,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the SM3 hash chains and report the first broken link (exit 1 if any).
    Verify {
        /// postgres://… or sqlite://… [default: the SQLite file in --data-dir].
        #[arg(long)]
        database_url: Option<String>,
        #[arg(long, default_value = "data")]
        data_dir: PathBuf,
        /// One chain (intake, countersign, approval, audit) [default: all].
        #[arg(long)]
        chain: Option<String>,
    },
}

pub fn token(cmd: TokenCommand) -> anyhow::Result<()> {
    let TokenCommand::Issue { subject, clearance, ttl, key, data_dir, issuer, audience } = cmd;
    let role: Role = subject.parse()?;
    let clearance: Clearance = clearance.parse()?;
    let key = match key {
        Some(k) => k,
        None => gongwen_runtime::security::dev_key(&data_dir)?.0,
    };
    let minter = Minter::from_pem_file(&key, &issuer, &audience)?;
    out!("{}", minter.mint(&role, clearance, Duration::from(ttl))?);
    Ok(())
}

pub fn pki(cmd: PkiCommand) -> anyhow::Result<()> {
    let PkiCommand::DevCa { out: dir, hosts, clients } = cmd;
    for f in gongwen_auth::pki::create_dev_pki(&dir, &hosts, &clients)? {
        out!("{}", f.display());
    }
    Ok(())
}

pub async fn audit(cmd: AuditCommand) -> anyhow::Result<bool> {
    let AuditCommand::Verify { database_url, data_dir, chain } = cmd;
    let url = match database_url {
        Some(url) => url,
        None => {
            // Verifying must not create an empty database where none was.
            let file = data_dir.join("gongwen.db");
            anyhow::ensure!(file.exists(), "no database at {} (give --data-dir or --database-url)", file.display());
            format!("sqlite://{}", file.display())
        }
    };
    let db = gongwen_store::Database::connect(&url, 2)
        .await
        .with_context(|| format!("connecting to {}", gongwen_runtime::boot::redact(&url)))?;
    gongwen_audit::migrate(&db).await?;
    let report = gongwen_audit::verify(&db, chain.as_deref()).await?;
    db.close().await;
    out!("chains: {}", if report.chains.is_empty() { "(none)".to_owned() } else { report.chains.join(", ") });
    out!("entries checked: {}", report.entries);
    match report.first_broken {
        None => {
            out!("intact: every SM3 link holds");
            Ok(true)
        }
        Some(b) => {
            out!("BROKEN: chain {} at entry {}: {}", b.chain, b.seq, b.reason);
            Ok(false)
        }
    }
}
