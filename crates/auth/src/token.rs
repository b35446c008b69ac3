//! Signed bearer tokens (JWT).
//!
//! A token's `sub` names the principal (`department:audit`, `leader:vm-zhao`,
//! `office`, `service:approval`) and `clearance` its 密级 clearance; `iss`,
//! `aud` and `exp` are always checked. Verification keys come from PEM public
//! keys or JWKS documents; development tokens are minted with a local
//! Ed25519 key that `gongwen serve` creates in its data directory.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, RwLock},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, jwk::JwkSet};
use serde::{Deserialize, Serialize};

use crate::{Clearance, Error, Principal, Role};

/// What a gongwen token asserts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub iat: u64,
    pub exp: u64,
    #[serde(default)]
    pub clearance: Clearance,
}

/// Checks tokens against a set of trusted keys, read again from their files
/// by [`Verifier::reload`] (keys rotate: a new key is published beside the
/// old one, then the old one withdrawn).
pub struct Verifier {
    keys: RwLock<Arc<Vec<TrustedKey>>>,
    files: Vec<PathBuf>,
    /// What the files held when last read, to tell a change.
    read: Mutex<Vec<u8>>,
    /// Keys trusted besides the files' (never reloaded).
    pinned: Vec<TrustedKey>,
    issuer: String,
    audience: String,
    /// Tokens already verified, by their SHA-256, with their expiry: a
    /// platform sends the same token on every call, and checking a signature
    /// costs more than a whole precheck. Emptied when the keys change.
    verified: quick_cache::sync::Cache<[u8; 32], (Principal, u64)>,
}

/// Seconds a token is still accepted after its `exp` (clock skew between machines).
const LEEWAY_SECS: u64 = 30;

/// How many verified tokens are remembered (a few per caller; LRU-like beyond).
const VERIFIED_TOKENS: usize = 10_000;

#[derive(Clone)]
struct TrustedKey {
    kid: Option<String>,
    algorithm: Algorithm,
    key: DecodingKey,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.current().len())
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish()
    }
}

/// Seconds since the epoch by the wall clock: `exp` is wall-clock time by RFC
/// 7519, and jsonwebtoken checks it against the same.
fn unix_now() -> u64 {
    #[allow(clippy::disallowed_methods)]
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
}

