//! The server's TLS, read again when its files change: cert-manager renews a
//! certificate in place (a new `tls.crt`/`tls.key` in the mounted Secret),
//! and a CA bundle gains the next CA before the old one is withdrawn. New
//! connections get the new certificate and CA at once; open ones keep theirs.

use std::{
    io,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, RwLock},
    time::Duration,
};

use tokio::{net::TcpStream, sync::watch};
use tokio_rustls::{
    TlsAcceptor,
    rustls::{
        RootCertStore, ServerConfig,
        crypto::ring::default_provider,
        pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
        server::WebPkiClientVerifier,
    },
    server::TlsStream,
};
use tokio_stream::{Stream, StreamExt as _};
use tonic::transport::ClientTlsConfig;

use crate::Error;

/// A handshake that takes longer than this is dropped (a slow or idle peer
/// must not hold a task).
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// A configuration built from the contents of files, rebuilt when they change.
struct Reloading<C> {
    current: RwLock<C>,
    /// The files' contents when last read, to tell a change.
    read: Mutex<Vec<u8>>,
}

impl<C: Clone> Reloading<C> {
    fn new(contents: &[Vec<u8>; 3], config: C) -> Self {
        Self { current: RwLock::new(config), read: Mutex::new(contents.concat()) }
    }

    fn current(&self) -> C {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// `Ok(true)` when `contents` differ from the last read and `build` accepts them (then in
    /// force); contents `build` refuses leave the configuration in force as it was.
    fn update(
        &self,
        contents: &[Vec<u8>; 3],
        build: impl FnOnce(&[Vec<u8>; 3]) -> Result<C, Error>,
    ) -> Result<bool, Error> {
        let now = contents.concat();
        let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
        if *read == now {
            return Ok(false);
        }
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = build(contents)?;
        *read = now;
        Ok(true)
    }
}

/// Where the server's certificate, its key and the client CA are.
#[derive(Debug, Clone)]
pub struct ServerTlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// Client certificates must chain to it.
    pub client_ca: PathBuf,
    /// Accept clients without a certificate (they then need a token).
    pub client_auth_optional: bool,
}

/// The server's TLS configuration in force, and how to read it again.
pub struct ServerTls {
    files: ServerTlsFiles,
    config: Reloading<Arc<ServerConfig>>,
}

impl std::fmt::Debug for ServerTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerTls").field("files", &self.files).finish_non_exhaustive()
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::key(path, e))
}

impl ServerTlsFiles {
    fn contents(&self) -> Result<[Vec<u8>; 3], Error> {
        Ok([read(&self.cert)?, read(&self.key)?, read(&self.client_ca)?])
    }

    fn config(&self, [cert, key, ca]: &[Vec<u8>; 3]) -> Result<ServerConfig, Error> {
        let bad = |path: &Path, e: &dyn std::fmt::Display| Error::key(path, e);
        let chain =
            CertificateDer::pem_slice_iter(cert).collect::<Result<Vec<_>, _>>().map_err(|e| bad(&self.cert, &e))?;
        if chain.is_empty() {
            return Err(bad(&self.cert, &"no certificate in the file"));
        }
        let key = PrivateKeyDer::from_pem_slice(key).map_err(|e| bad(&self.key, &e))?;
        let mut roots = RootCertStore::empty();
        for c in CertificateDer::pem_slice_iter(ca) {
            roots.add(c.map_err(|e| bad(&self.client_ca, &e))?).map_err(|e| bad(&self.client_ca, &e))?;
        }
        let provider = Arc::new(default_provider());
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone());
        let verifier = if self.client_auth_optional { verifier.allow_unauthenticated() } else { verifier };
        let verifier = verifier.build().map_err(|e| bad(&self.client_ca, &e))?;
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| bad(&self.cert, &e))?
            .with_client_cert_verifier(verifier)
            // A key that does not belong to the certificate is refused here, not at the first handshake.
            .with_single_cert(chain, key)
            .map_err(|e| bad(&self.key, &e))?;
        config.alpn_protocols = vec![b"h2".to_vec()];
        Ok(config)
    }
}

impl ServerTls {
    pub fn new(files: ServerTlsFiles) -> Result<Arc<Self>, Error> {
        let contents = files.contents()?;
        let config = Reloading::new(&contents, Arc::new(files.config(&contents)?));
        Ok(Arc::new(Self { files, config }))
    }

