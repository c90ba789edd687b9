//! The ZIP's layout, read from its bytes before any entry is opened.
//!
//! Tools disagree about a ZIP that is not strictly tiled. A reader that starts from the central
//! directory (as the ZIP library of this verifier does) and an extractor that walks the local
//! records from the front can see different files: a local record that no central entry names
//! can carry a forged exhibit that only the second kind writes out. So a bundle is accepted only
//! if every byte belongs to exactly one structure, in this order:
//!
//! 1. each entry's local header, at exactly the offset the central directory gives, with exactly
//!    its name, flags, compression method, CRC, sizes and encryption settings (compared here
//!    from the bytes of both headers), then the entry's data; no byte before the first entry,
//!    none between two, no entry starting inside another;
//! 2. the central directory, right after the last entry's data;
//! 3. the ZIP64 end record and its locator, if the end record says there are any;
//! 4. the end record, without a comment, ending the file.
//!
//! Holdfast's writer (`export/mod.rs`, the `zip` crate writing to a seekable file) never writes
//! a comment or an extra field other than ZIP64 sizes and AES settings, so they are refused
//! (timestamps and Unix ids, which other ZIP tools add and which change nothing that is read,
//! are let through). Nor does it write data descriptors, except in the ZIP inside a password
//! bundle (`sealed.rs`), which is written as a stream (also once extracted from it): in such a
//! streamed ZIP, known by its first entry, every
//! entry is stored (never compressed) and has one, with its signature, right after its data,
//! giving exactly the central directory's CRC and sizes, while the local header gives none
//! (zeros).

use std::io::{Read, Seek, SeekFrom};

/// One entry, as its central and local headers agree on it.
pub(super) struct Record {
    /// Its name, raw bytes.
    pub name: Vec<u8>,
    /// Where its local header starts.
    pub offset: u64,
    /// Where its data starts.
    pub data_start: u64,
    /// Its data's size in the file.
    pub compressed: u64,
    /// Its size once unpacked, as declared.
    pub size: u64,
    /// The CRC-32 as written (0 for AES with vendor version 2).
    pub crc: u32,
    /// Where the record ends: after its data, and its data descriptor if it has one.
    pub end: u64,
}

/// What is wrong with the layout: the first fault, in file order.
pub(super) struct Fault {
    /// The entry concerned, raw bytes, if one.
    pub file: Option<Vec<u8>>,
    /// What is wrong, in plain words.
    pub what: String,
}

fn fault(file: Option<&[u8]>, what: impl Into<String>) -> Fault {
    Fault { file: file.map(<[u8]>::to_vec), what: what.into() }
}

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
const ZIP64_END: u32 = 0x0606_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const END_LEN: u64 = 22;
const ZIP64_END_LEN: u64 = 56;
const ZIP64_LOCATOR_LEN: u64 = 20;

/// A central directory larger than this is refused unread (a real one takes about 100 bytes an
/// entry, so [`super::MAX_ENTRIES`] entries need 10 MB).
const MAX_CENTRAL: u64 = 64 << 20;

/// Flag bits Holdfast's writer may set: encrypted (with AES), the deflate speed hints, UTF-8 names.
const ALLOWED_FLAGS: u16 = 0x0001 | 0x0002 | 0x0004 | 0x0800;
const FLAG_ENCRYPTED: u16 = 0x0001;
const FLAG_DESCRIPTOR: u16 = 0x0008;
const FLAG_UTF8: u16 = 0x0800;

const STORED: u16 = 0;
const DEFLATED: u16 = 8;
const AES: u16 = 99;

const EXTRA_ZIP64: u16 = 0x0001;
const EXTRA_AES: u16 = 0x9901;
/// Extra fields that only carry times or Unix owner ids: NTFS times, extended timestamp, Unix
/// uid/gid. Anything else (an Info-ZIP Unicode path, say, which some tools show instead of the
/// name) is refused.
const EXTRA_HARMLESS: &[u16] = &[0x000a, 0x5455, 0x7875];

const SENTINEL_16: u16 = 0xFFFF;
const SENTINEL_32: u32 = 0xFFFF_FFFF;

/// Little-endian fields, read in order from a slice whose length was checked.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }
}

