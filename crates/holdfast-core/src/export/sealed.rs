//! The password bundle: the ordinary signed bundle ZIP, sealed inside a 7z archive.
//!
//! The archive holds exactly one file, the bundle ZIP, stored and encrypted with 7-Zip's
//! AES-256 coder (key: SHA-256 over salt, password and counter, 2^[`KDF_POWER`] times), and its
//! header, which names the file, is encrypted too: without the password nothing but sizes can
//! be read. 7-Zip opens it on any system (`7z x -p…`); what comes out is a bundle like any
//! other, checked with `sha256sum -c` and `minisign -V`.
//!
//! Writing streams: the ZIP is written as a stream (sizes after each entry), each 64 KiB is
//! encrypted as it fills, and the header is written once the file is done, so memory stays
//! bounded and no plaintext touches the disk. Reading needs no extraction either: CBC
//! decryption of any block needs only the block before it, so `Source` gives the verifier
//! random access to the plain ZIP, a chunk at a time, straight from the archive.

mod header;

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use aes::Aes256;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, InnerIvInit, KeyInit};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::strength::passphrase_strength;
use header::{Aes, Stream, MAX_HEADER, SIGNATURE, SIGNATURE_HEADER_SIZE};

/// The file name ending of a password bundle.
pub const FILE_EXTENSION: &str = "7z";
/// Key stretching: 2^19 rounds of SHA-256, 7-Zip's own default.
pub const KDF_POWER: u8 = 19;
/// Plaintext is encrypted and decrypted this many bytes at a time.
const CHUNK: usize = 64 * 1024;

/// Refuses a bundle password that is too easy to guess, by the rule the vault's passphrase
/// meter uses ([`crate::strength::Strength::enough`]). The message says why, in words.
pub fn check_password(password: &str) -> Result<()> {
    let strength = passphrase_strength(password);
    if strength.enough {
        return Ok(());
    }
    let mut advice: Vec<Message> = strength.warning.into_iter().chain(strength.suggestions).map(Message::new).collect();
    let chars = crate::vault::MIN_PASSPHRASE_CHARS;
    if password.chars().count() < chars {
        advice.push(Message::new("invalid.password-min").with("min", chars.to_string()));
    }
    Err(Error::invalid(
        "field.password-for-the-bundle",
        Message::new("invalid.password-weak").with_sentences("advice", advice),
    ))
}

/// The inner ZIP's name: the bundle's own name with `.zip` (`evidence.7z` holds `evidence.zip`).
pub(crate) fn inner_name(out: &Path) -> String {
    let plain = |s: &&str| {
        s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    let stem = out.file_stem().and_then(|s| s.to_str()).filter(plain);
    format!("{}.zip", stem.unwrap_or("holdfast-evidence"))
}

/// 7-Zip's key: SHA-256 over (salt, password as UTF-16LE, round counter), 2^power rounds. The
/// password is taken in Unicode NFC, as keyboards type it.
fn derive_key(password: &str, aes: &Aes) -> Zeroizing<[u8; 32]> {
    let normal = Zeroizing::new(password.nfc().collect::<String>());
    let mut prefix = Zeroizing::new(aes.salt.clone());
    prefix.extend(normal.encode_utf16().flat_map(u16::to_le_bytes));
    let mut sha = Sha256::new();
    for round in 0u64..(1 << aes.power) {
        sha.update(&prefix[..]);
        sha.update(round.to_le_bytes());
    }
    Zeroizing::new(sha.finalize().into())
}

fn cipher(key: &[u8; 32]) -> Aes256 {
    Aes256::new(key.into())
}

fn random<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut out);
    out
}

/// Encrypts `buf` (a whole number of blocks) in CBC mode after the block `chain`; returns the
/// last ciphertext block, the chain for what follows.
fn encrypt(aes: &Aes256, chain: [u8; 16], buf: &mut [u8]) -> io::Result<[u8; 16]> {
    cbc::Encryptor::<Aes256>::inner_iv_init(aes.clone(), &chain.into())
        .encrypt_padded_mut::<NoPadding>(buf, buf.len())
        .map_err(|_| io::Error::other("a sealed block is not a whole number of AES blocks"))?;
    let mut last = chain;
    if let Some(tail) = buf.len().checked_sub(16).map(|at| &buf[at..]) {
        last.copy_from_slice(tail);
    }
    Ok(last)
}