    /// Reads the files again: `Ok(true)` when they changed and the new
    /// configuration is in force. Files caught half-rotated (a key that does
    /// not match the certificate) leave the configuration in force as it was.
    pub fn reload(&self) -> Result<bool, Error> {
        self.config.update(&self.files.contents()?, |c| Ok(Arc::new(self.files.config(c)?)))
    }

    fn acceptor(&self) -> TlsAcceptor {
        TlsAcceptor::from(self.config.current())
    }

    /// The TLS connections over `tcp`, each handshaken with the configuration
    /// in force when it arrived; handshakes run concurrently, and one that
    /// fails is dropped (logged), never ending the stream. Ends when the
    /// receiving server is gone.
    pub fn incoming<S>(self: Arc<Self>, mut tcp: S) -> impl Stream<Item = io::Result<TlsStream<TcpStream>>>
    where
        S: Stream<Item = io::Result<TcpStream>> + Unpin + Send + 'static,
    {
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let conn = tokio::select! {
                    conn = tcp.next() => conn,
                    () = tx.closed() => return,
                };
                let stream = match conn {
                    Some(Ok(s)) => s,
                    Some(Err(e)) => {
                        tracing::warn!(error = %e, "accepting a connection failed");
                        continue;
                    }
                    None => return,
                };
                let (acceptor, tx) = (self.acceptor(), tx.clone());
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => {
                            let _ = tx.send(Ok(tls)).await;
                        }
                        Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                });
            }
        });
        tokio_stream::wrappers::ReceiverStream::new(rx)
    }
}

/// Where a service's client certificate, its key and the CA it trusts are.
#[derive(Debug, Clone)]
pub struct ClientTlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// The servers it calls must chain to it.
    pub ca: PathBuf,
}

/// A service's TLS for its own calls, read again when its files change;
/// the channels that use it reconnect with the new one.
pub struct ClientTls {
    files: ClientTlsFiles,
    config: Reloading<ClientTlsConfig>,
    generation: watch::Sender<u64>,
}

impl std::fmt::Debug for ClientTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientTls").field("files", &self.files).finish_non_exhaustive()
    }
}

impl ClientTlsFiles {
    fn contents(&self) -> Result<[Vec<u8>; 3], Error> {
        Ok([read(&self.cert)?, read(&self.key)?, read(&self.ca)?])
    }

    /// Checks what tonic only reads at the first handshake: PEM that parses,
    /// a certificate and a key.
    fn config(&self, [cert, key, ca]: &[Vec<u8>; 3]) -> Result<ClientTlsConfig, Error> {
        let bad = |path: &Path, e: &dyn std::fmt::Display| Error::key(path, e);
        let count = |path: &Path, pem: &[u8]| -> Result<usize, Error> {
            let certs =
                CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>().map_err(|e| bad(path, &e))?;
            Ok(certs.len())
        };
        if count(&self.cert, cert)? == 0 {
            return Err(bad(&self.cert, &"no certificate in the file"));
        }
        if count(&self.ca, ca)? == 0 {
            return Err(bad(&self.ca, &"no certificate in the file"));
        }
        PrivateKeyDer::from_pem_slice(key).map_err(|e| bad(&self.key, &e))?;
        Ok(ClientTlsConfig::new()
            .ca_certificate(tonic::transport::Certificate::from_pem(ca))
            .identity(tonic::transport::Identity::from_pem(cert, key)))
    }
}

impl ClientTls {
    pub fn new(files: ClientTlsFiles) -> Result<Arc<Self>, Error> {
        let contents = files.contents()?;
        let config = Reloading::new(&contents, files.config(&contents)?);
        Ok(Arc::new(Self { files, config, generation: watch::channel(0).0 }))
    }

    /// The configuration in force.
    pub fn config(&self) -> ClientTlsConfig {
        self.config.current()
    }

    /// Changes each time a new configuration comes into force.
    pub fn changed(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Reads the files again: `Ok(true)` when they changed (the channels then
    /// reconnect); files that do not parse keep the configuration in force.
    pub fn reload(&self) -> Result<bool, Error> {
        let changed = self.config.update(&self.files.contents()?, |c| self.files.config(c))?;
        if changed {
            self.generation.send_modify(|g| *g += 1);
        }
        Ok(changed)
    }
}