/// `n` bytes at `at`, or a fault saying the file ends first.
fn read_at<R: Read + Seek>(file: &mut R, len: u64, at: u64, n: u64, what: &str) -> Result<Vec<u8>, Fault> {
    if at.checked_add(n).is_none_or(|end| end > len) {
        return Err(fault(None, format!("the file ends inside {what}: it is truncated or damaged")));
    }
    let mut buf = vec![0u8; n as usize];
    file.seek(SeekFrom::Start(at))
        .and_then(|_| file.read_exact(&mut buf))
        .map_err(|e| fault(None, format!("the file cannot be read at byte {at} ({e})")))?;
    Ok(buf)
}

/// Reads and checks the whole layout. `len` is the file's size.
pub(super) fn read<R: Read + Seek>(file: &mut R, len: u64) -> Result<Vec<Record>, Fault> {
    let (count, central_start, central_size) = end_records(file, len)?;
    if count > super::MAX_ENTRIES as u64 {
        return Err(fault(
            None,
            format!("the ZIP holds {count} entries, more than any Holdfast bundle ({})", super::MAX_ENTRIES),
        ));
    }
    if central_size > MAX_CENTRAL {
        return Err(fault(None, "its central directory is far larger than any Holdfast bundle's"));
    }
    let central = read_at(file, len, central_start, central_size, "the central directory")?;
    let entries = central_entries(&central, count)?;

    // The local records, in file order, must tile the bytes before the central directory.
    let mut order: Vec<&Central> = entries.iter().collect();
    order.sort_by_key(|e| e.offset);
    let mut at = 0u64;
    let mut previous: Option<(&Central, u64)> = None;
    let mut records = Vec::with_capacity(entries.len());
    for entry in order {
        if entry.offset < at {
            let (prev, prev_start) = previous.map(|(p, s)| (p.name.as_slice(), s)).unwrap_or((&[], 0));
            return Err(fault(
                Some(&entry.name),
                format!(
                    "it starts at byte {}, inside {} (bytes {prev_start} to {at}): entries overlap, so the same bytes would be unpacked more than once",
                    entry.offset,
                    String::from_utf8_lossy(prev)
                ),
            ));
        }
        if entry.offset > at {
            return Err(stray(file, len, at, entry.offset, false));
        }
        let record = local_record(file, len, entry, central_start)?;
        at = record.end;
        previous = Some((entry, entry.offset));
        records.push((entry.index, record));
    }
    if at < central_start {
        return Err(stray(file, len, at, central_start, true));
    }
    records.sort_by_key(|(index, _)| *index);
    Ok(records.into_iter().map(|(_, r)| r).collect())
}

/// Bytes from `from` to `to` that belong to no entry: a hidden local record if they start like
/// one, else a prefix or a gap.
fn stray<R: Read + Seek>(file: &mut R, len: u64, from: u64, to: u64, before_central: bool) -> Fault {
    let n = to - from;
    if let Ok(head) = read_at(file, len, from, 30.min(n), "a stray record") {
        let mut f = Fields(&head);
        if head.len() == 30 && f.u32() == LOCAL {
            let mut f = Fields(&head[26..]);
            let name_len = u64::from(f.u16());
            let name =
                read_at(file, len, from + 30, name_len.min(n.saturating_sub(30)), "a stray record").unwrap_or_default();
            return fault(
                Some(&name),
                format!(
                    "a file record at byte {from} that the central directory does not list: a tool that reads the ZIP from the front would unpack it (a hidden, possibly forged file)"
                ),
            );
        }
    }
    if from == 0 {
        fault(None, format!("{n} bytes come before the first file record: something was put in front of the ZIP"))
    } else if before_central {
        fault(
            None,
            format!("{n} bytes at byte {from}, between the last file and the central directory, belong to no file"),
        )
    } else {
        fault(None, format!("{n} bytes at byte {from} belong to no file: there is a gap between two file records"))
    }
}

