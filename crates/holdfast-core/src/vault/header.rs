//! `vault.json`: the one plaintext file of a vault. It holds no secret and no evidence: the
//! format version, the vault id, the Argon2id settings and salt, the two sealed copies of the
//! data key, and a checksum that tells accidental damage apart from a wrong passphrase.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keys::{KdfParams, Wrapped};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::i18n::Message;

/// The header file's name.
pub const FILE_NAME: &str = "vault.json";
/// The format tag.
pub const FORMAT: &str = "holdfast-vault";
/// The only version this build reads and writes.
pub const VERSION: u32 = 1;

/// The largest `vault.json` a reader accepts (a real one is under 1 KiB).
pub const MAX_BYTES: u64 = 64 * 1024;

/// The parsed, checked header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Random id, bound into the key wraps.
    pub vault_id: [u8; 16],
    /// Argon2id settings.
    pub kdf: KdfParams,
    /// Argon2id salt.
    pub salt: [u8; 16],
    /// The data key sealed under the passphrase key.
    pub passphrase_wrap: Wrapped,
    /// The data key sealed under the recovery key.
    pub recovery_wrap: Wrapped,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnDisk {
    format: String,
    version: u32,
    vault_id: String,
    kdf: KdfOnDisk,
    wraps: WrapsOnDisk,
    /// SHA-256 of the canonical JSON of every other field.
    checksum: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KdfOnDisk {
    algorithm: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrapsOnDisk {
    passphrase: WrapOnDisk,
    recovery: WrapOnDisk,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrapOnDisk {
    nonce: String,
    ciphertext: String,
}

fn damaged(why: Message) -> Error {
    Error::Integrity(Message::new("integrity.header").with_words("why", why))
}

/// What is wrong with the header: `key`, naming the `part` of it (`salt`, `vault id`: the
/// names of its parts, not prose).
fn part(key: &'static str, part: &str) -> Message {
    Message::new(key).with("part", part)
}

fn unhex<const N: usize>(text: &str, what: &str) -> Result<[u8; N]> {
    let bytes = hex::decode(text).map_err(|_| damaged(part("vault-header.unreadable", what)))?;
    bytes.try_into().map_err(|_| damaged(part("vault-header.wrong-length", what)))
}

fn wrap_from(w: &WrapOnDisk, what: &str) -> Result<Wrapped> {
    let ciphertext = hex::decode(&w.ciphertext).map_err(|_| damaged(part("vault-header.wrap-unreadable", what)))?;
    if ciphertext.len() != 48 {
        return Err(damaged(part("vault-header.wrap-length", what)));
    }
    Ok(Wrapped { nonce: unhex(&w.nonce, &format!("{what} wrap nonce"))?, ciphertext })
}

fn wrap_to(w: &Wrapped) -> WrapOnDisk {
    WrapOnDisk { nonce: hex::encode(w.nonce), ciphertext: hex::encode(&w.ciphertext) }
}

/// The checksum over every field but itself: canonical JSON (sorted keys, no spaces).
fn checksum_of(disk: &OnDisk) -> Result<String> {
    let mut value = serde_json::to_value(disk)
        .map_err(|e| damaged(Message::new("vault-header.not-encoded").with("detail", e.to_string())))?;
    if let Some(object) = value.as_object_mut() {
        object.remove("checksum");
    }
    Ok(hex::encode(Sha256::digest(super::log::canonical(&value))))
}

impl Header {
    /// Reads and checks `vault.json` in `dir`. It is opened once, never through a link and
    /// never waiting, and read only if it is an ordinary file of at most [`MAX_BYTES`]: a named
    /// pipe, a device, a folder or a link there is refused at once (Holdfast never makes one).
    pub fn read(dir: &Path) -> Result<Header> {
        let path = dir.join(FILE_NAME);
        let bytes = match fsutil::read_bounded(&path, fsutil::Links::Refuse, MAX_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotAVault(
                    Message::new("not-a-vault.no-vault").with("folder", dir.display().to_string()),
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                return Err(damaged(Message::new("vault-header.too-large").with("max", MAX_BYTES.to_string())))
            }
            Err(e) => match fsutil::not_ordinary(&e) {
                Some(kind) => {
                    return Err(Error::NotAVault(
                        Message::new("not-a-vault.header-not-file")
                            .with("folder", dir.display().to_string())
                            .with_words("what", Message::new(kind.what())),
                    ))
                }
                None => return Err(Error::Storage { action: "storage.read", path, source: e }),
            },
        };
        Self::parse(&bytes)
    }

    /// Parses and checks header bytes.
    pub fn parse(bytes: &[u8]) -> Result<Header> {
        // Look at the format and version first, so a newer vault says so rather than "damaged".
        let loose: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| damaged(Message::new("vault-header.not-json")))?;
        if loose.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(Error::NotAVault(Message::new("not-a-vault.not-a-header")));
        }
        match loose.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                return Err(Error::UnsupportedVersion(Message::new("version.header").with("version", v.to_string())))
            }
            None => return Err(damaged(Message::new("vault-header.no-version"))),
        }
        let disk: OnDisk = serde_json::from_value(loose)
            .map_err(|e| damaged(Message::new("vault-header.shape").with("detail", e.to_string())))?;
        if checksum_of(&disk)? != disk.checksum {
            return Err(damaged(Message::new("vault-header.checksum")));
        }
        if disk.kdf.algorithm != "argon2id" {
            return Err(damaged(Message::new("vault-header.unknown-kdf").with("name", disk.kdf.algorithm.as_str())));
        }
        let kdf = KdfParams {
            memory_kib: disk.kdf.memory_kib,
            iterations: disk.kdf.iterations,
            parallelism: disk.kdf.parallelism,
        };
        kdf.check().map_err(|why| damaged(Message::new("vault-header.unusable").with_words("why", why)))?;
        Ok(Header {
            vault_id: unhex(&disk.vault_id, "vault id")?,
            kdf,
            salt: unhex(&disk.kdf.salt, "salt")?,
            passphrase_wrap: wrap_from(&disk.wraps.passphrase, "passphrase")?,
            recovery_wrap: wrap_from(&disk.wraps.recovery, "recovery")?,
        })
    }

    /// The header as written to disk (pretty JSON with its checksum).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut disk = OnDisk {
            format: FORMAT.to_string(),
            version: VERSION,
            vault_id: hex::encode(self.vault_id),
            kdf: KdfOnDisk {
                algorithm: "argon2id".to_string(),
                memory_kib: self.kdf.memory_kib,
                iterations: self.kdf.iterations,
                parallelism: self.kdf.parallelism,
                salt: hex::encode(self.salt),
            },
            wraps: WrapsOnDisk { passphrase: wrap_to(&self.passphrase_wrap), recovery: wrap_to(&self.recovery_wrap) },
            checksum: String::new(),
        };
        disk.checksum = checksum_of(&disk)?;
        let mut bytes = serde_json::to_vec_pretty(&disk)
            .map_err(|e| damaged(Message::new("vault-header.not-encoded").with("detail", e.to_string())))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Writes the header atomically.
    pub fn write(&self, dir: &Path) -> Result<()> {
        fsutil::write_atomic(&dir.join(FILE_NAME), &self.to_bytes()?)
    }
}