fn decrypt(aes: &Aes256, chain: [u8; 16], buf: &mut [u8]) -> io::Result<()> {
    cbc::Decryptor::<Aes256>::inner_iv_init(aes.clone(), &chain.into())
        .decrypt_padded_mut::<NoPadding>(buf)
        .map(|_| ())
        .map_err(|_| io::Error::other("a sealed block is not a whole number of AES blocks"))
}

/// Windows FILETIME (100 ns since 1601) for a moment.
fn filetime(t: DateTime<Utc>) -> u64 {
    (t.timestamp().saturating_add(11_644_473_600).max(0) as u64).saturating_mul(10_000_000)
}

/// Writes the 7z archive around a stream of plaintext (the bundle ZIP): each full chunk is
/// encrypted and written at once; [`SealWriter::finish`] writes the encrypted header.
pub(crate) struct SealWriter {
    file: BufWriter<File>,
    name: String,
    modified: u64,
    aes: Aes256,
    settings: Aes,
    chain: [u8; 16],
    pending: Zeroizing<Vec<u8>>,
    crc: crc32fast::Hasher,
    plain: u64,
    packed: u64,
}

impl SealWriter {
    /// Starts an archive in `file` (new and empty) holding one file called `name`.
    pub(crate) fn new(file: File, name: String, modified: DateTime<Utc>, password: &str) -> io::Result<SealWriter> {
        let settings = Aes { power: KDF_POWER, salt: random::<16>().to_vec(), iv: random() };
        let aes = cipher(&derive_key(password, &settings));
        let mut file = BufWriter::new(file);
        // The signature header is written last, once the header's place is known.
        file.write_all(&[0u8; SIGNATURE_HEADER_SIZE as usize])?;
        Ok(SealWriter {
            file,
            name,
            modified: filetime(modified),
            aes,
            chain: settings.iv,
            settings,
            pending: Zeroizing::new(Vec::with_capacity(CHUNK)),
            crc: crc32fast::Hasher::new(),
            plain: 0,
            packed: 0,
        })
    }