/// The end record (and the ZIP64 ones): entry count, central directory start and size.
fn end_records<R: Read + Seek>(file: &mut R, len: u64) -> Result<(u64, u64, u64), Fault> {
    let not_zip = "the file is not a readable ZIP (its end record is missing); it may be truncated or damaged";
    if len < END_LEN {
        return Err(fault(None, not_zip));
    }
    let end_at = len - END_LEN;
    let end = read_at(file, len, end_at, END_LEN, "the end record")?;
    let mut f = Fields(&end);
    if f.u32() != END {
        return Err(misplaced_end(file, len).unwrap_or_else(|| fault(None, not_zip)));
    }
    let (disk, central_disk, on_disk, count, size, offset, comment) =
        (f.u16(), f.u16(), f.u16(), f.u16(), f.u32(), f.u32(), f.u16());
    if comment != 0 {
        return Err(fault(None, "the ZIP's end record is damaged (it announces a comment past the end of the file)"));
    }
    if disk != 0 || central_disk != 0 || on_disk != count {
        return Err(fault(None, "the ZIP says it is one part of a split archive; a Holdfast bundle is one file"));
    }
    let zip64 = count == SENTINEL_16 || size == SENTINEL_32 || offset == SENTINEL_32;
    if !zip64 {
        let (size, offset) = (u64::from(size), u64::from(offset));
        if offset.checked_add(size) != Some(end_at) {
            return Err(fault(None, central_misplaced(offset, size, end_at)));
        }
        return Ok((u64::from(count), offset, size));
    }

    // ZIP64: the locator right before the end record, the ZIP64 end record right before that.
    let locator_at = end_at.checked_sub(ZIP64_LOCATOR_LEN).ok_or_else(|| fault(None, not_zip))?;
    let locator = read_at(file, len, locator_at, ZIP64_LOCATOR_LEN, "the ZIP64 locator")?;
    let mut l = Fields(&locator);
    let (sig, locator_disk, record_at, disks) = (l.u32(), l.u32(), l.u64(), l.u32());
    if sig != ZIP64_LOCATOR || locator_disk != 0 || disks != 1 {
        return Err(fault(None, "the ZIP's end record calls for ZIP64 records, but they are missing or damaged"));
    }
    if record_at.checked_add(ZIP64_END_LEN) != Some(locator_at) {
        return Err(fault(
            None,
            "the ZIP64 end record is not right before its locator: bytes between them belong to nothing",
        ));
    }
    let record = read_at(file, len, record_at, ZIP64_END_LEN, "the ZIP64 end record")?;
    let mut r = Fields(&record);
    let (sig, rest, _made, _needed, disk64, central_disk64) = (r.u32(), r.u64(), r.u16(), r.u16(), r.u32(), r.u32());
    let (on_disk64, count64, size64, offset64) = (r.u64(), r.u64(), r.u64(), r.u64());
    if sig != ZIP64_END || rest != ZIP64_END_LEN - 12 {
        return Err(fault(None, "the ZIP64 end record is damaged or carries extra data"));
    }
    if disk64 != 0 || central_disk64 != 0 || on_disk64 != count64 {
        return Err(fault(None, "the ZIP says it is one part of a split archive; a Holdfast bundle is one file"));
    }
    // Where the plain end record gives a real value, it must be the ZIP64 one.
    let agrees = (count == SENTINEL_16 || u64::from(count) == count64)
        && (size == SENTINEL_32 || u64::from(size) == size64)
        && (offset == SENTINEL_32 || u64::from(offset) == offset64);
    if !agrees {
        return Err(fault(None, "the ZIP's two end records disagree about its central directory"));
    }
    if offset64.checked_add(size64) != Some(record_at) {
        return Err(fault(None, central_misplaced(offset64, size64, record_at)));
    }
    Ok((count64, offset64, size64))
}

fn central_misplaced(offset: u64, size: u64, expected_end: u64) -> String {
    match offset.checked_add(size) {
        Some(end) if end < expected_end => format!(
            "{} bytes lie between the central directory and the end record: something was added",
            expected_end - end
        ),
        _ => "the end record points to a central directory that is not there; the file is damaged".into(),
    }
}

/// Why the end record is not where it must be: trailing bytes, or a ZIP comment.
fn misplaced_end<R: Read + Seek>(file: &mut R, len: u64) -> Option<Fault> {
    // The end record has a 22-byte fixed part and a comment of at most 65,535 bytes.
    let window = len.min(END_LEN + 65_535 + 4096);
    let tail = read_at(file, len, len - window, window, "the end record").ok()?;
    let at = tail.windows(4).rposition(|w| w == END.to_le_bytes())?;
    let comment = tail.get(at + 20..at + 22).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))?;
    let end = (len - window) + at as u64 + END_LEN + comment;
    Some(if end == len {
        fault(None, "the ZIP has a comment; Holdfast bundles never have one, so it was changed")
    } else if end < len {
        fault(None, format!("{} bytes follow the end of the ZIP: something was appended", len - end))
    } else {
        return None;
    })
}

