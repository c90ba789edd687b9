//! Key material: the passphrase KDF (Argon2id), the recovery key, and wrapping the data key.
//!
//! This module and `db.rs` are the only places that touch key bytes. Every secret lives in a
//! type that is zeroed when dropped and never printed.

use std::time::{Duration, Instant};

use blake2::digest::Mac as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};
use crate::i18n::Message;

/// A 256-bit secret key, zeroed on drop.
#[derive(Clone, zeroize::ZeroizeOnDrop)]
pub struct Key([u8; 32]);

impl Key {
    /// A fresh random key.
    pub fn random() -> Key {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Key(key)
    }

    /// The key bytes.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as lower-case hex, in a buffer that is zeroed on drop.
    pub fn hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

/// Argon2id parameters, stored in the vault header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// The least work a vault may ask for: 64 MiB and 3 passes.
pub const KDF_FLOOR: KdfParams = KdfParams { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };

/// The most memory a header may ask for (512 MiB), so a crafted header cannot exhaust memory.
pub const KDF_MAX_MEMORY_KIB: u32 = 512 * 1024;
/// The most passes a header may ask for.
pub const KDF_MAX_ITERATIONS: u32 = 32;
/// The most lanes a header may ask for.
pub const KDF_MAX_PARALLELISM: u32 = 8;
/// The most total work (memory × passes, in KiB) a header may ask for: 2 GiB·passes, a few
/// seconds on a slow machine, so a crafted header cannot make unlock take hours.
pub const KDF_MAX_WORK_KIB: u64 = 2 * 1024 * 1024;

impl KdfParams {
    /// Refuses parameters below the floor or above the work ceiling.
    pub fn check(&self) -> std::result::Result<(), Message> {
        let settings = |key| {
            Message::new(key)
                .with("memory", self.memory_kib.to_string())
                .with("passes", self.iterations.to_string())
                .with("lanes", self.parallelism.to_string())
        };
        if self.memory_kib < KDF_FLOOR.memory_kib || self.iterations < KDF_FLOOR.iterations || self.parallelism < 1 {
            return Err(settings("kdf.too-weak"));
        }
        let work = u64::from(self.memory_kib) * u64::from(self.iterations);
        if self.memory_kib > KDF_MAX_MEMORY_KIB
            || self.iterations > KDF_MAX_ITERATIONS
            || self.parallelism > KDF_MAX_PARALLELISM
            || work > KDF_MAX_WORK_KIB
        {
            return Err(settings("kdf.too-much"));
        }
        Ok(())
    }

    /// Finds parameters for which one derivation takes about `target` on this machine: 64 MiB,
    /// with passes added until the target is reached (never below the floor, never above the
    /// ceiling). Times 3 and 6 passes (the faster of two tries at 3, so a moment of load does
    /// not weaken the vault) and fits a fixed cost plus a cost per pass.
    pub fn calibrate(target: Duration) -> KdfParams {
        let time = |iterations: u32| {
            let params = KdfParams { iterations, ..KDF_FLOOR };
            let start = Instant::now();
            let _ = derive_passphrase_key(b"calibration", &[0u8; 16], &params);
            start.elapsed().as_secs_f64()
        };
        let at_3 = time(3).min(time(3));
        let at_6 = time(6);
        let per_pass = ((at_6 - at_3) / 3.0).max(at_3 / 6.0).max(1e-6);
        let fixed = (at_3 - 3.0 * per_pass).max(0.0);
        let wanted = ((target.as_secs_f64() - fixed) / per_pass).ceil().max(0.0) as u32;
        let max_by_work = (KDF_MAX_WORK_KIB / u64::from(KDF_FLOOR.memory_kib)) as u32;
        KdfParams { iterations: wanted.clamp(KDF_FLOOR.iterations, KDF_MAX_ITERATIONS.min(max_by_work)), ..KDF_FLOOR }
    }
}

/// Derives the key that wraps the data key from a passphrase. A passphrase in UTF-8 is first
/// put in Unicode normal form C, so the same words typed on another keyboard or system give the
/// same key.
pub fn derive_passphrase_key(passphrase: &[u8], salt: &[u8; 16], params: &KdfParams) -> Result<Key> {
    use unicode_normalization::UnicodeNormalization;
    let normalised: Zeroizing<Vec<u8>> = match std::str::from_utf8(passphrase) {
        Ok(text) => Zeroizing::new(text.nfc().collect::<String>().into_bytes()),
        Err(_) => Zeroizing::new(passphrase.to_vec()),
    };
    let passphrase = normalised.as_slice();
    params.check().map_err(|why| Error::Integrity(Message::new("integrity.header-unusable").with_words("why", why)))?;
    let argon_params = argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, Some(32))
        .map_err(|e| Error::Integrity(Message::new("integrity.kdf-invalid").with("detail", e.to_string())))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, argon_params);
    let mut out = [0u8; 32];
    argon
        .hash_password_into(passphrase, salt, &mut out)
        .map_err(|e| Error::Integrity(Message::new("integrity.kdf-failed").with("detail", e.to_string())))?;
    let key = Key(out);
    out.zeroize();
    Ok(key)
}

