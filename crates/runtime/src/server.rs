//! The gRPC server every service runs: health and reflection always on,
//! limits from the configuration, graceful shutdown.

use std::{future::Future, sync::Arc, time::Duration};

use gongwen_auth::{AuthLayer, Authenticator};

use tokio::net::TcpListener;
use tonic::{
    service::Routes,
    transport::{Server, ServerTlsConfig},
};
use tonic_health::server::HealthReporter;

use crate::Config;

/// Limits applied to every service, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub request_timeout: Duration,
    pub concurrency_limit: usize,
    pub max_message_bytes: usize,
}

impl From<&Config> for Limits {
    fn from(c: &Config) -> Self {
        Self {
            request_timeout: c.request_timeout(),
            concurrency_limit: c.concurrency_limit,
            max_message_bytes: c.max_message_bytes,
        }
    }
}

/// Services registered so far, with health and reflection already added.
pub struct Services {
    routes: tonic::service::RoutesBuilder,
    pub health: HealthReporter,
    names: Vec<&'static str>,
    draining: tokio::sync::watch::Sender<bool>,
    authenticator: Arc<Authenticator>,
    tls: Option<ServerTlsConfig>,
}

impl Services {
    pub fn new(descriptor_set: &[u8]) -> Self {
        let (health, health_service) = tonic_health::server::health_reporter();
        let mut routes = Routes::builder();
        routes.add_service(health_service);
        // grpcurl 1.8 speaks only v1alpha; newer clients speak v1: serve both.
        let v1 = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(descriptor_set)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .build_v1()
            .expect("reflection v1 from the built-in descriptor set");
        let v1alpha = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(descriptor_set)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .build_v1alpha()
            .expect("reflection v1alpha from the built-in descriptor set");
        routes.add_service(v1).add_service(v1alpha);
        Self {
            routes,
            health,
            names: Vec::new(),
            draining: tokio::sync::watch::Sender::new(false),
            // Until `secure` is called every RPC but health and reflection is refused.
            authenticator: Arc::default(),
            tls: None,
        }
    }

    /// Who may call, and TLS if configured.
    pub fn secure(&mut self, authenticator: Arc<Authenticator>, tls: Option<ServerTlsConfig>) {
        self.authenticator = authenticator;
        self.tls = tls;
    }

    /// Where services are added: `services.routes().add_service(svc)`.
    pub fn routes(&mut self) -> &mut tonic::service::RoutesBuilder {
        &mut self.routes
    }

    /// Turns true when shutdown begins: long-lived streams (Watch) end on it,
    /// or graceful shutdown would wait for them forever.
    pub fn draining(&self) -> tokio::sync::watch::Receiver<bool> {
        self.draining.subscribe()
    }

    /// Reports a service SERVING (and NOT_SERVING again while draining).
    pub async fn serving(&mut self, name: &'static str) {
        self.health.set_service_status(name, tonic_health::ServingStatus::Serving).await;
        self.names.push(name);
    }

    /// Serves on `listener` until `shutdown` resolves, then drains: health
    /// turns NOT_SERVING first so load balancers stop sending.
    pub async fn serve(
        self,
        listener: TcpListener,
        limits: Limits,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), tonic::transport::Error> {
        let Services { routes, health, names, draining, authenticator, tls } = self;
        health.set_service_status("", tonic_health::ServingStatus::Serving).await;
        let drain = async move {
            shutdown.await;
            tracing::info!("shutting down: draining requests");
            draining.send_replace(true);
            health.set_service_status("", tonic_health::ServingStatus::NotServing).await;
            for n in names {
                health.set_service_status(n, tonic_health::ServingStatus::NotServing).await;
            }
        };
        let mut builder = Server::builder();
        if let Some(tls) = tls {
            builder = builder.tls_config(tls)?;
        }
        builder
            .trace_fn(crate::telemetry::request_span)
            .timeout(limits.request_timeout)
            .concurrency_limit_per_connection(limits.concurrency_limit)
            .load_shed(true)
            // Over the global limit a request is shed at once (RESOURCE_EXHAUSTED)
            // rather than queued behind work that may already be late.
            .layer(
                tower::ServiceBuilder::new()
                    .load_shed()
                    .layer(tower::limit::GlobalConcurrencyLimitLayer::new(limits.concurrency_limit))
                    .layer(AuthLayer::new(authenticator)),
            )
            .add_routes(routes.routes())
            // serve_with_incoming ignores the builder's tcp_nodelay: set it on the
            // incoming stream, or Nagle + delayed ACKs stall small replies ~40 ms.
            .serve_with_incoming_shutdown(
                tonic::transport::server::TcpIncoming::from(listener)
                    .with_nodelay(Some(true))
                    .with_keepalive(Some(Duration::from_secs(60))),
                drain,
            )
            .await
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
