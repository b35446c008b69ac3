//! Mutual TLS: a development CA with server and client certificates, and the
//! service a client certificate names: its SPIFFE ID's service account, else
//! its first DNS name's first label, else (a certificate without names) its
//! Common Name.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

use crate::Error;

/// Writes a private key readable by its owner only.
pub fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?.write_all(bytes)?;
    Ok(())
}

fn params(common_name: &str, sans: Vec<String>) -> Result<CertificateParams, Error> {
    let mut p = CertificateParams::new(sans).map_err(|e| Error::BadCertificate(e.to_string()))?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, "gongwen development");
    p.distinguished_name = dn;
    Ok(p)
}

fn gen_key() -> Result<KeyPair, Error> {
    KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(|e| Error::BadCertificate(e.to_string()))
}

/// Creates in `dir`: `ca.pem` (+ `ca-key.pem`), `server.pem` (+ key) for
/// `hosts`, usable by a service for both its listener and its own outgoing
/// calls (SPIFFE ID `…/sa/gongwen`), and `client-<name>.pem` (+ key) per
/// client, whose SPIFFE ID and DNS name make it the principal
/// `service:<name>`. Returns the files written.
pub fn create_dev_pki(dir: &Path, hosts: &[String], clients: &[String]) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir)?;
    let sign = |e: rcgen::Error| Error::BadCertificate(e.to_string());
    let ca_key = gen_key()?;
    let mut ca_params = params("gongwen development CA", Vec::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca_params.self_signed(&ca_key).map_err(sign)?;
    let issuer = Issuer::new(ca_params, &ca_key);
    let mut written = Vec::new();
    let mut put = |name: &str, cert: &str, key: Option<&KeyPair>| -> Result<(), Error> {
        let path = dir.join(format!("{name}.pem"));
        std::fs::write(&path, cert)?;
        written.push(path);
        if let Some(k) = key {
            let kp = dir.join(format!("{name}-key.pem"));
            write_secret(&kp, k.serialize_pem().as_bytes())?;
            written.push(kp);
        }
        Ok(())
    };
    put("ca", &ca_cert.pem(), Some(&ca_key))?;

    let server_key = gen_key()?;
    let mut sp = params("gongwen", hosts.to_vec())?;
    // Its own calls to the other services name it `gongwen`, not its first host name.
    sp.subject_alt_names.insert(0, dev_spiffe_id("gongwen")?);
    sp.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth];
    put("server", &sp.signed_by(&server_key, &issuer).map_err(sign)?.pem(), Some(&server_key))?;

    for name in clients {
        let key = gen_key()?;
        let mut cp = params(name, vec![name.clone()])?;
        cp.subject_alt_names.insert(0, dev_spiffe_id(name)?);
        cp.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        put(&format!("client-{name}"), &cp.signed_by(&key, &issuer).map_err(sign)?.pem(), Some(&key))?;
    }
    Ok(written)
}

/// The trust domain of the development certificates' SPIFFE IDs.
pub const DEV_TRUST_DOMAIN: &str = "gongwen.local";

/// The SPIFFE ID of service `name` in the development PKI.
fn dev_spiffe_id(name: &str) -> Result<rcgen::SanType, Error> {
    let uri = format!("spiffe://{DEV_TRUST_DOMAIN}/ns/default/sa/{name}");
    Ok(rcgen::SanType::URI(uri.as_str().try_into().map_err(|e: rcgen::Error| Error::BadCertificate(e.to_string()))?))
}

