//! Client-side balancing: a service's calls to another spread over every
//! address the other's name resolves to (a headless Service's pods), and
//! follow the set as it changes.

use std::{
    collections::BTreeMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use gongwen_auth::{Outbound, balance::Resolve};
use tokio::net::TcpListener;
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};

/// A replica on `ip:port`: a health service whose answer for the name `who`
/// tells which replica it is (0 SERVING, 1 NOT_SERVING, 2 not found).
async fn replica(ip: [u8; 4], port: u16, n: usize) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind(SocketAddr::from((ip, port))).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (reporter, service) = tonic_health::server::health_reporter();
    match n {
        0 => reporter.set_service_status("who", tonic_health::ServingStatus::Serving).await,
        1 => reporter.set_service_status("who", tonic_health::ServingStatus::NotServing).await,
        _ => {}
    }
    let task = tokio::spawn(async move {
        let _keep = reporter;
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener))
            .await
            .unwrap();
    });
    (addr, task)
}

/// How many of `calls` calls each replica answered.
async fn spread(client: &mut HealthClient<gongwen_auth::AuthedChannel>, calls: usize) -> [usize; 3] {
    let mut hits = [0; 3];
    for _ in 0..calls {
        let n = match client.check(HealthCheckRequest { service: "who".into() }).await {
            Ok(a) if a.get_ref().status() == ServingStatus::Serving => 0,
            Ok(_) => 1,
            Err(s) => {
                assert_eq!(s.code(), tonic::Code::NotFound, "{s:?}");
                2
            }
        };
        hits[n] += 1;
    }
    hits
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_spread_over_every_resolved_replica_and_follow_the_set() {
    let port = crate::harness::free_port();
    let mut replicas = Vec::new();
    for (n, ip) in [[127, 0, 0, 1], [127, 0, 0, 2], [127, 0, 0, 3]].into_iter().enumerate() {
        replicas.push(replica(ip, port, n).await);
    }
    let resolved: Arc<Mutex<Vec<SocketAddr>>> = Arc::new(Mutex::new(replicas.iter().map(|r| r.0).collect()));
    let lookups: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let resolve: Resolve = {
        let (resolved, lookups) = (resolved.clone(), lookups.clone());
        Arc::new(move |host, _port| {
            *lookups.lock().unwrap().entry(host).or_default() += 1;
            let addrs = resolved.lock().unwrap().clone();
            Box::pin(async move { Ok(addrs) })
        })
    };
    let channel = Outbound::default()
        .connect_lazy_with(&format!("http://countersign:{port}"), resolve, Duration::from_millis(100))
        .unwrap();
    let mut client = HealthClient::new(channel);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let hits = spread(&mut client, 300).await;
    assert_eq!(hits.iter().sum::<usize>(), 300, "every call answered: {hits:?}");
    assert!(hits.iter().all(|&h| h >= 40), "three replicas share the calls: {hits:?}");
    assert!(lookups.lock().unwrap()["countersign"] >= 2, "the name is resolved again on a period");

    // A pod goes away (scale-in, rollout): it leaves DNS, and the calls with it.
    resolved.lock().unwrap().pop();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let hits = spread(&mut client, 150).await;
    assert_eq!(hits[2], 0, "the removed replica gets nothing: {hits:?}");
    assert!(hits[0] >= 20 && hits[1] >= 20, "{hits:?}");
    for (_, task) in replicas {
        task.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_is_resolved_by_the_system_resolver() {
    let port = crate::harness::free_port();
    let (_, task) = replica([127, 0, 0, 1], port, 0).await;
    let mut client = HealthClient::new(Outbound::default().connect_lazy(&format!("http://localhost:{port}")).unwrap());
    let answer = client.check(HealthCheckRequest { service: "who".into() }).await.unwrap();
    assert_eq!(answer.into_inner().status(), ServingStatus::Serving);
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_client_certificate_is_presented_on_new_connections_at_once() {
    use gongwen_auth::tls::{ClientTls, ClientTlsFiles, ServerTls, ServerTlsFiles};
    use tokio_stream::StreamExt as _;
    let dir = tempfile::tempdir().unwrap();
    let (old, new, live) = (dir.path().join("old"), dir.path().join("new"), dir.path().join("live"));
    let hosts = ["localhost".to_owned()];
    gongwen_auth::pki::create_dev_pki(&old, &hosts, &["first".into()]).unwrap();
    gongwen_auth::pki::create_dev_pki(&new, &hosts, &["second".into()]).unwrap();
    std::fs::create_dir(&live).unwrap();
    // The server trusts both CAs (a CA rotation's overlap) and notes who each connection is.
    let bundle = [std::fs::read(old.join("ca.pem")).unwrap(), std::fs::read(new.join("ca.pem")).unwrap()].concat();
    std::fs::write(live.join("bundle.pem"), bundle).unwrap();
    let server = ServerTls::new(ServerTlsFiles {
        cert: old.join("server.pem"),
        key: old.join("server-key.pem"),
        client_ca: live.join("bundle.pem"),
        client_auth_optional: false,
    })
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let incoming = server.incoming(tonic::transport::server::TcpIncoming::from(listener)).map({
        let seen = seen.clone();
        move |conn| {
            if let Ok(tls) = &conn {
                let leaf = &tls.get_ref().1.peer_certificates().unwrap()[0];
                seen.lock().unwrap().push(gongwen_auth::pki::service_name(leaf).unwrap());
            }
            conn
        }
    });
    let (_reporter, health) = tonic_health::server::health_reporter();
    tokio::spawn(tonic::transport::Server::builder().add_service(health).serve_with_incoming(incoming));

    // The client: its certificate in files that rotate.
    let install = |from: &std::path::Path, name: &str| {
        std::fs::copy(from.join(format!("client-{name}.pem")), live.join("client.pem")).unwrap();
        std::fs::copy(from.join(format!("client-{name}-key.pem")), live.join("client-key.pem")).unwrap();
    };
    install(&old, "first");
    let client_tls = ClientTls::new(ClientTlsFiles {
        cert: live.join("client.pem"),
        key: live.join("client-key.pem"),
        ca: old.join("ca.pem"),
    })
    .unwrap();
    let outbound = Outbound { tls: Some(client_tls.clone()), ..Default::default() };
    let resolve: Resolve =
        Arc::new(|_, port| Box::pin(async move { Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))]) }));
    let ch =
        outbound.connect_lazy_with(&format!("https://localhost:{port}"), resolve, Duration::from_secs(3600)).unwrap();
    let mut client = HealthClient::new(ch);
    let check = HealthCheckRequest { service: String::new() };
    client.check(check.clone()).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), ["first"]);

    install(&new, "second");
    assert!(client_tls.reload().unwrap());
    let start = std::time::Instant::now();
    while !seen.lock().unwrap().contains(&"second".to_owned()) {
        let _ = client.check(check.clone()).await;
        assert!(start.elapsed() < Duration::from_secs(10), "the new certificate was never presented: {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    client.check(check).await.unwrap();
}
