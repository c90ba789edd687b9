//! Fuzzes the bundle verifier with any bytes as a ZIP, starting from a real bundle.
//!
//! Invariants: it never panics (libFuzzer reports one as a crash); and whenever it says
//! "verified", every file in the input is byte for byte the file of the same name in the real,
//! signed bundle, with no file missing or added. A verdict of "verified" on anything else would
//! mean a changed bundle could pass.
#![no_main]

use std::collections::BTreeMap;
use std::io::Read;

use libfuzzer_sys::fuzz_target;

const ORIGINAL: &[u8] = include_bytes!("../seed/bundle.zip");

fn contents(bytes: &[u8]) -> Option<BTreeMap<String, Vec<u8>>> {
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

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, data).expect("write the input");
    let verdict = holdfast_core::export::verify::verify_bundle(&path, None).expect("the file opens");
    if verdict.verified {
        let original = contents(ORIGINAL).expect("the seed bundle reads");
        let given = contents(data).expect("a verified bundle reads");
        assert_eq!(given, original, "a bundle that differs from the signed one was verified");
    }
});
