//! A byte-level ZIP builder for hostile bundles. A ZIP library writes only well-formed archives;
//! the faults the verifier must refuse (a local record no central entry names, bytes before or
//! between records, entries that overlap, a local name that differs from the central one) need
//! each header written by hand.
//!
//! Layout written by [`RawZip::bytes`] (APPNOTE 6.3, little-endian throughout):
//!
//! ```text
//! prefix | for each entry: [local header (30 bytes) | name | extra | data] [gap] | central directory | [ZIP64 end + locator] | end record | trailer
//! ```
//!
//! Entries are stored (method 0) unless a test says otherwise; with no field changed, the result
//! is a strictly tiled ZIP that the verifier and any ZIP tool read the same way.

/// One entry: what its local record and its central directory entry say. The two start equal;
/// a test changes one side to make them disagree.
#[derive(Clone)]
pub struct Entry {
    /// The name in the central directory.
    pub name: Vec<u8>,
    /// The name in the local header.
    pub local_name: Vec<u8>,
    /// The bytes written after the local header.
    pub data: Vec<u8>,
    pub method: u16,
    pub flags: u16,
    pub crc: u32,
    /// Declared sizes (both headers).
    pub compressed: u32,
    pub size: u32,
    /// Extra fields, as raw bytes, for each header.
    pub local_extra: Vec<u8>,
    pub central_extra: Vec<u8>,
    /// Unix mode (regular file 0o100644).
    pub mode: u32,
    /// Write a local record for it (false: a central entry only).
    pub local: bool,
    /// Name it in the central directory (false: a hidden local record).
    pub listed: bool,
    /// The central directory points here instead of at its own local record.
    pub offset: Option<u32>,
    /// Bytes written after its data, before the next record.
    pub gap_after: Vec<u8>,
}

impl Entry {
    /// A stored file, both headers in agreement.
    pub fn stored(name: &[u8], data: &[u8]) -> Entry {
        Entry {
            name: name.to_vec(),
            local_name: name.to_vec(),
            data: data.to_vec(),
            method: 0,
            flags: if name.is_ascii() { 0 } else { 0x0800 },
            crc: crc32(data),
            compressed: data.len() as u32,
            size: data.len() as u32,
            local_extra: Vec::new(),
            central_extra: Vec::new(),
            mode: 0o100644,
            local: true,
            listed: true,
            offset: None,
            gap_after: Vec::new(),
        }
    }
}

/// A whole archive.
#[derive(Clone, Default)]
pub struct RawZip {
    pub prefix: Vec<u8>,
    pub entries: Vec<Entry>,
    /// Write ZIP64 end records (with the plain end record's fields set to "see ZIP64").
    pub zip64_end: bool,
    /// Bytes after the end record.
    pub trailer: Vec<u8>,
}

impl RawZip {
    /// Stored entries for these files, in order.
    pub fn stored(files: &[(String, Vec<u8>)]) -> RawZip {
        RawZip { entries: files.iter().map(|(n, d)| Entry::stored(n.as_bytes(), d)).collect(), ..RawZip::default() }
    }

    /// The index of the entry named `name`.
    pub fn find(&self, name: &str) -> usize {
        self.entries.iter().position(|e| e.name == name.as_bytes()).expect("an entry of that name")
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut out = self.prefix.clone();
        let mut offsets = Vec::new();
        for e in &self.entries {
            offsets.push(out.len() as u32);
            if e.local {
                put32(&mut out, 0x0403_4b50);
                put16(&mut out, 20); // version needed
                put16(&mut out, e.flags);
                put16(&mut out, e.method);
                put16(&mut out, 0); // time
                put16(&mut out, 0x21); // date: 1980-01-01
                put32(&mut out, e.crc);
                put32(&mut out, e.compressed);
                put32(&mut out, e.size);
                put16(&mut out, e.local_name.len() as u16);
                put16(&mut out, e.local_extra.len() as u16);
                out.extend_from_slice(&e.local_name);
                out.extend_from_slice(&e.local_extra);
                out.extend_from_slice(&e.data);
            }
            out.extend_from_slice(&e.gap_after);
        }
        let central_start = out.len() as u64;
        let mut count = 0u64;
        for (e, at) in self.entries.iter().zip(&offsets) {
            if !e.listed {
                continue;
            }
            count += 1;
            put32(&mut out, 0x0201_4b50);
            put16(&mut out, 0x031E); // made by: Unix, 3.0
            put16(&mut out, 20);
            put16(&mut out, e.flags);
            put16(&mut out, e.method);
            put16(&mut out, 0);
            put16(&mut out, 0x21);
            put32(&mut out, e.crc);
            put32(&mut out, e.compressed);
            put32(&mut out, e.size);
            put16(&mut out, e.name.len() as u16);
            put16(&mut out, e.central_extra.len() as u16);
            put16(&mut out, 0); // comment
            put16(&mut out, 0); // disk
            put16(&mut out, 0); // internal attributes
            put32(&mut out, e.mode << 16);
            put32(&mut out, e.offset.unwrap_or(*at));
            out.extend_from_slice(&e.name);
            out.extend_from_slice(&e.central_extra);
        }
        let central_size = out.len() as u64 - central_start;
        if self.zip64_end {
            let record_at = out.len() as u64;
            put32(&mut out, 0x0606_4b50);
            out.extend_from_slice(&44u64.to_le_bytes()); // size of the rest of the record
            put16(&mut out, 45);
            put16(&mut out, 45);
            put32(&mut out, 0);
            put32(&mut out, 0);
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(&central_size.to_le_bytes());
            out.extend_from_slice(&central_start.to_le_bytes());
            put32(&mut out, 0x0706_4b50); // locator
            put32(&mut out, 0);
            out.extend_from_slice(&record_at.to_le_bytes());
            put32(&mut out, 1);
        }
        put32(&mut out, 0x0605_4b50);
        put16(&mut out, 0);
        put16(&mut out, 0);
        let (n, size, start) = if self.zip64_end {
            (0xFFFF, 0xFFFF_FFFF, 0xFFFF_FFFF)
        } else {
            (count as u16, central_size as u32, central_start as u32)
        };
        put16(&mut out, n);
        put16(&mut out, n);
        put32(&mut out, size);
        put32(&mut out, start);
        put16(&mut out, 0); // comment
        out.extend_from_slice(&self.trailer);
        out
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// CRC-32 (IEEE, reflected), bit by bit: slow and plain, enough for test files.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
