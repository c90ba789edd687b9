//! Fuzzes the bundle verifier with any bytes as a ZIP, starting from a real bundle.
//!
//! Invariants: it never panics (libFuzzer reports one as a crash); and whenever it says
//! "verified", every file in the input is byte for byte the file of the same name in the real,
//! signed bundle, with no file missing or added, both as a reader of the central directory sees
//! them and as an extractor that walks the local records from the front does. A verdict of
//! "verified" on anything else would mean a changed bundle could pass, or that a hidden record
//! could hand a streaming extractor other files than the verifier checked.
#![no_main]

use std::collections::BTreeMap;
use std::io::Read;

use libfuzzer_sys::fuzz_target;

const ORIGINAL: &[u8] = include_bytes!("../seed/bundle.zip");

type Files = BTreeMap<String, Vec<u8>>;

/// The files as the central directory lists them.
fn contents(bytes: &[u8]) -> Option<Files> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).ok()?;
        if f.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).ok()?;
        out.insert(f.name().ok()?.to_string(), data);
    }
    Some(out)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The files as a streaming extractor sees them: local header after local header from byte 0,
/// each entry's data by its local header's own sizes (ZIP64 ones too), until the central
/// directory. `None` if the walk meets anything else.
fn streamed(bytes: &[u8]) -> Option<Files> {
    let mut out = BTreeMap::new();
    let mut at = 0usize;
    while u32_at(bytes, at)? == 0x0403_4b50 {
        let (method, mut compressed) = (u16_at(bytes, at + 8)?, u64::from(u32_at(bytes, at + 18)?));
        let mut size = u64::from(u32_at(bytes, at + 22)?);
        let (name_len, extra_len) = (usize::from(u16_at(bytes, at + 26)?), usize::from(u16_at(bytes, at + 28)?));
        let name = std::str::from_utf8(bytes.get(at + 30..at + 30 + name_len)?).ok()?.to_string();
        let extra = bytes.get(at + 30 + name_len..at + 30 + name_len + extra_len)?;
        let mut x = 0;
        while x + 4 <= extra.len() {
            let (id, n) = (u16_at(extra, x)?, usize::from(u16_at(extra, x + 2)?));
            if id == 0x0001 {
                let mut v = x + 4;
                if size == 0xFFFF_FFFF {
                    size = u64_at(extra, v)?;
                    v += 8;
                }
                if compressed == 0xFFFF_FFFF {
                    compressed = u64_at(extra, v)?;
                }
            }
            x += 4 + n;
        }
        let start = at + 30 + name_len + extra_len;
        let end = start.checked_add(usize::try_from(compressed).ok()?)?;
        let raw = bytes.get(start..end)?;
        let data = match method {
            0 => raw.to_vec(),
            8 => {
                let mut data = Vec::new();
                flate2::read::DeflateDecoder::new(raw).take(size + 1).read_to_end(&mut data).ok()?;
                data
            }
            _ => return None,
        };
        if data.len() as u64 != size {
            return None;
        }
        out.insert(name, data);
        at = end;
    }
    (u32_at(bytes, at)? == 0x0201_4b50).then_some(out)
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, data).expect("write the input");
    let verdict = holdfast_core::export::verify::verify_bundle(&path, None).expect("the file opens");
    if verdict.verified {
        let original = contents(ORIGINAL).expect("the seed bundle reads");
        let given = contents(data).expect("a verified bundle reads");
        assert_eq!(given, original, "a bundle that differs from the signed one was verified");
        let walked = streamed(data).expect("a verified bundle reads from the front");
        assert_eq!(walked, original, "a streaming extractor would see other files than the verifier checked");
    }
});
