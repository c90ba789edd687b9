//! The few 7z records a sealed bundle needs, written and read back.
//!
//! A sealed bundle is a 7z archive of exactly one shape: one file, stored (no compression) and
//! encrypted with 7-Zip's AES-256 coder, and a header that is itself encrypted with the same
//! coder. The layout, from the 7z format description that ships with 7-Zip (`7zFormat.txt`):
//!
//! ```text
//! signature header (32 bytes) | the file, encrypted | the header, encrypted | encoded header
//! ```
//!
//! The reader accepts only that shape and refuses anything else with a reason: a hostile file
//! is parsed by bounds-checked steps over a buffer of at most [`MAX_HEADER`] bytes.

/// The six bytes every 7z archive starts with.
pub(super) const SIGNATURE: [u8; 6] = [b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C];
/// The signature header's size; stream positions count from its end.
pub(super) const SIGNATURE_HEADER_SIZE: u64 = 32;
/// The largest header (plain or encrypted) the reader reads. Holdfast's are about 200 bytes.
pub(super) const MAX_HEADER: u64 = 64 * 1024;
/// The highest key-stretching power 7-Zip itself accepts (2^24 rounds of SHA-256).
pub(super) const MAX_POWER: u8 = 24;

/// 7-Zip's method id for its AES-256 + SHA-256 coder.
const AES_ID: [u8; 4] = [0x06, 0xF1, 0x07, 0x01];

// Record ids (7zFormat.txt, "Property IDs").
const END: u8 = 0x00;
const HEADER: u8 = 0x01;
const MAIN_STREAMS: u8 = 0x04;
const FILES: u8 = 0x05;
const PACK_INFO: u8 = 0x06;
const UNPACK_INFO: u8 = 0x07;
const SUB_STREAMS: u8 = 0x08;
const SIZE: u8 = 0x09;
const CRC: u8 = 0x0A;
const FOLDER: u8 = 0x0B;
const UNPACK_SIZE: u8 = 0x0C;
const NAME: u8 = 0x11;
const MTIME: u8 = 0x14;
const ENCODED_HEADER: u8 = 0x17;
/// File properties the reader skips: creation, access and modification times, attributes, padding.
const SKIPPED_FILE_PROPERTIES: [u8; 5] = [0x12, 0x13, 0x14, 0x15, 0x19];

/// The AES coder's settings: key-stretching power (2^power rounds), salt and IV.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Aes {
    pub power: u8,
    pub salt: Vec<u8>,
    pub iv: [u8; 16],
}

/// One stored stream run through the AES coder: where it lies, its sizes and its CRC-32.
#[derive(Clone)]
pub(super) struct Stream {
    /// Offset from the end of the signature header.
    pub pack_pos: u64,
    /// Encrypted size (a whole number of 16-byte blocks).
    pub pack_size: u64,
    /// Plain size.
    pub unpack_size: u64,
    /// CRC-32 of the plain bytes.
    pub crc: u32,
    pub aes: Aes,
}

/// Why a file is not a sealed bundle Holdfast can read.
pub(super) type Why = &'static str;

fn number(out: &mut Vec<u8>, value: u64) {
    // 7z numbers: the count of leading 1 bits in the first byte is the count of further bytes
    // (little-endian); the first byte's remaining bits are the value's highest bits.
    let extra = (0..8usize).find(|&n| value < 1u64 << (7 * (n + 1))).unwrap_or(8);
    if extra == 8 {
        out.push(0xFF);
    } else {
        let high = (value >> (8 * extra)) as u8;
        out.push(!(0xFFu8 >> extra) | high);
    }
    out.extend_from_slice(&value.to_le_bytes()[..extra]);
}

fn aes_properties(aes: &Aes) -> Vec<u8> {
    // First byte: power, and flags for "has salt" and "has IV"; second: sizes minus one.
    let salt = aes.salt.len() as u8;
    let mut out = vec![aes.power | (u8::from(salt > 0) << 7) | 0x40, (salt.saturating_sub(1) << 4) | 15];
    out.extend_from_slice(&aes.salt);
    out.extend_from_slice(&aes.iv);
    out
}

/// Pack info and one single-coder folder; the CRC goes in the folder (for the encoded header)
/// or in the sub-streams record (for the file), as 7-Zip itself writes them.
fn streams(out: &mut Vec<u8>, s: &Stream, crc_in_folder: bool) {
    out.extend_from_slice(&[PACK_INFO]);
    number(out, s.pack_pos);
    number(out, 1);
    out.push(SIZE);
    number(out, s.pack_size);
    out.extend_from_slice(&[END, UNPACK_INFO, FOLDER]);
    number(out, 1); // folders
    out.push(0); // not external
    number(out, 1); // coders
    out.push(0x20 | AES_ID.len() as u8); // simple coder with properties
    out.extend_from_slice(&AES_ID);
    let properties = aes_properties(&s.aes);
    number(out, properties.len() as u64);
    out.extend_from_slice(&properties);
    out.push(UNPACK_SIZE);
    number(out, s.unpack_size);
    if crc_in_folder {
        out.extend_from_slice(&[CRC, 1]);
        out.extend_from_slice(&s.crc.to_le_bytes());
    }
    out.push(END);
    if !crc_in_folder {
        out.extend_from_slice(&[SUB_STREAMS, CRC, 1]);
        out.extend_from_slice(&s.crc.to_le_bytes());
        out.push(END);
    }
    out.push(END);
}

