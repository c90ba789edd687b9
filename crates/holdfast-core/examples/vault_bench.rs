//! Measures (does not assert) the evidence vault's speed and memory.
//!
//! Each measurement runs in its own process, so the peak memory it reports is its own. Temporary
//! data goes under `$HOLDFAST_BENCH_DIR` (or the system's temporary folder) and is removed
//! afterwards. Build with `--release`: crypto and SQLite are far slower unoptimised.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chacha20poly1305::{AeadInPlace, ChaCha20Poly1305, Key as AeadKey, KeyInit, Nonce};
use holdfast_core::vault::keys::{self, KdfParams};
use holdfast_core::vault::model::{Happened, ItemKind};
use holdfast_core::vault::{Account, CreateOptions, Filter, ItemDetails, NewOriginal, Unlock, Vault};
use sha2::{Digest, Sha256};

const USAGE: &str = "\
usage: vault_bench SUBCOMMAND
  import-many            200 files x 2 MiB imported with add_file, beside raw SHA-256 + ChaCha20-Poly1305 speed
  import-big [SIZE_MIB]  one SIZE_MIB file (default 2048) imported with add_file; peak resident memory
  unlock                 5 opens of a vault with calibrated Argon2id settings
  list-search [N]        items() and timeline() over N messages (default 10000)
  export [N [MIB]]       a bundle of N items totalling MIB MiB (default 500, 1024), beside zip -0 plus
                         sha256sum over the same files; peak resident memory during the export
  all [SIZE_MIB [N]]     each of the above in its own process, then a summary table (the default)
Temporary data goes under $HOLDFAST_BENCH_DIR, or else the system's temporary folder.
";