/// The contents of `files`, in order.
fn read_all(files: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, Error> {
    files.iter().map(|p| Ok((p.clone(), std::fs::read_to_string(p).map_err(|e| Error::key(p, e))?))).collect()
}

/// The keys in `contents`: PEM public keys or JWKS documents.
fn parse_all(contents: &[(PathBuf, String)]) -> Result<Vec<TrustedKey>, Error> {
    let mut keys = Vec::new();
    for (path, text) in contents {
        if text.trim_start().starts_with('{') {
            keys.extend(jwks_keys(path, text)?);
        } else {
            keys.push(pem_key(path, text.as_bytes())?);
        }
    }
    if keys.is_empty() {
        return Err(Error::Key { path: "(none)".into(), reason: "no token verification key is configured".into() });
    }
    Ok(keys)
}

fn fingerprint(contents: &[(PathBuf, String)]) -> Vec<u8> {
    contents.iter().flat_map(|(_, text)| text.bytes().chain([0])).collect()
}

impl Verifier {
    /// Trusts every key in `files`: PEM public keys (Ed25519, P-256, RSA) or
    /// JWKS documents (JSON).
    pub fn from_files(files: &[PathBuf], issuer: &str, audience: &str) -> Result<Self, Error> {
        let contents = read_all(files)?;
        Ok(Self {
            keys: RwLock::new(Arc::new(parse_all(&contents)?)),
            files: files.to_vec(),
            read: Mutex::new(fingerprint(&contents)),
            pinned: Vec::new(),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            verified: quick_cache::sync::Cache::new(VERIFIED_TOKENS),
        })
    }

    /// Also trusts the PEM public key `pem` (e.g. the ephemeral key the
    /// all-in-one server signs its own internal calls with), across reloads.
    pub fn trust_pem(&mut self, pem: &[u8]) -> Result<(), Error> {
        let key = pem_key(Path::new("(in memory)"), pem)?;
        self.pinned.push(key.clone());
        let mut keys = self.current().as_ref().clone();
        keys.push(key);
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(keys);
        Ok(())
    }

    /// Reads the key files again: `Ok(true)` when they changed and the new
    /// keys are in force. A file that cannot be read or parsed leaves the
    /// keys in force as they were (a half-written rotation must not lock
    /// every caller out) and says why.
    pub fn reload(&self) -> Result<bool, Error> {
        let contents = read_all(&self.files)?;
        let now = fingerprint(&contents);
        let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
        if *read == now {
            return Ok(false);
        }
        let mut keys = parse_all(&contents)?;
        keys.extend(self.pinned.iter().cloned());
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(keys);
        // A withdrawn key must stop vouching for the tokens it signed at once.
        self.verified.clear();
        *read = now;
        Ok(true)
    }

    fn current(&self) -> Arc<Vec<TrustedKey>> {
        self.keys.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The principal a valid token names.
    pub fn verify(&self, token: &str) -> Result<Principal, Error> {
        use sha2::Digest;
        let digest: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        if let Some((principal, exp)) = self.verified.get(&digest) {
            if unix_now() <= exp.saturating_add(LEEWAY_SECS) {
                return Ok(principal);
            }
            self.verified.remove(&digest);
        }
        let (principal, exp) = self.verify_signed(token)?;
        self.verified.insert(digest, (principal.clone(), exp));
        Ok(principal)
    }

    /// The principal and expiry of a valid token, its signature checked.
    fn verify_signed(&self, token: &str) -> Result<(Principal, u64), Error> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| Error::InvalidToken(e.to_string()))?;
        let mut last = Error::InvalidToken("no trusted key matches the token".into());
        for k in self.current().iter() {
            if k.algorithm != header.alg || (header.kid.is_some() && k.kid.is_some() && header.kid != k.kid) {
                continue;
            }
            let mut v = Validation::new(k.algorithm);
            v.set_issuer(&[&self.issuer]);
            v.set_audience(&[&self.audience]);
            v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
            v.leeway = LEEWAY_SECS;
            match jsonwebtoken::decode::<Claims>(token, &k.key, &v) {
                Ok(data) => {
                    let role = data.claims.sub.parse::<Role>()?;
                    return Ok((Principal::new(role, data.claims.clearance), data.claims.exp));
                }
                Err(e) => last = Error::InvalidToken(e.to_string()),
            }
        }
        Err(last)
    }
}

fn pem_key(path: &Path, pem: &[u8]) -> Result<TrustedKey, Error> {
    let (algorithm, key) = if let Ok(k) = DecodingKey::from_ed_pem(pem) {
        (Algorithm::EdDSA, k)
    } else if let Ok(k) = DecodingKey::from_ec_pem(pem) {
        (Algorithm::ES256, k)
    } else if let Ok(k) = DecodingKey::from_rsa_pem(pem) {
        (Algorithm::RS256, k)
    } else {
        return Err(Error::key(path, "not a PEM public key (Ed25519, P-256 or RSA)"));
    };
    Ok(TrustedKey { kid: None, algorithm, key })
}

fn jwks_keys(path: &Path, json: &str) -> Result<Vec<TrustedKey>, Error> {
    let set: JwkSet = serde_json::from_str(json).map_err(|e| Error::key(path, format!("not a JWKS document: {e}")))?;
    set.keys
        .iter()
        .map(|jwk| {
            let algorithm = match jwk.common.key_algorithm {
                Some(a) => a.to_string().parse::<Algorithm>().map_err(|e| Error::key(path, e))?,
                None => match &jwk.algorithm {
                    jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(_) => Algorithm::EdDSA,
                    jsonwebtoken::jwk::AlgorithmParameters::EllipticCurve(_) => Algorithm::ES256,
                    jsonwebtoken::jwk::AlgorithmParameters::RSA(_) => Algorithm::RS256,
                    _ => return Err(Error::key(path, "only Ed25519, EC and RSA public keys are accepted")),
                },
            };
            let key = DecodingKey::from_jwk(jwk).map_err(|e| Error::key(path, e))?;
            Ok(TrustedKey { kid: jwk.common.key_id.clone(), algorithm, key })
        })
        .collect()
}

/// Mints tokens with a private key (PKCS#8 PEM, Ed25519).
pub struct Minter {
    key: EncodingKey,
    issuer: String,
    audience: String,
}

