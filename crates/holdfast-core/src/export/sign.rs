//! Minisign-format Ed25519 keys and signatures, checkable with the standard `minisign -V`.
//!
//! Public key file: an untrusted comment line, then base64 of `Ed` ‖ key id (8 bytes) ‖ public
//! key (32). Signature file: an untrusted comment, base64 of `ED` ‖ key id ‖ Ed25519 signature of
//! BLAKE2b-512(message), a `trusted comment: …` line, and base64 of the Ed25519 signature of
//! (first signature ‖ trusted comment), which makes the comment tamper-evident too.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use blake2::{Blake2b512, Digest};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::Sha256;
use zeroize::Zeroizing;

/// A vault's signing key: the Ed25519 seed and the minisign key id.
pub struct SigningPair {
    key: SigningKey,
    id: [u8; 8],
}

/// A public key as read from a `.pub` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
    id: [u8; 8],
}

impl SigningPair {
    /// A new random key.
    pub fn generate() -> SigningPair {
        let seed = Zeroizing::new(crate::vault::keys::random_bytes::<32>());
        SigningPair { key: SigningKey::from_bytes(&seed), id: crate::vault::keys::random_bytes::<8>() }
    }

    /// The stored form: hex of seed ‖ key id (kept only inside the encrypted vault).
    pub fn to_stored(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new(self.key.to_bytes().to_vec());
        bytes.extend_from_slice(&self.id);
        Zeroizing::new(hex::encode(&*bytes))
    }

    /// Reads the stored form.
    pub fn from_stored(text: &str) -> Option<SigningPair> {
        let bytes = Zeroizing::new(hex::decode(text.trim()).ok()?);
        if bytes.len() != 40 {
            return None;
        }
        let seed: [u8; 32] = bytes[..32].try_into().ok()?;
        let seed = Zeroizing::new(seed);
        Some(SigningPair { key: SigningKey::from_bytes(&seed), id: bytes[32..].try_into().ok()? })
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        PublicKey { key: self.key.verifying_key(), id: self.id }
    }

    /// A minisign signature file for `message` with `trusted_comment` (one line).
    pub fn sign(&self, message: &[u8], trusted_comment: &str) -> String {
        let prehash = Blake2b512::digest(message);
        let signature = self.key.sign(&prehash).to_bytes();
        let mut blob = b"ED".to_vec();
        blob.extend_from_slice(&self.id);
        blob.extend_from_slice(&signature);
        let mut global = signature.to_vec();
        global.extend_from_slice(trusted_comment.as_bytes());
        let global = self.key.sign(&global).to_bytes();
        format!(
            "untrusted comment: signature from Holdfast, key {}\n{}\ntrusted comment: {trusted_comment}\n{}\n",
            self.public().id_hex(),
            B64.encode(blob),
            B64.encode(global)
        )
    }
}

impl PublicKey {
    /// The key id as minisign prints it (upper-case hex of the little-endian number).
    pub fn id_hex(&self) -> String {
        format!("{:016X}", u64::from_le_bytes(self.id))
    }

    /// The fingerprint printed in reports: SHA-256 of the 32 public key bytes, in groups of four.
    pub fn fingerprint(&self) -> String {
        let digest = hex::encode_upper(<Sha256 as sha2::Digest>::digest(self.key.as_bytes()));
        digest.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }

    /// The `.pub` file.
    pub fn to_file(&self) -> String {
        let mut blob = b"Ed".to_vec();
        blob.extend_from_slice(&self.id);
        blob.extend_from_slice(self.key.as_bytes());
        format!("untrusted comment: minisign public key {}\n{}\n", self.id_hex(), B64.encode(blob))
    }

    /// Reads a `.pub` file.
    pub fn from_file(text: &str) -> Result<PublicKey, String> {
        let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"));
        let blob =
            B64.decode(line.ok_or("the public key file is empty")?).map_err(|_| "the public key is not base64")?;
        if blob.len() != 42 || &blob[..2] != b"Ed" {
            return Err("the public key is not a minisign Ed25519 key".into());
        }
        let key: [u8; 32] = blob[10..].try_into().map_err(|_| "bad key length")?;
        Ok(PublicKey {
            key: VerifyingKey::from_bytes(&key).map_err(|_| "the public key is not a valid Ed25519 key")?,
            id: blob[2..10].try_into().map_err(|_| "bad key id")?,
        })
    }

    /// Checks a minisign signature file over `message`; returns the trusted comment.
    pub fn verify(&self, message: &[u8], signature_file: &str) -> Result<String, String> {
        let mut lines = signature_file.lines();
        let _untrusted =
            lines.next().filter(|l| l.starts_with("untrusted comment:")).ok_or("no untrusted comment line")?;
        let blob =
            B64.decode(lines.next().ok_or("no signature line")?.trim()).map_err(|_| "the signature is not base64")?;
        let comment = lines
            .next()
            .and_then(|l| l.strip_prefix("trusted comment: "))
            .ok_or("no trusted comment line")?
            .to_string();
        let global = B64
            .decode(lines.next().ok_or("no global signature line")?.trim())
            .map_err(|_| "the global signature is not base64")?;
        if blob.len() != 74 || blob[2..10] != self.id {
            return Err("the signature was made with a different key".into());
        }
        let signature = Signature::from_slice(&blob[10..]).map_err(|_| "malformed signature")?;
        let checked = match &blob[..2] {
            b"ED" => self.key.verify(&Blake2b512::digest(message), &signature),
            b"Ed" => self.key.verify(message, &signature),
            _ => return Err("unknown signature algorithm".into()),
        };
        checked.map_err(|_| "the signature does not match the signed file")?;
        let global = Signature::from_slice(&global).map_err(|_| "malformed global signature")?;
        let mut signed = blob[10..].to_vec();
        signed.extend_from_slice(comment.as_bytes());
        self.key.verify(&signed, &global).map_err(|_| "the trusted comment was changed")?;
        Ok(comment)
    }
}