const MIB: u64 = 1024 * 1024;
/// The vault's blob chunk (age's STREAM chunk), used for the raw comparison too.
const CHUNK: usize = 64 * 1024;
const PASSPHRASE: &[u8] = b"correct horse battery staple";
const RUNS: usize = 5;
const MANY_FILES: usize = 200;
const MANY_FILE_BYTES: u64 = 2 * MIB;
/// Present in 1% of the messages in `list-search`, and in nothing else.
const SEARCH_WORD: &str = "moneygram";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| -> u64 {
        args.get(i).map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("'{v}' is not a whole number\n\n{USAGE}")))
    };
    match args.first().map_or("all", String::as_str) {
        "import-many" => import_many(),
        "import-big" => import_big(number(1, 2048)),
        "unlock" => unlock(),
        "list-search" => list_search(usize::try_from(number(1, 10_000)).expect("N fits in memory")),
        "export" => export(number(1, 500), number(2, 1024)),
        "all" => all(number(1, 2048), number(2, 10_000)),
        "help" | "-h" | "--help" => print!("{USAGE}"),
        other => {
            eprint!("unknown subcommand '{other}'\n\n{USAGE}");
            std::process::exit(2);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reporting

/// The rows one measurement reports; printed as a table at the end (which `all` collects).
struct Report {
    measurement: String,
    rows: Vec<(String, String)>,
    load_at_start: String,
}

impl Report {
    fn new(measurement: &str) -> Report {
        println!("{measurement}: {}", machine());
        Report { measurement: measurement.to_string(), rows: Vec::new(), load_at_start: load_average() }
    }

    fn row(&mut self, metric: &str, value: impl Into<String>) {
        let value = value.into();
        println!("  {metric}: {value}");
        self.rows.push((metric.to_string(), value));
    }

    fn finish(mut self) {
        let load = format!("{} -> {}", self.load_at_start, load_average());
        self.row("load average (1/5/15 min), start -> end", load);
        println!("| measurement | metric | value |");
        println!("|---|---|---|");
        for (metric, value) in &self.rows {
            println!("| {} | {metric} | {value} |", self.measurement);
        }
    }
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores, {cpu}, load average {}", load_average())
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn mib_per_s(bytes: u64, elapsed: Duration) -> String {
    format!("{:.1} MiB/s", bytes as f64 / MIB as f64 / elapsed.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// "median X (min Y, max Z)" over the runs.
fn spread(times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort();
    format!("median {} (min {}, max {})", ms(median(&sorted)), ms(sorted[0]), ms(sorted[sorted.len() - 1]))
}

/// Runs `work` `RUNS` times and returns each run's time and the last result.
fn timed_runs<T>(mut work: impl FnMut() -> T) -> (Vec<Duration>, T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = work();
        times.push(start.elapsed());
        last = Some(std::hint::black_box(out));
    }
    (times, last.expect("at least one run"))
}

// ---------------------------------------------------------------------------------------------
// Process memory (Linux)

/// A `/proc/self/status` field in KiB (`VmHWM`, `VmRSS`).
fn status_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.strip_prefix(field).is_some_and(|rest| rest.starts_with(':')))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn kib_text(kib: Option<u64>) -> String {
    kib.map_or_else(|| "unavailable".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// Resets VmHWM to the current resident size, so the next peak read is this phase's own.
fn reset_peak() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

// ---------------------------------------------------------------------------------------------
// Data

/// Scratch space under `$HOLDFAST_BENCH_DIR` or the system's temporary folder, removed on drop.
fn scratch(label: &str) -> tempfile::TempDir {
    let base = std::env::var_os("HOLDFAST_BENCH_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
    fs::create_dir_all(&base).unwrap_or_else(|e| panic!("create the bench folder {}: {e}", base.display()));
    let dir = tempfile::Builder::new()
        .prefix(&format!("holdfast-bench-{label}-"))
        .tempdir_in(&base)
        .unwrap_or_else(|e| panic!("create a temporary folder in {}: {e}", base.display()));
    println!("  scratch folder: {}", dir.path().display());
    dir
}

/// xorshift64: fast, deterministic, incompressible enough for timing.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Writes `size` pseudo-random bytes to `path`, 1 MiB at a time, and flushes them to disk so
/// that write-back of the source does not compete with what is timed afterwards.
fn write_random_file(path: &Path, size: u64, rng: &mut XorShift) {
    let mut file = File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
    let mut buf = vec![0u8; MIB as usize];
    let mut left = size;
    while left > 0 {
        let n = left.min(MIB) as usize;
        rng.fill(&mut buf[..n]);
        file.write_all(&buf[..n]).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        left -= n as u64;
    }
    file.sync_all().unwrap_or_else(|e| panic!("flush {}: {e}", path.display()));
}

/// Reads until `buf` is full or the file ends; returns how many bytes were read.
fn read_chunk(file: &mut File, buf: &mut [u8], path: &Path) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!("read {}: {e}", path.display()),
        }
    }
    filled
}

fn blob_bytes(vault: &Path) -> u64 {
    let dir = vault.join("blobs");
    fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|entry| entry.expect("list a blob").metadata().expect("read a blob's size").len())
        .sum()
}

// ---------------------------------------------------------------------------------------------
// Raw crypto over the same bytes

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Read,
    Sha,
    Aead,
    Both,
}

/// Streams every file through `pass` in 64 KiB chunks (as the vault does): SHA-256 of the
/// plaintext and/or ChaCha20-Poly1305 sealing of each chunk in place (nonce = chunk counter, as
/// in age's STREAM). Nothing is written. Returns bytes processed and the time taken.
fn raw_pass(files: &[PathBuf], pass: Pass) -> (u64, Duration) {
    let cipher = ChaCha20Poly1305::new(AeadKey::from_slice(&[7u8; 32]));
    let mut buf = vec![0u8; CHUNK];
    let mut bytes = 0u64;
    let mut sink = 0u8;
    let start = Instant::now();
    for path in files {
        let mut file = File::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
        let mut hash = Sha256::new();
        let mut counter = 0u64;
        loop {
            let n = read_chunk(&mut file, &mut buf, path);
            if n == 0 {
                break;
            }
            bytes += n as u64;
            sink ^= buf[0];
            if matches!(pass, Pass::Sha | Pass::Both) {
                hash.update(&buf[..n]);
            }
            if matches!(pass, Pass::Aead | Pass::Both) {
                let mut nonce = [0u8; 12];
                nonce[3..11].copy_from_slice(&counter.to_be_bytes());
                nonce[11] = u8::from(n < CHUNK);
                let tag = cipher
                    .encrypt_in_place_detached(Nonce::from_slice(&nonce), b"", &mut buf[..n])
                    .expect("ChaCha20-Poly1305 sealing a 64 KiB chunk");
                sink ^= tag[0];
                counter += 1;
            }
            if n < CHUNK {
                break;
            }
        }
        if pass != Pass::Read {
            sink ^= hash.finalize()[0];
        }
    }
    let elapsed = start.elapsed();
    std::hint::black_box(sink);
    (bytes, elapsed)
}

/// Copies every file into `dest` in 64 KiB chunks and flushes each to disk (no crypto): the
/// storage floor under the vault's import.
fn plain_copy(files: &[PathBuf], dest: &Path) -> (u64, Duration) {
    fs::create_dir_all(dest).unwrap_or_else(|e| panic!("create {}: {e}", dest.display()));
    let mut buf = vec![0u8; CHUNK];
    let mut bytes = 0u64;
    let start = Instant::now();
    for (i, path) in files.iter().enumerate() {
        let mut src = File::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
        let target = dest.join(format!("copy-{i}"));
        let mut dst = File::create(&target).unwrap_or_else(|e| panic!("create {}: {e}", target.display()));
        loop {
            let n = read_chunk(&mut src, &mut buf, path);
            if n == 0 {
                break;
            }
            dst.write_all(&buf[..n]).unwrap_or_else(|e| panic!("write {}: {e}", target.display()));
            bytes += n as u64;
        }
        dst.sync_all().unwrap_or_else(|e| panic!("flush {}: {e}", target.display()));
    }
    let elapsed = start.elapsed();
    fs::remove_dir_all(dest).unwrap_or_else(|e| panic!("remove {}: {e}", dest.display()));
    (bytes, elapsed)
}

fn raw_rows(report: &mut Report, files: &[PathBuf]) {
    for (pass, label) in [
        (Pass::Read, "raw: read only (page cache, 64 KiB reads)"),
        (Pass::Sha, "raw: read + SHA-256"),
        (Pass::Aead, "raw: read + ChaCha20-Poly1305 (64 KiB chunks)"),
        (Pass::Both, "raw: read + SHA-256 + ChaCha20-Poly1305"),
    ] {
        let (bytes, elapsed) = raw_pass(files, pass);
        report.row(label, mib_per_s(bytes, elapsed));
    }
}

/// A vault at the KDF floor (the import benches do not measure the KDF).
fn floor_vault(dir: &Path) -> Vault {
    let options = CreateOptions { kdf: Some(keys::KDF_FLOOR), under_18: false };
    Vault::create(dir, PASSPHRASE, options).expect("create a vault").vault
}

// ---------------------------------------------------------------------------------------------
// Measurements

fn import_many() {
    let mut report = Report::new("import-many");
    let scratch = scratch("many");
    let source = scratch.path().join("source");
    fs::create_dir_all(&source).expect("create the source folder");
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    let files: Vec<PathBuf> = (0..MANY_FILES)
        .map(|i| {
            let path = source.join(format!("evidence-{i:03}.bin"));
            write_random_file(&path, MANY_FILE_BYTES, &mut rng);
            path
        })
        .collect();
    let total = MANY_FILES as u64 * MANY_FILE_BYTES;
    println!("  wrote {MANY_FILES} x {} MiB in {} (not timed)", MANY_FILE_BYTES / MIB, secs(start.elapsed()));

    raw_rows(&mut report, &files);
    let (bytes, elapsed) = plain_copy(&files, &scratch.path().join("copy"));
    report.row("plain copy + fsync per file (no crypto)", mib_per_s(bytes, elapsed));

    let vault_dir = scratch.path().join("vault");
    let mut vault = floor_vault(&vault_dir);
    let peak_before = status_kib("VmHWM");
    let reset = reset_peak();
    let mut each = Vec::with_capacity(files.len());
    let start = Instant::now();
    for path in &files {
        let one = Instant::now();
        vault.add_file(path, NewOriginal::file()).unwrap_or_else(|e| panic!("import {}: {e}", path.display()));
        each.push(one.elapsed());
    }
    let elapsed = start.elapsed();
    let peak_import = status_kib("VmHWM");
    report.row(
        &format!("vault import, add_file x {MANY_FILES} ({} MiB)", total / MIB),
        format!("{} ({})", mib_per_s(total, elapsed), secs(elapsed)),
    );
    report.row("vault import, per file", spread(&each));
    let stored = blob_bytes(&vault_dir);
    report.row("blob bytes on disk / plaintext", format!("{:.5}", stored as f64 / total as f64));
    report.row(
        "peak RSS during import (VmHWM reset after create)",
        if reset { kib_text(peak_import) } else { "unavailable (clear_refs refused)".into() },
    );
    report.row("peak RSS whole process (VmHWM)", kib_text(peak_before.max(peak_import)));
    drop(vault);
    drop(scratch);
    report.finish();
}

fn import_big(size_mib: u64) {
    let mut report = Report::new("import-big");
    let scratch = scratch("big");
    let size = size_mib * MIB;
    let path = scratch.path().join("evidence-big.bin");
    let start = Instant::now();
    write_random_file(&path, size, &mut XorShift(0xD1B5_4A32_D192_ED03));
    println!("  wrote {size_mib} MiB in {} (not timed, streamed 1 MiB at a time)", secs(start.elapsed()));
    let files = [path.clone()];
    let peak_setup = status_kib("VmHWM");

    raw_rows(&mut report, &files);
    let (bytes, elapsed) = plain_copy(&files, &scratch.path().join("copy"));
    report.row("plain copy + fsync (no crypto)", mib_per_s(bytes, elapsed));

    let vault_dir = scratch.path().join("vault");
    let mut vault = floor_vault(&vault_dir);
    let peak_before = status_kib("VmHWM");
    let reset = reset_peak();
    let rss_at_start = status_kib("VmRSS");
    let start = Instant::now();
    vault.add_file(&path, NewOriginal::file()).unwrap_or_else(|e| panic!("import {}: {e}", path.display()));
    let elapsed = start.elapsed();
    let peak_import = status_kib("VmHWM");
    report.row(
        &format!("vault import, add_file ({size_mib} MiB)"),
        format!("{} ({})", mib_per_s(size, elapsed), secs(elapsed)),
    );
    report.row("blob bytes on disk / plaintext", format!("{:.5}", blob_bytes(&vault_dir) as f64 / size as f64));
    report.row("RSS when the import started", kib_text(rss_at_start));
    report.row(
        "peak RSS during import (VmHWM reset after create; target < 64 MiB)",
        if reset { kib_text(peak_import) } else { "unavailable (clear_refs refused)".into() },
    );
    report.row("peak RSS before the vault existed (file written, raw passes)", kib_text(peak_setup));
    report.row("peak RSS whole process (VmHWM, includes Argon2id in create)", kib_text(peak_before.max(peak_import)));
    drop(vault);
    drop(scratch);
    report.finish();
}

fn unlock() {
    let mut report = Report::new("unlock");
    let scratch = scratch("unlock");
    let dir = scratch.path().join("vault");
    let start = Instant::now();
    let created = Vault::create(&dir, PASSPHRASE, CreateOptions::default()).expect("create a vault");
    let create_time = start.elapsed();
    let params: KdfParams = created.vault.kdf();
    let recovery = created.recovery_key.to_string();
    drop(created);
    report.row(
        "KDF params (calibrated, Argon2id)",
        format!("{} KiB, {} passes, {} lane(s)", params.memory_kib, params.iterations, params.parallelism),
    );
    report.row("create (calibration + one derivation + setup)", secs(create_time));

    let (opens, _) =
        timed_runs(|| Vault::open(&dir, Unlock::Passphrase(PASSPHRASE)).expect("open with the passphrase"));
    report.row(&format!("open with passphrase x {RUNS}"), spread(&opens));
    let (derives, _) =
        timed_runs(|| keys::derive_passphrase_key(PASSPHRASE, &[1u8; 16], &params).expect("derive a key"));
    report.row(&format!("Argon2id derivation alone x {RUNS}"), spread(&derives));
    let (floor, _) =
        timed_runs(|| keys::derive_passphrase_key(PASSPHRASE, &[1u8; 16], &keys::KDF_FLOOR).expect("derive a key"));
    report.row(
        &format!("Argon2id derivation at the floor ({} passes) x {RUNS}", keys::KDF_FLOOR.iterations),
        spread(&floor),
    );
    let (recoveries, _) =
        timed_runs(|| Vault::open(&dir, Unlock::RecoveryKey(&recovery)).expect("open with the recovery key"));
    report.row(&format!("open with recovery key (no KDF) x {RUNS}"), spread(&recoveries));
    // create() calibrated on the process's first Argon2id run (as the app does); calibrating
    // again now shows how much that first run's timing decided.
    let again: Vec<String> =
        (0..3).map(|_| KdfParams::calibrate(Duration::from_millis(750)).iterations.to_string()).collect();
    report.row("calibrate(750 ms) again x 3, later in the process -> passes", again.join(", "));
    report.row("peak RSS whole process (VmHWM)", kib_text(status_kib("VmHWM")));
    drop(scratch);
    report.finish();
}

const WORDS: &[&str] = &[
    "send",
    "money",
    "now",
    "or",
    "I",
    "will",
    "share",
    "your",
    "photos",
    "with",
    "everyone",
    "you",
    "know",
    "pay",
    "bitcoin",
    "tonight",
    "family",
    "friends",
    "school",
    "followers",
    "deadline",
    "hours",
    "last",
    "chance",
    "delete",
    "account",
    "screenshot",
    "video",
    "post",
    "everywhere",
    "card",
    "gift",
    "transfer",
    "wallet",
    "address",
    "don't",
    "ignore",
    "me",
    "police",
    "can't",
    "help",
    "seen",
    "it",
    "already",
    "ready",
    "message",
    "reply",
    "fast",
    "cash",
    "amazon",
    "steam",
    "code",
    "hurry",
    "clock",
    "ticking",
    "ruin",
    "life",
    "list",
    "contacts",
    "mother",
    "father",
];
const PLATFORMS: &[&str] = &["Instagram", "Snapchat", "WhatsApp", "Telegram", "Discord", "TikTok", "Facebook"];
const HANDLE_PARTS: &[&str] = &["dark", "wolf", "angel", "kitty", "boss", "shadow", "sweet", "real", "lucky", "night"];

fn list_search(n: usize) {
    let mut report = Report::new("list-search");
    let scratch = scratch("list");
    let dir = scratch.path().join("vault");
    let mut vault = floor_vault(&dir);
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);

    let n_accounts = (n / 20).max(1);
    let start = Instant::now();
    let accounts: Vec<i64> = (0..n_accounts)
        .map(|i| {
            let handle = format!("{}_{}{i}", rng.pick(HANDLE_PARTS), rng.pick(HANDLE_PARTS));
            let account = Account {
                platform: rng.pick(PLATFORMS).to_string(),
                display_name: Some(format!("{} {}", rng.pick(HANDLE_PARTS), rng.pick(HANDLE_PARTS))),
                user_id: Some(format!("{}", 100_000_000 + rng.below(900_000_000))),
                handle,
                ..Account::default()
            };
            vault.add_account(&account).expect("add an account")
        })
        .collect();
    let accounts_time = start.elapsed();

    let start = Instant::now();
    let mut with_word = 0;
    for i in 0..n {
        let words = 8 + rng.below(40);
        let mut text: Vec<&str> = (0..words).map(|_| rng.pick(WORDS)).collect();
        if i % 100 == 0 {
            let at = rng.below(text.len());
            text.insert(at, "MoneyGram");
            with_word += 1;
        }
        let stated = format!(
            "2026-{:02}-{:02}T{:02}:{:02}:{:02}+01:00",
            1 + rng.below(12),
            1 + rng.below(28),
            rng.below(24),
            rng.below(60),
            rng.below(60)
        );
        let details = ItemDetails {
            happened: Some(Happened::parse(&stated, None).expect("a valid time")),
            platform: Some(rng.pick(PLATFORMS).to_string()),
            sender: None,
            note: (i % 7 == 0).then(|| format!("note {i}: {} {}", rng.pick(WORDS), rng.pick(WORDS))),
            tags: if i % 5 == 0 { vec!["threat".into()] } else { Vec::new() },
            accounts: vec![accounts[i % accounts.len()]],
        };
        vault.add_text(ItemKind::Message, &text.join(" "), details).expect("add a message");
    }
    let messages_time = start.elapsed();
    report.row(
        &format!("add_account x {n_accounts}"),
        format!("{} ({:.0}/s)", secs(accounts_time), n_accounts as f64 / accounts_time.as_secs_f64()),
    );
    report.row(
        &format!("add_text x {n} (each linked to an account)"),
        format!("{} ({:.0}/s)", secs(messages_time), n as f64 / messages_time.as_secs_f64()),
    );

    let (times, items) = timed_runs(|| vault.items().expect("list the items"));
    report.row(&format!("items() -> {} items, {RUNS} runs", items.len()), spread(&times));

    let filter = Filter { text: Some(SEARCH_WORD.into()), ..Filter::default() };
    let (times, hits) = timed_runs(|| vault.timeline(&filter).expect("search the timeline"));
    report.row(
        &format!("timeline(text \"{SEARCH_WORD}\") -> {} of {with_word} expected, {RUNS} runs", hits.len()),
        spread(&times),
    );

    let (times, all) = timed_runs(|| vault.timeline(&Filter::default()).expect("list the timeline"));
    report.row(&format!("timeline(no filter) -> {} entries, {RUNS} runs", all.len()), spread(&times));
    drop(vault);
    let db_size = fs::metadata(dir.join("vault.db")).map(|m| m.len()).unwrap_or(0);
    report.row("vault.db size after closing", format!("{:.1} MiB", db_size as f64 / MIB as f64));
    report.row("peak RSS whole process (VmHWM)", kib_text(status_kib("VmHWM")));
    drop(scratch);
    report.finish();
}