/// The number of random bytes in a recovery key (160 bits).
const RECOVERY_BYTES: usize = 20;
/// Crockford's base-32 alphabet: no I, L, O or U, so it is hard to misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A recovery key: 160 random bits, written as nine groups of four characters (the last group
/// is a checksum that catches typing mistakes).
#[derive(Clone, zeroize::ZeroizeOnDrop)]
pub struct RecoveryKey([u8; RECOVERY_BYTES]);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

impl RecoveryKey {
    /// A fresh random recovery key.
    pub fn random() -> RecoveryKey {
        let mut bytes = [0u8; RECOVERY_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        RecoveryKey(bytes)
    }

    /// The key as a person copies it: `XXXX-XXXX-…` (nine groups).
    pub fn display(&self) -> Zeroizing<String> {
        let mut chars = Zeroizing::new(base32(&self.0));
        chars.push_str(&checksum(&self.0));
        let mut out = String::with_capacity(45);
        for (i, c) in chars.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        Zeroizing::new(out)
    }

    /// Reads a recovery key as typed: case, spaces and hyphens do not matter, and O, I and L
    /// are read as 0, 1 and 1.
    pub fn parse(text: &str) -> Result<RecoveryKey> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| match c.to_ascii_uppercase() {
                    'O' => '0',
                    'I' | 'L' => '1',
                    other => other,
                })
                .collect(),
        );
        let bad = || Error::invalid("field.recovery-key", Message::new("invalid.recovery-key"));
        if cleaned.len() != 36 || !cleaned.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(bad());
        }
        let bytes = unbase32(&cleaned[..32]).ok_or_else(bad)?;
        let key = RecoveryKey(bytes);
        if checksum(&key.0) != cleaned[32..] {
            return Err(Error::invalid("field.recovery-key", Message::new("invalid.recovery-key-check")));
        }
        Ok(key)
    }

    /// Whether two typed recovery keys are the same key (a check that the person copied the one
    /// shown, without a second unlock); anything that is not a recovery key matches nothing.
    pub fn same(shown: &str, typed: &str) -> bool {
        match (RecoveryKey::parse(shown), RecoveryKey::parse(typed)) {
            (Ok(a), Ok(b)) => a.0 == b.0,
            _ => false,
        }
    }

    /// Saves the recovery key `typed` (checked first) to a new text file at `path`, readable by
    /// the person's account only, never over an existing file or through a link.
    pub fn save_to_file(typed: &str, path: &std::path::Path) -> Result<()> {
        let key = RecoveryKey::parse(typed)?;
        let text = Zeroizing::new(format!(
            "Recovery key\r\n\r\n{}\r\n\r\nKeep this somewhere safe and private. With it, anyone can open the vault.\r\n",
            key.display().as_str()
        ));
        crate::fsutil::write_new(path, text.as_bytes(), "storage.save-the-recovery-key-to")
    }

    /// The key that wraps the data key. The recovery key is random and long, so a hash with a
    /// domain and the vault id is enough; no slow KDF is needed.
    pub fn wrapping_key(&self, vault_id: &[u8; 16]) -> Key {
        let mut hash = Sha256::new();
        hash.update(b"holdfast-vault/1 recovery key");
        hash.update(vault_id);
        hash.update(self.0);
        Key(hash.finalize().into())
    }
}

fn base32(bytes: &[u8; RECOVERY_BYTES]) -> String {
    let mut out = String::with_capacity(32);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    buffer.zeroize();
    out
}

fn unbase32(text: &str) -> Option<[u8; RECOVERY_BYTES]> {
    let mut out = [0u8; RECOVERY_BYTES];
    let (mut buffer, mut bits, mut n) = (0u32, 0u32, 0usize);
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            *out.get_mut(n)? = (buffer >> bits) as u8;
            n += 1;
        }
    }
    buffer.zeroize();
    (n == RECOVERY_BYTES).then_some(out)
}

