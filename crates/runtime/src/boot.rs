//! Starting a service binary: the flags every binary takes, the database,
//! the listener. What is loaded for the domain (rulebook, directory, clock)
//! is the composition root's (`services/gongwen/src/assemble.rs`).

use std::{net::SocketAddr, path::PathBuf, time::Duration};

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
    /// Public keys (PEM) or JWKS documents that bearer tokens are verified with, comma-separated
    /// [default: a development key in <data-dir>/auth].
    #[arg(long, value_delimiter = ',')]
    pub token_keys: Vec<PathBuf>,
    /// This server's TLS certificate (PEM); with --tls-key and --tls-ca, clients must present certificates.
    #[arg(long)]
    pub tls_cert: Option<String>,
    /// The private key of --tls-cert (PEM).
    #[arg(long)]
    pub tls_key: Option<String>,
    /// The CA (PEM) client certificates must chain to, and that this service trusts when it calls the others.
    #[arg(long)]
    pub tls_ca: Option<String>,
    /// DEVELOPMENT ONLY: trust x-gongwen-department / x-gongwen-leader headers on calls without credentials.
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
            token_keys: (!self.token_keys.is_empty()).then(|| self.token_keys.clone()),
            tls_cert: self.tls_cert.clone(),
            tls_key: self.tls_key.clone(),
            tls_ca: self.tls_ca.clone(),
            dev_identity_header: self.dev_identity_header.then_some(true),
            dev_clock: self.dev_clock.clone(),
        };
        Ok(Config::load(self.config.as_deref(), &flags)?)
    }
}

/// Connects to the configured database (creating the data directory for
/// SQLite), retrying for `database_wait_secs` while it does not answer: in a
/// cluster the database may start after the service.
pub async fn open_database(cfg: &Config) -> anyhow::Result<Database> {
    use backon::{ExponentialBuilder, Retryable};
    std::fs::create_dir_all(&cfg.data_dir).with_context(|| format!("creating {}", cfg.data_dir.display()))?;
    let url = cfg.effective_database_url();
    let wait = cfg.database_wait();
    let backoff = ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(200))
        .with_max_delay(Duration::from_secs(5))
        .with_total_delay(Some(wait))
        .without_max_times();
    (|| Database::connect(&url, cfg.max_db_connections))
        .retry(backoff)
        .when(|_| !wait.is_zero())
        .notify(|e, after| tracing::warn!(error = %e, retry_in = ?after, "the database does not answer yet"))
        .await
        .with_context(|| format!("connecting to the database ({})", redact(&url)))
}

/// The URL of a service on this same server (`gongwen serve`).
pub fn own_url(cfg: &Config) -> String {
    let scheme = if cfg.tls() { "https" } else { "http" };
    // A wildcard listen address is reached through loopback.
    let addr = match cfg.listen.ip() {
        ip if ip.is_unspecified() => SocketAddr::from(([127, 0, 0, 1], cfg.listen.port())),
        _ => cfg.listen,
    };
    format!("{scheme}://{addr}")
}

/// Binds the configured address; the configuration as bound (a port 0 replaced by the port
/// the system gave, so that the server's own URL reaches it).
pub async fn bind(cfg: &Config) -> anyhow::Result<(TcpListener, Config)> {
    let listener = TcpListener::bind(cfg.listen).await.with_context(|| format!("binding {}", cfg.listen))?;
    let bound = Config { listen: listener.local_addr()?, ..cfg.clone() };
    Ok((listener, bound))
}

/// Serves on `listener` (from [`bind`]) until SIGTERM or Ctrl-C.
pub async fn serve(cfg: &Config, listener: TcpListener, services: Services, what: &str) -> anyhow::Result<()> {
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