/// One central directory entry.
struct Central {
    index: usize,
    name: Vec<u8>,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
    aes: Option<Vec<u8>>,
}

/// A ZIP is streamed if its first entry has a data descriptor; then every entry must.
fn central_entries(central: &[u8], count: u64) -> Result<Vec<Central>, Fault> {
    let mut streamed = None;
    let mut entries = Vec::with_capacity(count as usize);
    let mut at = 0usize;
    for index in 0..count as usize {
        let damaged = || fault(None, format!("entry {} of the central directory is damaged", index + 1));
        let fixed = central.get(at..at + 46).ok_or_else(damaged)?;
        let mut f = Fields(fixed);
        let sig = f.u32();
        let (_made, _needed, flags, method, _time, _date) = (f.u16(), f.u16(), f.u16(), f.u16(), f.u16(), f.u16());
        let (crc, compressed, size) = (f.u32(), f.u32(), f.u32());
        let (name_len, extra_len, comment_len) = (f.u16() as usize, f.u16() as usize, f.u16() as usize);
        let (disk, _internal, _external, offset) = (f.u16(), f.u16(), f.u32(), f.u32());
        if sig != CENTRAL {
            return Err(damaged());
        }
        let name_at = at + 46;
        let name = central.get(name_at..name_at + name_len).ok_or_else(damaged)?.to_vec();
        let extra = central.get(name_at + name_len..name_at + name_len + extra_len).ok_or_else(damaged)?;
        at = name_at + name_len + extra_len + comment_len;
        if at > central.len() {
            return Err(damaged());
        }
        let here = Some(name.as_slice());
        if comment_len != 0 {
            return Err(fault(here, "it carries a file comment, which Holdfast bundles never have"));
        }
        let fields = extra_fields(extra).map_err(|why| fault(here, why))?;
        let mut entry = Central {
            index,
            name: name.clone(),
            flags,
            method,
            crc,
            compressed: u64::from(compressed),
            size: u64::from(size),
            offset: u64::from(offset),
            aes: fields.iter().find(|(id, _)| *id == EXTRA_AES).map(|(_, d)| d.to_vec()),
        };
        let zip64 = fields.iter().find(|(id, _)| *id == EXTRA_ZIP64).map(|(_, d)| *d);
        let sizes = (size == SENTINEL_32, compressed == SENTINEL_32);
        let (s, c, o, d) =
            zip64_values(zip64, sizes, offset == SENTINEL_32, disk == SENTINEL_16).map_err(|why| fault(here, why))?;
        entry.size = s.unwrap_or(entry.size);
        entry.compressed = c.unwrap_or(entry.compressed);
        entry.offset = o.unwrap_or(entry.offset);
        if d.unwrap_or(u32::from(disk)) != 0 {
            return Err(fault(here, "it says it starts on another part of a split archive"));
        }
        let streamed = *streamed.get_or_insert(flags & FLAG_DESCRIPTOR != 0);
        check_entry(&entry, streamed).map_err(|why| fault(here, why))?;
        entries.push(entry);
    }
    if at != central.len() {
        return Err(fault(None, "the central directory holds bytes beyond its entries: something was added"));
    }
    Ok(entries)
}

/// The extra fields as (id, data), each id at most once, filling the extra area exactly.
fn extra_fields(mut extra: &[u8]) -> Result<Vec<(u16, &[u8])>, String> {
    let mut out: Vec<(u16, &[u8])> = Vec::new();
    while !extra.is_empty() {
        let head = extra.get(..4).ok_or("its extra fields are damaged")?;
        let id = u16::from_le_bytes([head[0], head[1]]);
        let n = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = extra.get(4..4 + n).ok_or("its extra fields are damaged")?;
        if id != EXTRA_ZIP64 && id != EXTRA_AES && !EXTRA_HARMLESS.contains(&id) {
            return Err(format!(
                "it carries an extra field (0x{id:04X}) that Holdfast never writes, which some tools read as another name or content"
            ));
        }
        if out.iter().any(|(seen, _)| *seen == id) {
            return Err(format!("it carries the extra field 0x{id:04X} twice"));
        }
        out.push((id, data));
        extra = &extra[4 + n..];
    }
    Ok(out)
}