// ---------------------------------------------------------------------------------------------
// All of them, each in its own process

/// Exports `items` originals totalling `total_mib` MiB, and times `zip -0` plus `sha256sum`
/// over the same plain files for comparison.
fn export(items: u64, total_mib: u64) {
    let mut report = Report::new(&format!("export {items} items, {total_mib} MiB"));
    let dir = scratch("export");
    let plain = dir.path().join("plain");
    fs::create_dir_all(&plain).expect("plain folder");
    let size = total_mib * MIB / items.max(1);
    let mut rng = XorShift(0x5eed_1234);
    let mut vault = floor_vault(&dir.path().join("vault"));
    for i in 0..items {
        let path = plain.join(format!("item-{i:04}.png"));
        write_random_file(&path, size, &mut rng);
        vault.add_file(&path, NewOriginal { kind: ItemKind::Screenshot, ..NewOriginal::file() }).expect("import");
    }
    let bytes = size * items;
    let out = dir.path().join("bundle.zip");
    let rss_before = status_kib("VmRSS");
    let reset = reset_peak();
    let start = Instant::now();
    let done = vault.export(&out, &holdfast_core::export::ExportOptions::default()).expect("export");
    let elapsed = start.elapsed();
    let peak = status_kib("VmHWM");
    report.row("items exported", done.exhibits.to_string());
    report.row("bundle size", format!("{:.1} MiB", done.size as f64 / MIB as f64));
    report.row("export time", secs(elapsed));
    report.row("export throughput (exhibit bytes)", mib_per_s(bytes, elapsed));
    report.row("resident memory before the export", kib_text(rss_before));
    report.row(
        if reset {
            "peak resident memory during the export (VmHWM reset before)"
        } else {
            "peak resident memory (whole process; VmHWM reset refused)"
        },
        kib_text(peak),
    );
    let start = Instant::now();
    let zipped = Command::new("zip")
        .args(["-0", "-q", "-r"])
        .arg(dir.path().join("plain.zip"))
        .arg(".")
        .current_dir(&plain)
        .status();
    let zip_time = start.elapsed();
    let start = Instant::now();
    let summed = Command::new("sh").arg("-c").arg("sha256sum * > /dev/null").current_dir(&plain).status();
    let sum_time = start.elapsed();
    match (zipped, summed) {
        (Ok(z), Ok(h)) if z.success() && h.success() => {
            report.row("zip -0 over the same plain files", secs(zip_time));
            report.row("sha256sum over the same plain files", secs(sum_time));
            report.row(
                "zip -0 + sha256sum",
                format!("{} ({})", secs(zip_time + sum_time), mib_per_s(bytes, zip_time + sum_time)),
            );
        }
        _ => report.row("zip -0 + sha256sum", "unavailable (install zip and coreutils)"),
    }
    report.finish();
}