impl std::fmt::Debug for Minter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Minter").field("key", &"<redacted>").field("issuer", &self.issuer).finish()
    }
}

impl Minter {
    pub fn from_pem_file(path: &Path, issuer: &str, audience: &str) -> Result<Self, Error> {
        let pem = std::fs::read(path).map_err(|e| Error::key(path, e))?;
        Self::from_pem(&pem, issuer, audience).map_err(|e| Error::key(path, e))
    }

    pub fn from_pem(pem: &[u8], issuer: &str, audience: &str) -> Result<Self, Error> {
        let key = EncodingKey::from_ed_pem(pem)
            .map_err(|e| Error::InvalidToken(format!("not an Ed25519 private key: {e}")))?;
        Ok(Self { key, issuer: issuer.to_owned(), audience: audience.to_owned() })
    }

    /// A token for `role` with `clearance`, valid for `ttl`.
    pub fn mint(&self, role: &Role, clearance: Clearance, ttl: Duration) -> Result<String, Error> {
        let now = unix_now();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: role.to_string(),
            iat: now,
            exp: now + ttl.as_secs(),
            clearance,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &self.key)
            .map_err(|e| Error::InvalidToken(e.to_string()))
    }
}

/// A fresh Ed25519 pair held only in memory: (private PKCS#8 PEM, public PEM).
pub fn ephemeral_pair() -> Result<(String, String), Error> {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).map_err(|e| Error::InvalidToken(e.to_string()))?;
    Ok((key.serialize_pem(), key.public_key_pem()))
}

