//! Starting a service binary: the flags every binary takes, the database,
//! the listener.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use gongwen_store::Database;
use tokio::net::TcpListener;

use crate::{
    Config,
    config::Overrides,
    server::{Limits, Services, shutdown_signal},
};

/// The flags of `serve` (and of every standalone service binary).
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Configuration file (TOML); GONGWEN_* environment variables and these flags override it.
    #[arg(long, env = "GONGWEN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:50051].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Directory for the embedded database [default: ./data].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// postgres://… to use PostgreSQL instead of the embedded SQLite file.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Built-in rulebook (zhangye, ziyang, yueqing, urumqi, jining) or a rulebook file [default: jining].
    #[arg(long)]
    pub rulebook: Option<String>,
    /// Organisation directory file [default: the rulebook's built-in sample].
    #[arg(long)]
    pub directory: Option<String>,
    /// Countersign service URL for certificate checks [default in `gongwen serve`: this server].
    #[arg(long)]
    pub countersign_url: Option<String>,
    /// Intake service URL approval takes registered documents from [default in `gongwen serve`: this server].
    #[arg(long)]
    pub intake_url: Option<String>,
    /// DEVELOPMENT ONLY: trust the x-gongwen-department header as the caller's identity.
    #[arg(long)]
    pub dev_identity_header: bool,
    /// DEVELOPMENT ONLY: start the clock at this RFC 3339 instant, e.g. 2026-10-09T09:00:00+08:00.
    #[arg(long)]
    pub dev_clock: Option<String>,
}

impl ServeArgs {
    pub fn config(&self) -> anyhow::Result<Config> {
        let flags = Overrides {
            listen: self.listen,
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
            rulebook: self.rulebook.clone(),
            directory: self.directory.clone(),
            countersign_url: self.countersign_url.clone(),
            intake_url: self.intake_url.clone(),
            dev_identity_header: self.dev_identity_header.then_some(true),
            dev_clock: self.dev_clock.clone(),
        };
        Ok(Config::load(self.config.as_deref(), &flags)?)
    }
}

/// Connects to the configured database (creating the data directory for SQLite).
pub async fn open_database(cfg: &Config) -> anyhow::Result<Database> {
    std::fs::create_dir_all(&cfg.data_dir).with_context(|| format!("creating {}", cfg.data_dir.display()))?;
    let url = cfg.effective_database_url();
    Database::connect(&url, cfg.max_db_connections)
        .await
        .with_context(|| format!("connecting to the database ({})", redact(&url)))
}

/// The clock the services read: the system's, or (development only) one
/// started at `dev_clock`.
pub fn clock(cfg: &Config) -> anyhow::Result<std::sync::Arc<dyn gongwen_calendar::Clock>> {
    if cfg.dev_identity_header {
        tracing::warn!("DEVELOPMENT MODE: the x-gongwen-department header is trusted as the caller's identity");
    }
    if cfg.dev_clock.is_empty() {
        return Ok(std::sync::Arc::new(gongwen_calendar::SystemClock));
    }
    let start = chrono::DateTime::parse_from_rfc3339(&cfg.dev_clock)
        .with_context(|| format!("dev_clock {:?} is not an RFC 3339 instant", cfg.dev_clock))?;
    tracing::warn!(start = %start, "DEVELOPMENT MODE: the clock is shifted");
    Ok(std::sync::Arc::new(gongwen_calendar::OffsetClock::starting_at(start.to_utc())))
}

/// Binds the configured address and serves until SIGTERM or Ctrl-C.
pub async fn serve(cfg: &Config, services: Services, what: &str) -> anyhow::Result<()> {
    let listener = TcpListener::bind(cfg.listen).await.with_context(|| format!("binding {}", cfg.listen))?;
    tracing::info!(listen = %listener.local_addr()?, rulebook = %cfg.rulebook, "{what} serving");
    services.serve(listener, Limits::from(cfg), shutdown_signal()).await?;
    tracing::info!("{what} stopped");
    Ok(())
}

/// A database URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(super::redact("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