/// The plain header: the file's stream, its name and modification time (a Windows FILETIME).
pub(super) fn header(data: &Stream, name: &str, filetime: u64) -> Vec<u8> {
    let mut out = vec![HEADER, MAIN_STREAMS];
    streams(&mut out, data, false);
    out.push(FILES);
    number(&mut out, 1);
    let mut utf16: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
    utf16.insert(0, 0); // not external
    out.push(NAME);
    number(&mut out, utf16.len() as u64);
    out.extend_from_slice(&utf16);
    out.push(MTIME);
    number(&mut out, 10);
    out.extend_from_slice(&[1, 0]); // all defined, not external
    out.extend_from_slice(&filetime.to_le_bytes());
    out.extend_from_slice(&[END, END]);
    out
}

/// The record the signature header points to: where the encrypted header is and how to open it.
pub(super) fn encoded_header(header: &Stream) -> Vec<u8> {
    let mut out = vec![ENCODED_HEADER];
    streams(&mut out, header, true);
    out
}

/// The 32-byte signature header.
pub(super) fn signature_header(next_offset: u64, next_size: u64, next_crc: u32) -> [u8; 32] {
    let mut start = [0u8; 20];
    start[..8].copy_from_slice(&next_offset.to_le_bytes());
    start[8..16].copy_from_slice(&next_size.to_le_bytes());
    start[16..].copy_from_slice(&next_crc.to_le_bytes());
    let mut out = [0u8; 32];
    out[..6].copy_from_slice(&SIGNATURE);
    out[6..8].copy_from_slice(&[0, 4]); // format version 0.4
    out[8..12].copy_from_slice(&crc32fast::hash(&start).to_le_bytes());
    out[12..].copy_from_slice(&start);
    out
}

/// Reads a signature header: the next header's offset, size and CRC.
pub(super) fn read_signature_header(bytes: &[u8; 32]) -> Result<(u64, u64, u32), Why> {
    if bytes[..6] != SIGNATURE {
        return Err("it is not a 7z archive");
    }
    if bytes[6] != 0 {
        return Err("it is a 7z archive of a format version Holdfast does not know");
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let crc = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if crc32fast::hash(&bytes[12..]) != crc {
        return Err("the start of the 7z archive is damaged (its check sum does not match)");
    }
    Ok((word(12), word(20), u32::from_le_bytes([bytes[28], bytes[29], bytes[30], bytes[31]])))
}

/// A bounds-checked reader over a header.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

const SHAPE: Why = "it is a 7z archive, but not one Holdfast writes";

impl<'a> Cursor<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], Why> {
        let n = usize::try_from(n).map_err(|_| SHAPE)?;
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or(SHAPE)?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, Why> {
        Ok(self.take(1)?[0])
    }

    fn expect(&mut self, wanted: &[u8]) -> Result<(), Why> {
        if self.take(wanted.len() as u64)? == wanted {
            Ok(())
        } else {
            Err(SHAPE)
        }
    }

    fn number(&mut self) -> Result<u64, Why> {
        let first = self.byte()?;
        let extra = first.leading_ones() as usize;
        let mut bytes = [0u8; 8];
        bytes[..extra].copy_from_slice(self.take(extra as u64)?);
        let low = u64::from_le_bytes(bytes);
        if extra >= 7 {
            return Ok(low);
        }
        let high = u64::from(first & (0x7F >> extra));
        Ok(low | (high << (8 * extra)))
    }

    fn crc(&mut self) -> Result<u32, Why> {
        self.expect(&[CRC, 1])?;
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn done(&self) -> Result<(), Why> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(SHAPE)
        }
    }
}

fn read_aes(properties: &[u8]) -> Result<Aes, Why> {
    let [first, second, rest @ ..] = properties else { return Err(SHAPE) };
    let power = first & 0x3F;
    let salt = usize::from((first >> 7) & 1) + usize::from(second >> 4);
    let iv = usize::from((first >> 6) & 1) + usize::from(second & 15);
    if power > MAX_POWER {
        return Err("its password protection asks for more work than 7-Zip allows");
    }
    if rest.len() != salt + iv || salt > 16 || iv != 16 {
        return Err(SHAPE);
    }
    let mut out = Aes { power, salt: rest[..salt].to_vec(), iv: [0u8; 16] };
    out.iv.copy_from_slice(&rest[salt..]);
    Ok(out)
}