/// The development signing key pair in `dir`: `dev-signing-key.pem`
/// (private, 0600) and `dev-signing-key.pub.pem`, created when missing.
/// Returns (private, public) paths.
pub fn ensure_dev_key(dir: &Path) -> Result<(PathBuf, PathBuf), Error> {
    let private = dir.join("dev-signing-key.pem");
    let public = dir.join("dev-signing-key.pub.pem");
    if private.exists() && public.exists() {
        return Ok((private, public));
    }
    std::fs::create_dir_all(dir)?;
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).map_err(|e| Error::key(&private, e))?;
    crate::pki::write_secret(&private, key.serialize_pem().as_bytes())?;
    std::fs::write(&public, key.public_key_pem())?;
    Ok((private, public))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Minter, Verifier) {
        let dir = tempfile::tempdir().unwrap();
        let (private, public) = ensure_dev_key(dir.path()).unwrap();
        let minter = Minter::from_pem_file(&private, "gongwen", "gongwen").unwrap();
        let verifier = Verifier::from_files(&[public], "gongwen", "gongwen").unwrap();
        (dir, minter, verifier)
    }

    #[test]
    fn a_minted_token_verifies_to_its_principal() {
        let (_d, minter, verifier) = setup();
        let role = Role::Department("audit".into());
        let t = minter.mint(&role, Clearance::Secret, Duration::from_secs(60)).unwrap();
        assert_eq!(verifier.verify(&t).unwrap(), Principal::new(role, Clearance::Secret));
    }

    #[test]
    fn wrong_issuer_audience_key_or_expiry_is_refused() {
        let (_d, minter, verifier) = setup();
        let role = Role::Office;
        let other_aud = Minter {
            audience: "other".into(),
            ..Minter::from_pem_file(&_d.path().join("dev-signing-key.pem"), "gongwen", "x").unwrap()
        };
        let t = other_aud.mint(&role, Clearance::Unclassified, Duration::from_secs(60)).unwrap();
        assert!(matches!(verifier.verify(&t), Err(Error::InvalidToken(_))));
        let other_iss = Minter::from_pem_file(&_d.path().join("dev-signing-key.pem"), "evil", "gongwen").unwrap();
        let t = other_iss.mint(&role, Clearance::Unclassified, Duration::from_secs(60)).unwrap();
        assert!(verifier.verify(&t).is_err());
        let (_d2, stranger, _) = setup();
        let t = stranger.mint(&role, Clearance::Unclassified, Duration::from_secs(60)).unwrap();
        assert!(verifier.verify(&t).is_err(), "a token from another key was accepted");
        let mut claims = Claims {
            iss: "gongwen".into(),
            aud: "gongwen".into(),
            sub: "office".into(),
            iat: 1,
            exp: 2,
            clearance: Clearance::Unclassified,
        };
        let expired = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &minter.key).unwrap();
        assert!(verifier.verify(&expired).unwrap_err().to_string().contains("Expired"));
        claims.exp = u64::MAX / 2;
        claims.sub = "king:me".into();
        let bad_sub = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &minter.key).unwrap();
        assert!(matches!(verifier.verify(&bad_sub), Err(Error::BadSubject(_))));
        assert!(verifier.verify("not.a.token").is_err());
    }

    #[test]
    fn jwks_documents_are_trusted() {
        let (d, minter, _) = setup();
        let pem = std::fs::read_to_string(d.path().join("dev-signing-key.pub.pem")).unwrap();
        // The raw 32-byte Ed25519 key is the tail of the SPKI DER.
        let der = pem_body(&pem);
        let x = base64url(&der[der.len() - 32..]);
        let jwks = format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","x":"{x}","kid":"k1","alg":"EdDSA"}}]}}"#);
        let path = d.path().join("jwks.json");
        std::fs::write(&path, jwks).unwrap();
        let verifier = Verifier::from_files(&[path], "gongwen", "gongwen").unwrap();
        let t = minter.mint(&Role::Leader("mayor".into()), Clearance::TopSecret, Duration::from_secs(60)).unwrap();
        assert_eq!(verifier.verify(&t).unwrap().role, Role::Leader("mayor".into()));
    }

    fn pem_body(pem: &str) -> Vec<u8> {
        use base64::Engine;
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD.decode(b64).unwrap()
    }

    fn base64url(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    #[test]
    fn a_verified_token_is_remembered_until_it_expires() {
        use sha2::Digest;
        let (_d, _minter, verifier) = setup();
        // What the cache holds stands in for a signature check while it is in date…
        let remembered = Principal::new(Role::Office, Clearance::Secret);
        let digest: [u8; 32] = sha2::Sha256::digest(b"not.a.jwt").into();
        verifier.verified.insert(digest, (remembered.clone(), unix_now() + 60));
        assert_eq!(verifier.verify("not.a.jwt").unwrap(), remembered);
        // …and not once `exp` and the leeway have passed: the token is checked again (and fails).
        verifier.verified.insert(digest, (remembered, unix_now() - LEEWAY_SECS - 1));
        assert!(verifier.verify("not.a.jwt").is_err());
        assert!(verifier.verified.get(&digest).is_none(), "the expired entry is gone");
    }

    #[test]
    fn rotated_key_files_are_trusted_on_reload_and_a_broken_file_keeps_the_keys_in_force() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keys.pem");
        let (old_private, old_public) = ephemeral_pair().unwrap();
        let (new_private, new_public) = ephemeral_pair().unwrap();
        let (old, new) = (
            Minter::from_pem(old_private.as_bytes(), "gongwen", "gongwen").unwrap(),
            Minter::from_pem(new_private.as_bytes(), "gongwen", "gongwen").unwrap(),
        );
        let (pinned_private, pinned_public) = ephemeral_pair().unwrap();
        let pinned = Minter::from_pem(pinned_private.as_bytes(), "gongwen", "gongwen").unwrap();
        let token = |m: &Minter| m.mint(&Role::Office, Clearance::Secret, Duration::from_secs(60)).unwrap();
        std::fs::write(&file, &old_public).unwrap();
        let mut v = Verifier::from_files(std::slice::from_ref(&file), "gongwen", "gongwen").unwrap();
        v.trust_pem(pinned_public.as_bytes()).unwrap();
        let old_token = token(&old);
        assert!(v.verify(&old_token).is_ok() && v.verify(&token(&new)).is_err());
        assert!(v.verify(&old_token).is_ok(), "verified again from the cache");
        assert!(!v.reload().unwrap(), "unchanged files change nothing");
        std::fs::write(&file, &new_public).unwrap();
        assert!(v.reload().unwrap());
        assert!(v.verify(&token(&new)).is_ok());
        assert!(v.verify(&old_token).is_err(), "a withdrawn key's token, though verified before, is refused");
        assert!(v.verify(&token(&pinned)).is_ok(), "a pinned key survives a reload");
        std::fs::write(&file, "-----BEGIN PUBLIC KEY-----\nhalf writ").unwrap();
        assert!(v.reload().is_err());
        assert!(v.verify(&token(&new)).is_ok(), "the keys in force stay in force");
    }
}
