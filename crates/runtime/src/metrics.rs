//! Metrics: OpenTelemetry instruments, read by a Prometheus endpoint
//! (`metrics_listen`, `GET /metrics`) and pushed over OTLP when an endpoint is
//! configured (`OTEL_EXPORTER_OTLP_ENDPOINT`, every `OTEL_METRIC_EXPORT_INTERVAL`).
//! The services record through `opentelemetry::global::meter`; this module
//! owns the provider, the endpoint and the per-call duration.

use std::{
    future::Future,
    net::SocketAddr,
    pin::Pin,
    sync::OnceLock,
    task::{Context, Poll},
};

use opentelemetry::{KeyValue, metrics::Histogram};
use opentelemetry_sdk::{Resource, metrics::SdkMeterProvider};
use tokio::net::TcpListener;

static REGISTRY: OnceLock<prometheus::Registry> = OnceLock::new();

/// The meter provider: a Prometheus reader always, an OTLP exporter when
/// configured. Installed as the global provider by `telemetry::init`.
pub(crate) fn provider(resource: Resource, otlp: bool) -> SdkMeterProvider {
    let registry = REGISTRY.get_or_init(prometheus::Registry::new).clone();
    let mut builder = SdkMeterProvider::builder().with_resource(resource);
    match opentelemetry_prometheus::exporter().with_registry(registry).build() {
        Ok(reader) => builder = builder.with_reader(reader),
        Err(e) => eprintln!("the Prometheus endpoint is disabled: {e}"),
    }
    if otlp {
        match opentelemetry_otlp::MetricExporter::builder().with_tonic().build() {
            Ok(exporter) => builder = builder.with_periodic_exporter(exporter),
            Err(e) => eprintln!("OpenTelemetry metric export disabled: {e}"),
        }
    }
    builder.build()
}

/// The Prometheus text exposition of every instrument recorded so far.
pub fn prometheus_text() -> String {
    use prometheus::Encoder as _;
    let families = REGISTRY.get().map(prometheus::Registry::gather).unwrap_or_default();
    let mut out = Vec::new();
    match prometheus::TextEncoder::new().encode(&families, &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => format!("# encoding failed: {e}\n"),
    }
}

/// Serves `GET /metrics` (plain HTTP/1.1, for a Prometheus scraper) on
/// `addr` until the process ends. Returns the bound address.
pub async fn serve(addr: SocketAddr) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(|| async {
            ([(http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], prometheus_text())
        }),
    );
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics endpoint stopped");
        }
    });
    Ok(bound)
}

/// Records `rpc.server.call.duration` (seconds) per service, method and
/// gRPC status (RPC semantic conventions). No maintained layer fits these
/// OpenTelemetry versions (tonic-otel-layer is on 0.32), hence this one.
#[derive(Clone, Default)]
pub struct CallDurationLayer;

impl<S> tower::Layer<S> for CallDurationLayer {
    type Service = CallDuration<S>;
    fn layer(&self, inner: S) -> Self::Service {
        CallDuration { inner, histogram: duration_histogram() }
    }
}

fn duration_histogram() -> Histogram<f64> {
    opentelemetry::global::meter("gongwen")
        .f64_histogram("rpc.server.call.duration")
        .with_unit("s")
        .with_description("Duration of gRPC calls handled, per method and status")
        .with_boundaries(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0])
        .build()
}

#[derive(Clone)]
pub struct CallDuration<S> {
    inner: S,
    histogram: Histogram<f64>,
}

impl<S, B, R> tower::Service<http::Request<B>> for CallDuration<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let (service, method) = match req.uri().path().trim_start_matches('/').split_once('/') {
            Some((s, m)) => (s.to_owned(), m.to_owned()),
            None => (String::new(), req.uri().path().to_owned()),
        };
        let histogram = self.histogram.clone();
        let start = tokio::time::Instant::now();
        let call = self.inner.call(req);
        Box::pin(async move {
            let answer = call.await;
            // A failed call is answered trailers-only: its status is in the headers.
            // A streamed answer's status comes in trailers, after this point: 0 here.
            let code = match &answer {
                Ok(r) => r
                    .headers()
                    .get("grpc-status")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0),
                Err(_) => 2,
            };
            histogram.record(
                start.elapsed().as_secs_f64(),
                &[
                    KeyValue::new("rpc.system", "grpc"),
                    KeyValue::new("rpc.service", service),
                    KeyValue::new("rpc.method", method),
                    KeyValue::new("rpc.grpc.status_code", code),
                ],
            );
            answer
        })
    }
}
