//! Client-side balancing: a channel over every address a service's name
//! resolves to, re-resolved on a period. Behind a headless Kubernetes Service
//! the name resolves to each ready pod, so the replicas share the calls; one
//! HTTP/2 connection to a ClusterIP would pin every call to one pod.

use std::{collections::BTreeSet, net::SocketAddr, sync::Arc, time::Duration};

use futures::future::BoxFuture;
use tonic::transport::{Channel, Endpoint, channel::Change};

use crate::tls::ClientTls;

/// Turns a host and port into the addresses to spread calls over.
pub type Resolve = Arc<dyn Fn(String, u16) -> BoxFuture<'static, std::io::Result<Vec<SocketAddr>>> + Send + Sync>;

/// The system resolver (DNS, `/etc/hosts`).
pub fn system_resolver() -> Resolve {
    Arc::new(|host, port| Box::pin(async move { Ok(tokio::net::lookup_host((host.as_str(), port)).await?.collect()) }))
}

/// Names resolved from a fixed table before DNS (like `/etc/hosts`, per
/// service): each name to the addresses of its replicas.
pub type StaticHosts = std::collections::BTreeMap<String, Vec<std::net::IpAddr>>;

/// The addresses `hosts` lists for a name, else the system resolver's.
/// Names match whatever their case, as in DNS.
pub fn static_then_system(hosts: Arc<StaticHosts>) -> Resolve {
    let system = system_resolver();
    let hosts: StaticHosts = hosts.iter().map(|(name, ips)| (name.to_ascii_lowercase(), ips.clone())).collect();
    Arc::new(move |host, port| match hosts.get(&host.to_ascii_lowercase()) {
        Some(ips) => {
            let addrs = ips.iter().map(|ip| SocketAddr::new(*ip, port)).collect();
            Box::pin(async move { Ok(addrs) })
        }
        None => system(host, port),
    })
}

/// How often the name is resolved again: pods come and go with rollouts and autoscaling.
pub const REFRESH: Duration = Duration::from_secs(10);

/// Where a balanced channel connects, from its URL.
#[derive(Debug, Clone)]
pub struct Target {
    scheme: String,
    host: String,
    port: u16,
}

impl Target {
    pub fn parse(url: &str) -> Result<Self, String> {
        let uri: http::Uri = url.parse().map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        let scheme = uri.scheme_str().unwrap_or("http").to_owned();
        let host = uri.host().ok_or_else(|| format!("{url:?} names no host"))?;
        // An address literal resolves to itself (and names itself to TLS).
        let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
        let port = uri.port_u16().unwrap_or(if scheme == "https" { 443 } else { 80 });
        Ok(Self { scheme, host, port })
    }
}

/// A channel balanced over what `target` resolves to, kept current every
/// `refresh` by a task that ends when the channel is dropped. A failed
/// resolution keeps the addresses known so far.
pub fn balanced(
    target: Target,
    tls: Option<Arc<ClientTls>>,
    resolve: Resolve,
    refresh: Duration,
) -> Result<Channel, tonic::transport::Error> {
    let scheme = target.scheme.clone();
    let host = target.host.clone();
    let mut rotated = tls.as_ref().map(|t| t.changed());
    let endpoint = move |addr: SocketAddr| -> Result<Endpoint, tonic::transport::Error> {
        let ep = Endpoint::from_shared(format!("{scheme}://{addr}"))?.tcp_nodelay(true);
        match &tls {
            // TLS names the service, not the pod address it connects to; the
            // certificate in force now (it rotates).
            Some(t) => ep.tls_config(t.config().domain_name(host.clone())),
            None => Ok(ep),
        }
    };
    // Fail now on a TLS setting that cannot work, not inside the task.
    endpoint(SocketAddr::from(([127, 0, 0, 1], target.port)))?;
    let (channel, changes) = Channel::balance_channel::<SocketAddr>(64);
    tokio::spawn(async move {
        let mut known: BTreeSet<SocketAddr> = BTreeSet::new();
        let mut every = tokio::time::interval(refresh);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let rotation = async {
                match rotated.as_mut() {
                    Some(r) => r.changed().await.is_ok(),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = every.tick() => {}
                true = rotation => {
                    // A new client certificate: new connections to every known address
                    // (an Insert under a known key replaces that endpoint's connection).
                    for addr in &known {
                        let Ok(ep) = endpoint(*addr) else { continue };
                        if changes.send(Change::Insert(*addr, ep)).await.is_err() {
                            return;
                        }
                    }
                    continue;
                }
            }
            let now: BTreeSet<SocketAddr> = match resolve(target.host.clone(), target.port).await {
                Ok(addrs) if !addrs.is_empty() => addrs.into_iter().collect(),
                Ok(_) => {
                    tracing::warn!(host = %target.host, "resolves to no address; keeping the known ones");
                    continue;
                }
                Err(e) => {
                    tracing::warn!(host = %target.host, error = %e, "cannot resolve; keeping the known ones");
                    continue;
                }
            };
            let gone: Vec<SocketAddr> = known.iter().filter(|a| !now.contains(a)).copied().collect();
            for addr in gone {
                known.remove(&addr);
                if changes.send(Change::Remove(addr)).await.is_err() {
                    return;
                }
            }
            for addr in now {
                if known.contains(&addr) {
                    continue;
                }
                let Ok(ep) = endpoint(addr) else { continue };
                known.insert(addr);
                if changes.send(Change::Insert(addr, ep)).await.is_err() {
                    return;
                }
            }
        }
    });
    Ok(channel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_in_the_static_table_resolves_to_its_addresses_and_others_to_dns() {
        let ips = vec!["127.0.0.2".parse().unwrap(), "127.0.0.3".parse().unwrap()];
        let resolve = static_then_system(Arc::new(StaticHosts::from([("INTAKE".to_owned(), ips)])));
        let got = resolve("Intake".into(), 7).await.unwrap();
        assert_eq!(got, ["127.0.0.2:7".parse().unwrap(), "127.0.0.3:7".parse::<SocketAddr>().unwrap()]);
        let local = resolve("localhost".into(), 7).await.unwrap();
        assert!(local.iter().all(|a| a.ip().is_loopback() && a.port() == 7) && !local.is_empty());
    }

    #[test]
    fn a_url_gives_the_name_or_address_to_resolve_and_its_port() {
        let t = Target::parse("https://countersign:50051").unwrap();
        assert_eq!((t.scheme.as_str(), t.host.as_str(), t.port), ("https", "countersign", 50051));
        assert_eq!(Target::parse("http://intake.gongwen.svc").unwrap().port, 80);
        assert_eq!(Target::parse("http://[::1]:50051").unwrap().host, "::1");
        assert!(Target::parse("not a url").is_err());
    }

    #[tokio::test]
    async fn an_address_literal_resolves_to_itself() {
        let t = Target::parse("http://[::1]:50051").unwrap();
        let got = system_resolver()(t.host, t.port).await.unwrap();
        assert_eq!(got, ["[::1]:50051".parse::<SocketAddr>().unwrap()]);
    }
}