type Zip64 = (Option<u64>, Option<u64>, Option<u64>, Option<u32>);

/// The ZIP64 values for the fields marked with the sentinel, in the order APPNOTE 4.5.3 gives:
/// size, compressed size, offset, disk. The field must hold exactly those.
fn zip64_values(field: Option<&[u8]>, sizes: (bool, bool), offset: bool, disk: bool) -> Result<Zip64, String> {
    let needed = [sizes.0, sizes.1, offset].iter().filter(|b| **b).count() * 8 + if disk { 4 } else { 0 };
    let data = field.unwrap_or_default();
    if data.len() != needed || (field.is_some() && needed == 0) {
        return Err("its ZIP64 sizes do not match the fields its header marks; tools would read different sizes".into());
    }
    let mut f = Fields(data);
    let size = sizes.0.then(|| f.u64());
    let compressed = sizes.1.then(|| f.u64());
    let offset = offset.then(|| f.u64());
    let disk = disk.then(|| f.u32());
    Ok((size, compressed, offset, disk))
}

/// Rules for one entry that need no other: flags, method, encryption, the stored size, the name's
/// encoding.
fn check_entry(e: &Central, streamed: bool) -> Result<(), String> {
    if streamed && e.flags & FLAG_DESCRIPTOR == 0 {
        return Err(
            "it has no data descriptor, though the ZIP's first entry has one (Holdfast writes all or none)".into()
        );
    }
    if !streamed && e.flags & FLAG_DESCRIPTOR != 0 {
        return Err("its flags say a data descriptor follows its data; Holdfast never writes one, and tools disagree about where such an entry ends".into());
    }
    if streamed && e.method != STORED {
        return Err("it is compressed and followed by a data descriptor: a tool reading from the front could find its end elsewhere (Holdfast stores every entry of a streamed ZIP)".into());
    }
    if e.flags & !(ALLOWED_FLAGS | if streamed { FLAG_DESCRIPTOR } else { 0 }) != 0 {
        return Err(format!("it uses ZIP features Holdfast never writes (flags 0x{:04X})", e.flags));
    }
    let actual = match (e.method, &e.aes) {
        (AES, Some(aes)) => {
            let mut f = Fields(aes);
            let (version, vendor, strength, method) = (f.u16(), f.take::<2>(), f.take::<1>()[0], f.u16());
            if aes.len() != 7 || !(1..=2).contains(&version) || &vendor != b"AE" || !(1..=3).contains(&strength) {
                return Err("its AES encryption settings are damaged".into());
            }
            if e.flags & FLAG_ENCRYPTED == 0 {
                return Err("it has AES settings but is not marked as encrypted".into());
            }
            // Salt (8, 12 or 16 bytes), password check (2) and authentication code (10).
            let overhead = 4 + 4 * u64::from(strength) + 2 + 10;
            (method, overhead)
        }
        (AES, None) => return Err("it says it is AES-encrypted but has no AES settings".into()),
        (_, Some(_)) => return Err("it carries AES settings but is not AES-encrypted".into()),
        (_, None) if e.flags & FLAG_ENCRYPTED != 0 => {
            return Err("it uses the old ZIP password scheme, which Holdfast never uses (its bundles use AES)".into());
        }
        (method, None) => (method, 0),
    };
    match actual {
        (STORED, overhead) if e.size.checked_add(overhead) != Some(e.compressed) => {
            Err("it is stored uncompressed, yet its size and its size in the file differ".into())
        }
        (STORED | DEFLATED, _) => Ok(()),
        (method, _) => Err(format!("it is compressed with method {method}, which Holdfast never uses")),
    }?;
    if !e.name.is_ascii() && e.flags & FLAG_UTF8 == 0 {
        return Err("its name is not marked as UTF-8, so tools would show different names".into());
    }
    Ok(())
}