fn read_streams(c: &mut Cursor, crc_in_folder: bool) -> Result<Stream, Why> {
    c.expect(&[PACK_INFO])?;
    let pack_pos = c.number()?;
    if c.number()? != 1 {
        return Err(SHAPE);
    }
    c.expect(&[SIZE])?;
    let pack_size = c.number()?;
    c.expect(&[END, UNPACK_INFO, FOLDER])?;
    if c.number()? != 1 || c.byte()? != 0 || c.number()? != 1 {
        return Err(SHAPE);
    }
    c.expect(&[0x20 | AES_ID.len() as u8])?;
    c.expect(&AES_ID)?;
    let size = c.number()?;
    let aes = read_aes(c.take(size)?)?;
    c.expect(&[UNPACK_SIZE])?;
    let unpack_size = c.number()?;
    let crc = if crc_in_folder { c.crc()? } else { 0 };
    c.expect(&[END])?;
    let crc = if crc_in_folder {
        crc
    } else {
        c.expect(&[SUB_STREAMS])?;
        let crc = c.crc()?;
        c.expect(&[END])?;
        crc
    };
    c.expect(&[END])?;
    Ok(Stream { pack_pos, pack_size, unpack_size, crc, aes })
}

/// Reads the record the signature header points to.
pub(super) fn read_encoded_header(bytes: &[u8]) -> Result<Stream, Why> {
    let mut c = Cursor { bytes, at: 0 };
    if c.byte()? != ENCODED_HEADER {
        return Err("it is a 7z archive whose names are not encrypted, so not a Holdfast bundle");
    }
    let stream = read_streams(&mut c, true)?;
    c.done()?;
    Ok(stream)
}

/// Reads the decrypted header: the file's stream and its name.
pub(super) fn read_header(bytes: &[u8]) -> Result<(Stream, String), Why> {
    let mut c = Cursor { bytes, at: 0 };
    c.expect(&[HEADER, MAIN_STREAMS])?;
    let stream = read_streams(&mut c, false)?;
    c.expect(&[FILES])?;
    if c.number()? != 1 {
        return Err("it is a 7z archive holding more than one file, so not a Holdfast bundle");
    }
    let mut name = None;
    loop {
        let kind = c.byte()?;
        if kind == END {
            break;
        }
        let size = c.number()?;
        let value = c.take(size)?;
        match kind {
            NAME => {
                let [0, utf16 @ .., 0, 0] = value else { return Err(SHAPE) };
                if !utf16.len().is_multiple_of(2) {
                    return Err(SHAPE);
                }
                let units: Vec<u16> = utf16.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
                name = Some(String::from_utf16(&units).map_err(|_| SHAPE)?);
            }
            k if SKIPPED_FILE_PROPERTIES.contains(&k) => {}
            _ => return Err(SHAPE),
        }
    }
    c.expect(&[END])?;
    c.done()?;
    Ok((stream, name.ok_or(SHAPE)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(crc: u32) -> Stream {
        Stream {
            pack_pos: 300,
            pack_size: 1 << 40,
            unpack_size: (1 << 40) - 5,
            crc,
            aes: Aes { power: 19, salt: vec![7; 16], iv: [9; 16] },
        }
    }

    #[test]
    fn numbers_round_trip_at_every_width() {
        for value in [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1F_FFFF, 1 << 40, u64::MAX >> 8, u64::MAX - 1, u64::MAX] {
            let mut out = Vec::new();
            number(&mut out, value);
            let mut c = Cursor { bytes: &out, at: 0 };
            assert_eq!(c.number(), Ok(value), "{value:#x} reads back as written ({out:02x?})");
            assert!(c.done().is_ok(), "and takes exactly the bytes written");
        }
        let mut small = Vec::new();
        number(&mut small, 0x7F);
        assert_eq!(small, [0x7F], "values below 128 take one byte, as 7-Zip writes them");
    }

    #[test]
    fn headers_read_back_as_written() {
        let data = stream(0xDEAD_BEEF);
        let plain = header(&data, "evidence.zip", 42);
        let (read, name) = read_header(&plain).expect("our own header reads back");
        assert_eq!(name, "evidence.zip", "the name reads back");
        assert_eq!(
            (read.pack_pos, read.pack_size, read.unpack_size, read.crc),
            (300, 1 << 40, (1 << 40) - 5, 0xDEAD_BEEF)
        );
        assert!(read.aes == data.aes, "the coder's salt, IV and power read back");
        let encoded = encoded_header(&stream(7));
        assert_eq!(read_encoded_header(&encoded).map(|s| s.crc), Ok(7), "the encoded header reads back");
        for cut in 0..plain.len() {
            assert!(read_header(&plain[..cut]).is_err(), "a header cut to {cut} bytes is refused, never a panic");
        }
    }

    #[test]
    fn a_signature_header_with_a_wrong_check_sum_is_refused() {
        let mut bytes = signature_header(1, 2, 3);
        assert_eq!(read_signature_header(&bytes), Ok((1, 2, 3)), "our own signature header reads back");
        bytes[20] ^= 1;
        assert!(read_signature_header(&bytes).is_err(), "a changed start header fails its CRC");
    }
}
