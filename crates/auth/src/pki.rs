//! Mutual TLS: a development CA with server and client certificates, and the
//! service name a client certificate carries (its Common Name).

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
/// calls (CN `gongwen`), and `client-<name>.pem` (+ key) per client, whose
/// CN makes it the principal `service:<name>`. Returns the files written.
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
    sp.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth];
    put("server", &sp.signed_by(&server_key, &issuer).map_err(sign)?.pem(), Some(&server_key))?;

    for name in clients {
        let key = gen_key()?;
        let mut cp = params(name, Vec::new())?;
        cp.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        put(&format!("client-{name}"), &cp.signed_by(&key, &issuer).map_err(sign)?.pem(), Some(&key))?;
    }
    Ok(written)
}

/// The Common Name of a DER certificate: the service a client certificate names.
pub fn common_name(der: &[u8]) -> Result<String, Error> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).map_err(|e| Error::BadCertificate(e.to_string()))?;
    let cn = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .ok_or_else(|| Error::BadCertificate("the certificate has no Common Name".into()))?;
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
        assert_eq!(common_name(&der).unwrap(), "approval");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("ca-key.pem")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