    fn seal_pending(&mut self) -> io::Result<()> {
        self.chain = encrypt(&self.aes, self.chain, &mut self.pending)?;
        self.file.write_all(&self.pending)?;
        self.packed += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    /// Pads and writes the last block, then the encrypted header and the signature header.
    /// Returns the file, written but not yet flushed to disk.
    pub(crate) fn finish(mut self) -> io::Result<File> {
        let padded = self.pending.len().div_ceil(16) * 16;
        self.pending.resize(padded, 0);
        self.seal_pending()?;
        let data = Stream {
            pack_pos: 0,
            pack_size: self.packed,
            unpack_size: self.plain,
            crc: self.crc.clone().finalize(),
            aes: self.settings.clone(),
        };
        let plain = Zeroizing::new(header::header(&data, &self.name, self.modified));
        let mut sealed = plain.to_vec();
        sealed.resize(plain.len().div_ceil(16) * 16, 0);
        let header_settings = Aes { iv: random(), ..self.settings.clone() };
        encrypt(&self.aes, header_settings.iv, &mut sealed)?;
        let head = Stream {
            pack_pos: self.packed,
            pack_size: sealed.len() as u64,
            unpack_size: plain.len() as u64,
            crc: crc32fast::hash(&plain),
            aes: header_settings,
        };
        let encoded = header::encoded_header(&head);
        self.file.write_all(&sealed)?;
        self.file.write_all(&encoded)?;
        let start = header::signature_header(
            self.packed + sealed.len() as u64,
            encoded.len() as u64,
            crc32fast::hash(&encoded),
        );
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(&start)?;
        self.file.into_inner().map_err(|e| e.into_error())
    }
}

impl Write for SealWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(CHUNK - self.pending.len());
        self.pending.extend_from_slice(&buf[..n]);
        self.crc.update(&buf[..n]);
        self.plain += n as u64;
        if self.pending.len() == CHUNK {
            self.seal_pending()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Where an export writes its ZIP: straight to the file, or into the sealed archive.
pub(crate) trait Sink: Write + Seek {
    /// Whether the ZIP is written as a stream (each entry followed by a data descriptor). Its
    /// entries are then all stored, never compressed: with a stored entry, a tool that reads
    /// from the front either finds the descriptor right where the central directory says the
    /// data ends, or cannot read the entry at all; a deflated one could end early and show
    /// other bytes after it (`verify/layout.rs`).
    const STREAMED: bool;
    /// Finishes what the ZIP left and hands back the file.
    fn close(self) -> io::Result<File>;
}

impl Sink for BufWriter<File> {
    const STREAMED: bool = false;
    fn close(self) -> io::Result<File> {
        self.into_inner().map_err(|e| e.into_error())
    }
}

impl Sink for zip::write::StreamWriter<SealWriter> {
    const STREAMED: bool = true;
    fn close(self) -> io::Result<File> {
        self.into_inner().finish()
    }
}

/// The plain ZIP inside a sealed bundle, decrypted a chunk at a time wherever it is read.
pub(crate) struct Plain {
    file: File,
    aes: Aes256,
    iv: [u8; 16],
    /// Where the encrypted file starts in the archive, and its encrypted and plain sizes.
    start: u64,
    packed: u64,
    size: u64,
    pos: u64,
    /// Decrypted bytes of the chunk last read, from `chunk_at` in the plain file; `chunk[..skip]`
    /// is the ciphertext block before it.
    chunk: Zeroizing<Vec<u8>>,
    chunk_at: u64,
    skip: usize,
}

impl Plain {
    fn load(&mut self) -> io::Result<()> {
        let first = self.pos / 16 * 16;
        let len = (self.packed - first).min(CHUNK as u64) as usize;
        let skip = if first == 0 { 0 } else { 16 };
        self.chunk.resize(skip + len, 0);
        self.file.seek(SeekFrom::Start(self.start + first - skip as u64))?;
        self.file.read_exact(&mut self.chunk)?;
        let mut chain = self.iv;
        chain[..skip].copy_from_slice(&self.chunk[..skip]);
        decrypt(&self.aes, chain, &mut self.chunk[skip..])?;
        self.chunk.truncate(skip + len.min((self.size - first) as usize));
        (self.chunk_at, self.skip) = (first, skip);
        Ok(())
    }
}

impl Read for Plain {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let held = (self.chunk.len() - self.skip) as u64;
        if self.pos < self.chunk_at || self.pos >= self.chunk_at + held {
            self.load()?;
        }
        let from = self.skip + (self.pos - self.chunk_at) as usize;
        let n = buf.len().min(self.chunk.len() - from);
        buf[..n].copy_from_slice(&self.chunk[from..from + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Plain {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}

/// A bundle as the verifier reads it: a plain ZIP, or the ZIP inside a sealed archive.
pub(crate) enum Source {
    /// A ZIP file (an old password bundle is one too, with WinZip AES entries).
    Zip(BufReader<File>),
    /// The ZIP inside a sealed archive.
    Sealed(Box<Plain>),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Zip(r) => r.read(buf),
            Source::Sealed(r) => r.read(buf),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match self {
            Source::Zip(r) => r.seek(to),
            Source::Sealed(r) => r.seek(to),
        }
    }
}

/// What [`open`] found: the ZIP to check (none if it cannot be reached), and what is wrong
/// with the archive around it.
pub(crate) struct Opened {
    pub source: Option<Source>,
    pub problems: Vec<String>,
}

/// Opens a bundle for the verifier. A file that does not start like a 7z archive is taken as a
/// ZIP. A sealed one is opened with `password`, its header checked (a wrong password fails its
/// CRC) and the whole ZIP inside run once through its CRC-32, as `7z t` does; nothing is
/// written anywhere.
pub(crate) fn open(mut file: File, password: Option<&str>) -> Opened {
    let mut start = [0u8; SIGNATURE_HEADER_SIZE as usize];
    let is_7z = file.read_exact(&mut start).is_ok() && start[..SIGNATURE.len()] == SIGNATURE;
    if !is_7z {
        return match file.seek(SeekFrom::Start(0)) {
            Ok(_) => Opened { source: Some(Source::Zip(BufReader::new(file))), problems: Vec::new() },
            Err(e) => Opened { source: None, problems: vec![format!("the file cannot be read ({e})")] },
        };
    }
    match open_sealed(file, &start, password) {
        Ok(mut plain) => {
            let mut problems = Vec::new();
            match whole_crc(&mut plain) {
                Ok(crc) if crc == plain.crc => {}
                Ok(_) => problems.push(
                    "the 7z archive's check sum does not match the bundle inside: it was damaged or changed after it \
                     was written (7-Zip will report a CRC error)"
                        .to_string(),
                ),
                Err(e) => problems.push(format!("the bundle inside the 7z archive cannot be read to the end ({e})")),
            }
            Opened { source: Some(Source::Sealed(Box::new(plain.reader))), problems }
        }
        Err(why) => Opened { source: None, problems: vec![why] },
    }
}

/// An opened sealed bundle and the CRC-32 its header gives.
struct Unsealed {
    reader: Plain,
    crc: u32,
}

fn whole_crc(u: &mut Unsealed) -> io::Result<u32> {
    let mut crc = crc32fast::Hasher::new();
    let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
    u.reader.seek(SeekFrom::Start(0))?;
    loop {
        match u.reader.read(&mut buf)? {
            0 => break,
            n => crc.update(&buf[..n]),
        }
    }
    u.reader.seek(SeekFrom::Start(0))?;
    Ok(crc.finalize())
}

const DAMAGED: &str = "the 7z archive is damaged or cut short: ask for a fresh copy";

/// Checks that a stream lies inside `within` bytes after the signature header and that its
/// sizes fit AES blocks.
fn fits(s: &Stream, within: u64) -> std::result::Result<(), String> {
    let end = s.pack_pos.checked_add(s.pack_size).filter(|&end| end <= within);
    let blocks = s.pack_size.is_multiple_of(16) && s.unpack_size <= s.pack_size && s.pack_size - s.unpack_size < 16;
    if end.is_some() && blocks {
        Ok(())
    } else {
        Err(DAMAGED.into())
    }
}

fn open_sealed(mut file: File, start: &[u8; 32], password: Option<&str>) -> std::result::Result<Unsealed, String> {
    let shape = |why: &str| format!("{why}. Open it with 7-Zip, then check the ZIP inside");
    let read_error = |e: io::Error| format!("the file cannot be read ({e})");
    let (next_offset, next_size, next_crc) = header::read_signature_header(start).map_err(shape)?;
    let length = file.metadata().map_err(read_error)?.len();
    let body = length.saturating_sub(SIGNATURE_HEADER_SIZE);
    if next_size > MAX_HEADER || next_offset.checked_add(next_size) != Some(body) {
        return Err(DAMAGED.into());
    }
    let mut next = vec![0u8; next_size as usize];
    file.seek(SeekFrom::Start(SIGNATURE_HEADER_SIZE + next_offset)).map_err(read_error)?;
    file.read_exact(&mut next).map_err(read_error)?;
    if crc32fast::hash(&next) != next_crc {
        return Err(DAMAGED.into());
    }
    let head = header::read_encoded_header(&next).map_err(shape)?;
    fits(&head, next_offset)?;
    if head.pack_size > MAX_HEADER {
        return Err(shape("it is a 7z archive, but not one Holdfast writes"));
    }
    let Some(password) = password else {
        return Err("this bundle is locked with a password: give the password to check it".into());
    };
    let aes = cipher(&derive_key(password, &head.aes));
    let mut plain = Zeroizing::new(vec![0u8; head.pack_size as usize]);
    file.seek(SeekFrom::Start(SIGNATURE_HEADER_SIZE + head.pack_pos)).map_err(read_error)?;
    file.read_exact(&mut plain).map_err(read_error)?;
    decrypt(&aes, head.aes.iv, &mut plain).map_err(read_error)?;
    plain.truncate(head.unpack_size as usize);
    if crc32fast::hash(&plain) != head.crc {
        return Err("the password does not open this bundle. Check it for typing mistakes and try again (if it \
                    is right, the file is damaged)"
            .into());
    }
    let (data, _name) = header::read_header(&plain).map_err(shape)?;
    // One key for both: Holdfast writes the same salt and power for the header and the file.
    if data.aes.salt != head.aes.salt || data.aes.power != head.aes.power {
        return Err(shape("it is a 7z archive, but not one Holdfast writes"));
    }
    fits(&data, head.pack_pos)?;
    let reader = Plain {
        file,
        aes,
        iv: data.aes.iv,
        start: SIGNATURE_HEADER_SIZE + data.pack_pos,
        packed: data.pack_size,
        size: data.unpack_size,
        pos: 0,
        chunk: Zeroizing::new(Vec::with_capacity(CHUNK + 16)),
        chunk_at: 0,
        skip: 0,
    };
    Ok(Unsealed { reader, crc: data.crc })
}

/// Fails with a plain message unless `out` ends in `.7z`, the name 7-Zip and the officer's
/// computer recognise for a password bundle.
pub fn check_file_name(out: &Path) -> Result<()> {
    if out.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(FILE_EXTENSION)) {
        return Ok(());
    }
    Err(Error::invalid("field.file-name", Message::new("invalid.sealed-name").with("ending", FILE_EXTENSION)))
}