/// The service a client certificate (DER) names. The CA vouched for the
/// certificate during the handshake; what it names is, in order:
/// - a SPIFFE ID (`spiffe://<trust domain>/ns/<namespace>/sa/<account>`, the
///   form workload identity issuers and cert-manager's CSI driver write): the
///   service account;
/// - a DNS name (`approval`, `approval.gongwen.svc`): its first label;
/// - no name at all (older certificates): the Common Name.
pub fn service_name(der: &[u8]) -> Result<String, Error> {
    use x509_parser::extensions::GeneralName;
    let (_, cert) = x509_parser::parse_x509_certificate(der).map_err(|e| Error::BadCertificate(e.to_string()))?;
    let sans = cert.subject_alternative_name().map_err(|e| Error::BadCertificate(e.to_string()))?;
    let names: &[GeneralName] = sans.as_ref().map_or(&[], |s| &s.value.general_names);
    for name in names {
        if let GeneralName::URI(uri) = name
            && let Some(path) = uri.strip_prefix("spiffe://")
        {
            // <trust domain>/ns/<namespace>/sa/<account>
            return match path.split('/').collect::<Vec<_>>()[..] {
                [_, "ns", ns, "sa", account] if !ns.is_empty() && !account.is_empty() => Ok(account.to_owned()),
                _ => Err(Error::BadCertificate(format!("{uri} is not spiffe://<domain>/ns/<namespace>/sa/<account>"))),
            };
        }
    }
    if let Some(dns) = names.iter().find_map(|n| if let GeneralName::DNSName(d) = n { Some(*d) } else { None }) {
        let label = dns.split('.').next().unwrap_or_default();
        if label.is_empty() || label == "*" {
            return Err(Error::BadCertificate(format!("the DNS name {dns:?} names no service")));
        }
        return Ok(label.to_owned());
    }
    if !names.is_empty() {
        return Err(Error::BadCertificate("the certificate names no SPIFFE ID or DNS name".into()));
    }
    let cn = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .ok_or_else(|| Error::BadCertificate("the certificate names no service".into()))?;
    Ok(cn.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_certificates_name_their_service() {
        let dir = tempfile::tempdir().unwrap();
        let files = create_dev_pki(dir.path(), &["localhost".into()], &["approval".into()]).unwrap();
        assert_eq!(files.len(), 6);
        let pem = std::fs::read_to_string(dir.path().join("client-approval.pem")).unwrap();
        let der = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap().1.contents;
        assert_eq!(service_name(&der).unwrap(), "approval");
        let pem = std::fs::read_to_string(dir.path().join("server.pem")).unwrap();
        let der = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap().1.contents;
        assert_eq!(service_name(&der).unwrap(), "gongwen", "its SPIFFE ID, not its host name");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("ca-key.pem")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// A certificate with `sans` and Common Name `cn`, self-signed (naming is all that is read).
    fn cert(cn: &str, sans: Vec<rcgen::SanType>) -> Vec<u8> {
        let mut p = params(cn, Vec::new()).unwrap();
        p.subject_alt_names = sans;
        p.self_signed(&gen_key().unwrap()).unwrap().der().to_vec()
    }

    fn uri(u: &str) -> rcgen::SanType {
        rcgen::SanType::URI(u.try_into().unwrap())
    }

    fn dns(d: &str) -> rcgen::SanType {
        rcgen::SanType::DnsName(d.try_into().unwrap())
    }

    #[test]
    fn the_service_is_read_from_the_spiffe_id_then_the_dns_name_and_the_cn_only_without_names() {
        let spiffe = cert("ignored", vec![dns("x.example"), uri("spiffe://cluster.local/ns/gongwen/sa/intake")]);
        assert_eq!(service_name(&spiffe).unwrap(), "intake");
        assert_eq!(service_name(&cert("ignored", vec![dns("approval.gongwen.svc")])).unwrap(), "approval");
        assert_eq!(service_name(&cert("countersign", vec![])).unwrap(), "countersign");
        // Names that name no service are refused, never read as one.
        assert!(service_name(&cert("x", vec![uri("spiffe://cluster.local/intake")])).is_err());
        assert!(service_name(&cert("x", vec![dns("*.gongwen.svc")])).is_err());
        assert!(service_name(&cert("x", vec![uri("https://example.gov.cn/intake")])).is_err());
    }
}