/// Four check characters (20 bits of a SHA-256 of the key).
fn checksum(bytes: &[u8; RECOVERY_BYTES]) -> String {
    let digest = Sha256::digest([b"holdfast recovery check".as_slice(), bytes].concat());
    let value = (u32::from(digest[0]) << 12) | (u32::from(digest[1]) << 4) | (u32::from(digest[2]) >> 4);
    (0..4).rev().map(|i| ALPHABET[((value >> (i * 5)) & 31) as usize] as char).collect()
}

/// The data key sealed under a wrapping key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// XChaCha20-Poly1305 nonce.
    pub nonce: [u8; 24],
    /// The sealed data key with its tag (48 bytes).
    pub ciphertext: Vec<u8>,
}

fn wrap_aad(kind: &str, vault_id: &[u8; 16]) -> Vec<u8> {
    [b"holdfast-vault/1 wrap ".as_slice(), kind.as_bytes(), b" ", vault_id].concat()
}

/// Seals the data key under `wrapping` (authenticated: any change is detected).
pub fn wrap(data_key: &Key, wrapping: &Key, kind: &str, vault_id: &[u8; 16]) -> Wrapped {
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(wrapping.bytes().into());
    let aad = wrap_aad(kind, vault_id);
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: data_key.bytes(), aad: &aad })
        .expect("XChaCha20-Poly1305 encryption of 32 bytes cannot fail");
    Wrapped { nonce, ciphertext }
}

/// Opens a sealed data key. Every failure is the one `WrongPassphrase` error: no oracle.
pub fn unwrap(wrapped: &Wrapped, wrapping: &Key, kind: &str, vault_id: &[u8; 16]) -> Result<Key> {
    let cipher = XChaCha20Poly1305::new(wrapping.bytes().into());
    let aad = wrap_aad(kind, vault_id);
    let plain = Zeroizing::new(
        cipher
            .decrypt(XNonce::from_slice(&wrapped.nonce), Payload { msg: &wrapped.ciphertext, aad: &aad })
            .map_err(|_| Error::WrongPassphrase)?,
    );
    let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| Error::WrongPassphrase)?;
    Ok(Key(bytes))
}

/// Fills `N` random bytes.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut out);
    out
}

/// An authentication tag over `message` for the vault's record of its latest state
/// (`vault.head`): keyed BLAKE2b-256 under a key drawn from the data key for this one use, so
/// only someone who can unlock the vault can make a tag that checks. Lower-case hex.
pub fn head_tag(data_key: &Key, vault_id: &[u8; 16], message: &[u8]) -> String {
    hex::encode(head_mac(data_key, vault_id, message).finalize().into_bytes())
}

/// Whether `tag` is [`head_tag`] of `message` (compared in constant time).
pub fn head_tag_matches(data_key: &Key, vault_id: &[u8; 16], message: &[u8], tag: &str) -> bool {
    let Ok(tag) = hex::decode(tag) else { return false };
    head_mac(data_key, vault_id, message).verify_slice(&tag).is_ok()
}

fn head_mac(data_key: &Key, vault_id: &[u8; 16], message: &[u8]) -> blake2::Blake2bMac<blake2::digest::consts::U32> {
    use blake2::digest::{Mac, Update};
    // The tag key: the data key itself never keys anything but the database and the wraps.
    let mut derive = Sha256::new();
    Digest::update(&mut derive, b"holdfast-vault/1 head tag key");
    Digest::update(&mut derive, vault_id);
    Digest::update(&mut derive, data_key.bytes());
    let tag_key = Zeroizing::new(<[u8; 32]>::from(derive.finalize()));
    let mut mac = <blake2::Blake2bMac<blake2::digest::consts::U32> as Mac>::new_from_slice(tag_key.as_slice())
        .expect("BLAKE2b takes a 32-byte key");
    Update::update(&mut mac, message);
    mac
}

/// Where the vault keeps its signing key for bundles (in the encrypted database).
const SIGNING_KEY: &str = "signing_key";

impl super::Vault {
    /// The vault's signing key for bundles, created (and logged) on first use.
    pub(crate) fn signing_key(&mut self) -> Result<crate::export::sign::SigningPair> {
        use crate::export::sign::SigningPair;
        if let Some(text) = super::db::meta(self.conn(), SIGNING_KEY)? {
            return SigningPair::from_stored(&Zeroizing::new(text))
                .ok_or_else(|| Error::Integrity(Message::new("integrity.signing-key")));
        }
        let pair = SigningPair::generate();
        let mut details = serde_json::Map::new();
        details.insert("key_id".into(), serde_json::Value::from(pair.public().id_hex()));
        let stored = pair.to_stored();
        self.logged("create signing key", details, |tx| {
            tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", [SIGNING_KEY, stored.as_str()])
                .map_err(super::db::db_error)?;
            Ok(())
        })?;
        Ok(pair)
    }
}