/// The local record for `entry`: its header must repeat the central directory's, byte for byte
/// where it counts, and its data must end before the central directory.
fn local_record<R: Read + Seek>(file: &mut R, len: u64, entry: &Central, central_start: u64) -> Result<Record, Fault> {
    let here = Some(entry.name.as_slice());
    let missing = || fault(here, format!("its local header is missing at byte {} (the ZIP is damaged)", entry.offset));
    if entry.offset.checked_add(30).is_none_or(|end| end > central_start) {
        return Err(missing());
    }
    let head = read_at(file, len, entry.offset, 30, "a local header")?;
    let mut f = Fields(&head);
    let sig = f.u32();
    let (_needed, flags, method, _time, _date) = (f.u16(), f.u16(), f.u16(), f.u16(), f.u16());
    let (crc, compressed, size) = (f.u32(), f.u32(), f.u32());
    let (name_len, extra_len) = (u64::from(f.u16()), u64::from(f.u16()));
    if sig != LOCAL {
        return Err(missing());
    }
    let data_start = entry.offset + 30 + name_len + extra_len;
    if data_start > central_start {
        return Err(fault(here, "its local header runs into the central directory (the ZIP is damaged)"));
    }
    let rest = read_at(file, len, entry.offset + 30, name_len + extra_len, "a local header")?;
    let (name, extra) = rest.split_at(name_len as usize);
    if name != entry.name.as_slice() {
        return Err(fault(
            here,
            format!(
                "the name in its local header ({}) differs from the central directory's: a tool that reads the ZIP from the front would see another file",
                String::from_utf8_lossy(name)
            ),
        ));
    }
    if flags != entry.flags || method != entry.method {
        return Err(fault(here, "its local header's flags or compression method differ from the central directory's"));
    }
    let fields = extra_fields(extra).map_err(|why| fault(here, why))?;
    let aes = fields.iter().find(|(id, _)| *id == EXTRA_AES).map(|(_, d)| d.to_vec());
    if aes != entry.aes {
        return Err(fault(here, "its local header's encryption settings differ from the central directory's"));
    }
    let zip64 = fields.iter().find(|(id, _)| *id == EXTRA_ZIP64).map(|(_, d)| *d);
    let (s, c, _, _) = zip64_values(zip64, (size == SENTINEL_32, compressed == SENTINEL_32), false, false)
        .map_err(|why| fault(here, why))?;
    let (size, compressed) = (s.unwrap_or(u64::from(size)), c.unwrap_or(u64::from(compressed)));
    let streamed = flags & FLAG_DESCRIPTOR != 0;
    let given = if streamed { (0, 0, 0) } else { (entry.crc, entry.size, entry.compressed) };
    if (crc, size, compressed) != given {
        return Err(fault(
            here,
            "its local header's sizes or CRC differ from the central directory's: tools would read different bytes",
        ));
    }
    let data_end = data_start.checked_add(entry.compressed).filter(|end| *end <= central_start);
    let Some(data_end) = data_end else {
        return Err(fault(here, "its data runs into the central directory (the ZIP is damaged or entries overlap it)"));
    };
    let end = if streamed { descriptor(file, len, entry, data_end, zip64.is_some(), central_start)? } else { data_end };
    Ok(Record {
        name: entry.name.clone(),
        offset: entry.offset,
        data_start,
        compressed: entry.compressed,
        size: entry.size,
        crc: entry.crc,
        end,
    })
}

const DESCRIPTOR: u32 = 0x0807_4b50;

/// The data descriptor after a streamed entry's data (at `at`): its signature, then the CRC and
/// sizes (8 bytes each when the local header had ZIP64 sizes), equal to the central directory's.
/// Returns where it ends.
fn descriptor<R: Read + Seek>(
    file: &mut R,
    len: u64,
    entry: &Central,
    at: u64,
    zip64: bool,
    central_start: u64,
) -> Result<u64, Fault> {
    let here = Some(entry.name.as_slice());
    let n = if zip64 { 24 } else { 16 };
    if at.checked_add(n).is_none_or(|end| end > central_start) {
        return Err(fault(here, "its data descriptor runs into the central directory (the ZIP is damaged)"));
    }
    let bytes = read_at(file, len, at, n, "a data descriptor")?;
    let mut f = Fields(&bytes);
    let (sig, crc) = (f.u32(), f.u32());
    let (compressed, size) = if zip64 { (f.u64(), f.u64()) } else { (u64::from(f.u32()), u64::from(f.u32())) };
    if sig != DESCRIPTOR {
        return Err(fault(here, "its data descriptor is missing where its data ends (the ZIP is damaged)"));
    }
    if (crc, compressed, size) != (entry.crc, entry.compressed, entry.size) {
        return Err(fault(
            here,
            "its data descriptor's sizes or CRC differ from the central directory's: tools would read different bytes",
        ));
    }
    Ok(at + n)
}
