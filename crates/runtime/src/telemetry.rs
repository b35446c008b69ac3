//! Structured logs through `tracing` (`RUST_LOG` filters, JSON on request,
//! each line with the `trace_id` and `span_id` it belongs to), and
//! OpenTelemetry traces, exported over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT`
//! (or `…_TRACES_ENDPOINT`) is set. Spans follow the RPC semantic conventions
//! (the `tonic-tracing-opentelemetry` layers, server side in `server.rs`,
//! client side on every outgoing channel); the W3C `traceparent` carries the
//! trace from one service to the next.

use std::collections::HashMap;

use opentelemetry::trace::{TraceContextExt as _, TracerProvider as _};
use opentelemetry_sdk::{Resource, propagation::TraceContextPropagator, trace::SdkTracerProvider};
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::{EnvFilter, Layer, fmt, prelude::*};

/// Keeps the trace and metric exporters alive; flushes what is pending when dropped.
#[must_use = "dropping the guard stops trace and metric export"]
pub struct Guard(Option<(SdkTracerProvider, opentelemetry_sdk::metrics::SdkMeterProvider)>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some((traces, metrics)) = self.0.take() {
            let _ = traces.shutdown();
            let _ = metrics.shutdown();
        }
    }
}

fn otlp_configured() -> bool {
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|s| !s.is_empty()))
}

/// Installs the global subscriber once (later calls, as in tests, are ignored).
/// Spans are traced even without an exporter, so that logs carry trace ids
/// and calls carry `traceparent` to the next service.
pub fn init(format: &str, service: &'static str) -> Guard {
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,h2=warn,tower=warn"));
    let fmt_layer = if format == "json" { json_layer().boxed() } else { fmt::layer().with_target(true).boxed() };
    let resource = Resource::builder().with_service_name(service).build();
    let meters = crate::metrics::provider(resource.clone(), otlp_configured());
    opentelemetry::global::set_meter_provider(meters.clone());
    let mut builder = SdkTracerProvider::builder().with_resource(resource);
    if otlp_configured() {
        match opentelemetry_otlp::SpanExporter::builder().with_tonic().build() {
            Ok(exporter) => builder = builder.with_batch_exporter(exporter),
            Err(e) => eprintln!("OpenTelemetry export disabled: {e}"),
        }
    }
    let provider = builder.build();
    // RUST_LOG chooses what is logged, not what is traced: the spans of the
    // calls and of the services' own work are exported whatever the log level.
    let otel_layer = tracing_opentelemetry::layer()
        .with_tracer(provider.tracer(service))
        .with_filter(EnvFilter::new("info,h2=warn,hyper=warn,tower=warn,sqlx=warn"));
    let _ = tracing_subscriber::registry().with(fmt_layer.with_filter(filter)).with(otel_layer).try_init();
    Guard(Some((provider, meters)))
}

/// The W3C `traceparent` of the current span ("" outside a trace): stored
/// with an event that crosses to another service, so that its consumer
/// continues the trace ([`continue_trace`]) or links to it ([`link_to`]).
pub fn traceparent() -> String {
    let cx = tracing::Span::current().context();
    let mut carrier = HashMap::new();
    opentelemetry::global::get_text_map_propagator(|p| p.inject_context(&cx, &mut carrier));
    carrier.remove("traceparent").unwrap_or_default()
}

fn remote(traceparent: &str) -> Option<opentelemetry::Context> {
    if traceparent.is_empty() {
        return None;
    }
    let carrier = HashMap::from([("traceparent".to_owned(), traceparent.to_owned())]);
    let cx = opentelemetry::global::get_text_map_propagator(|p| p.extract(&carrier));
    cx.span().span_context().is_valid().then_some(cx)
}

/// Makes `span` a child of the trace `traceparent` names (nothing if it names none).
pub fn continue_trace(span: &tracing::Span, traceparent: &str) {
    if let Some(cx) = remote(traceparent) {
        let _ = span.set_parent(cx);
    }
}

/// Links `span` to the span `traceparent` names: work done for several
/// traces at once (a registrar batch) points at each.
pub fn link_to(span: &tracing::Span, traceparent: &str) {
    if let Some(cx) = remote(traceparent) {
        span.add_link(cx.span().span_context().clone());
    }
}

/// One JSON object per line: the event, its span, and the OpenTelemetry
/// `traceId` / `spanId` it belongs to (`openTelemetry`), so a log line leads to its trace.
fn json_layer<S>() -> json_subscriber::fmt::Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    json_subscriber::layer().with_current_span(true).with_span_list(false).with_opentelemetry_ids(true)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_json_log_line_names_its_trace_and_span() {
        let lines = Lines::default();
        let out = lines.clone();
        let provider = SdkTracerProvider::builder().build();
        let subscriber = tracing_subscriber::registry()
            .with(json_layer().with_writer(move || out.clone()))
            .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("test")));
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("request");
            let _in = span.enter();
            tracing::info!("registered");
        });
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let line: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        let trace = line["openTelemetry"]["traceId"].as_str().unwrap_or_default();
        let span = line["openTelemetry"]["spanId"].as_str().unwrap_or_default();
        assert_eq!((trace.len(), span.len()), (32, 16), "{text}");
        assert_eq!(line["fields"]["message"], "registered");
    }

    #[test]
    fn a_traceparent_stored_with_an_event_continues_its_trace() {
        opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
        let provider = SdkTracerProvider::builder().build();
        let subscriber =
            tracing_subscriber::registry().with(tracing_opentelemetry::layer().with_tracer(provider.tracer("test")));
        tracing::subscriber::with_default(subscriber, || {
            let stored = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            let consumer = tracing::info_span!("consume");
            continue_trace(&consumer, stored);
            let _in = consumer.enter();
            let now = traceparent();
            assert!(now.starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"), "{now}");
            assert!(!now.contains("00f067aa0ba902b7"), "the consumer's own span, child of the stored one: {now}");
            // Nothing stored, nothing continued: the span starts its own trace.
            let fresh = tracing::info_span!("fresh");
            continue_trace(&fresh, "");
            continue_trace(&fresh, "garbage");
        });
        assert_eq!(traceparent(), "", "outside any span there is no trace");
    }
}