fn all(big_mib: u64, n: u64) {
    let exe = std::env::current_exe().expect("find this program's own path");
    let jobs: [Vec<String>; 4] = [
        vec!["import-many".into()],
        vec!["import-big".into(), big_mib.to_string()],
        vec!["unlock".into()],
        vec!["list-search".into(), n.to_string()],
    ];
    let machine = machine();
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut failed = false;
    let started = Instant::now();
    for job in &jobs {
        println!("\n== vault_bench {} ==", job.join(" "));
        let start = Instant::now();
        let mut child = Command::new(&exe)
            .args(job)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", exe.display()));
        let out = child.stdout.take().expect("the measurement's output pipe");
        for line in BufReader::new(out).lines() {
            let line = line.expect("read the measurement's output");
            match line.strip_prefix('|') {
                Some(rest) if !rest.starts_with("---") && !rest.starts_with(" measurement |") => {
                    let cells: Vec<String> =
                        rest.trim_end_matches('|').split('|').map(|c| c.trim().to_string()).collect();
                    if let [a, b, c] = cells.as_slice() {
                        rows.push([a.clone(), b.clone(), c.clone()]);
                    }
                }
                Some(_) => {}
                None => println!("{line}"),
            }
        }
        let status = child.wait().expect("wait for the measurement process");
        println!("  (process took {})", secs(start.elapsed()));
        if !status.success() {
            failed = true;
            rows.push([job[0].clone(), "FAILED".into(), status.to_string()]);
        }
    }

    println!("\nSummary ({machine}; whole run {})\n", secs(started.elapsed()));
    let header = ["measurement".to_string(), "metric".into(), "value".into()];
    let widths: Vec<usize> =
        (0..3).map(|i| rows.iter().chain([&header]).map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let line = |r: &[String; 3]| {
        println!("| {:<w0$} | {:<w1$} | {:<w2$} |", r[0], r[1], r[2], w0 = widths[0], w1 = widths[1], w2 = widths[2]);
    };
    line(&header);
    println!("|{}|{}|{}|", "-".repeat(widths[0] + 2), "-".repeat(widths[1] + 2), "-".repeat(widths[2] + 2));
    for row in &rows {
        line(row);
    }
    if failed {
        std::process::exit(1);
    }
}
