//! The evidence workspace: covering parts of a picture, the timeline a page at a time,
//! payment warnings, the passphrase meter and check, and backup and restore of a whole vault.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::atomic::Ordering;

use holdfast_core::strength::passphrase_strength;
use holdfast_core::vault::cover::{cover_image, CoverBox};
use holdfast_core::vault::model::{payment_warnings, Happened, ItemKind, Money, PaymentMethod};
use holdfast_core::vault::{restore, Account, Filter, ItemDetails, NewOriginal, Payment, Unlock, Vault};
use holdfast_core::ErrorCode;
use image::{ImageFormat, Rgba, RgbaImage};

use crate::faults::{fail_after, BUDGET, SERIAL};
use crate::support::{files_under, new_vault, snapshot, PASS};

// ---- Covering parts of a picture ----

/// A picture where no pixel is black, so a black pixel can only come from covering.
fn picture(width: u32, height: u32) -> RgbaImage {
    RgbaImage::from_fn(width, height, |x, y| Rgba([(x * 5 % 200) as u8 + 20, (y * 7 % 200) as u8 + 20, 99, 255]))
}

fn encode(picture: &RgbaImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    match format {
        // JPEG has no alpha channel.
        ImageFormat::Jpeg => image::DynamicImage::ImageRgba8(picture.clone()).into_rgb8().write_to(&mut out, format),
        _ => picture.write_to(&mut out, format),
    }
    .expect("encode a test picture");
    out.into_inner()
}

fn decode(bytes: &[u8]) -> RgbaImage {
    image::load_from_memory(bytes).expect("decode a picture").into_rgba8()
}

fn inside(boxes: &[(u32, u32, u32, u32)], x: u32, y: u32) -> bool {
    boxes.iter().any(|&(x0, y0, x1, y1)| x >= x0 && x < x1 && y >= y0 && y < y1)
}

/// Checks every pixel: black inside the (clamped) areas, exactly as before outside them.
fn assert_covered(before: &RgbaImage, after: &RgbaImage, areas: &[(u32, u32, u32, u32)]) {
    assert_eq!(before.dimensions(), after.dimensions(), "covering keeps the picture's size");
    for (x, y, pixel) in after.enumerate_pixels() {
        if inside(areas, x, y) {
            assert_eq!(pixel.0, [0, 0, 0, 255], "pixel ({x}, {y}) is inside an area, so it is opaque black");
        } else {
            assert_eq!(pixel, before.get_pixel(x, y), "pixel ({x}, {y}) is outside every area, so it is unchanged");
        }
    }
}

#[test]
fn covering_blacks_out_exactly_the_boxes_and_cuts_them_to_the_picture() {
    let before = picture(40, 30);
    let boxes = [
        CoverBox { x: 5, y: 5, width: 10, height: 4 },
        // Runs past the right and bottom edges: cut to the picture.
        CoverBox { x: 30, y: 20, width: 100, height: 100 },
        // Huge numbers must not overflow.
        CoverBox { x: 0, y: 29, width: u32::MAX, height: u32::MAX },
    ];
    let covered = cover_image(&encode(&before, ImageFormat::Png), &boxes).expect("cover a PNG");
    assert!(covered.starts_with(b"\x89PNG\r\n\x1a\n"), "the result is a PNG");
    assert_covered(&before, &decode(&covered), &[(5, 5, 15, 9), (30, 20, 40, 30), (0, 29, 40, 30)]);
}

#[test]
fn a_jpeg_is_covered_and_comes_back_as_a_png() {
    let jpeg = encode(&picture(32, 32), ImageFormat::Jpeg);
    let before = decode(&jpeg);
    let covered = cover_image(&jpeg, &[CoverBox { x: 8, y: 8, width: 8, height: 8 }]).expect("cover a JPEG");
    assert!(covered.starts_with(b"\x89PNG\r\n\x1a\n"), "a JPEG comes back as a PNG (no JPEG metadata survives)");
    assert_covered(&before, &decode(&covered), &[(8, 8, 16, 16)]);
}

#[test]
fn a_sideways_jpeg_is_turned_upright_before_the_boxes_are_applied() {
    let jpeg = encode(&picture(20, 10), ImageFormat::Jpeg);
    // An Exif block saying "rotate 90° clockwise to show" (orientation 6), as phones write.
    let mut exif = vec![0xFF, 0xE1, 0x00, 0x22];
    exif.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0");
    assert_eq!(exif.len(), 36, "the Exif block is as long as its length field says (34 + 2)");
    let sideways = [&jpeg[..2], &exif[..], &jpeg[2..]].concat();
    let covered = cover_image(&sideways, &[CoverBox { x: 0, y: 0, width: 4, height: 4 }]).expect("cover");
    let shown = decode(&covered);
    assert_eq!(shown.dimensions(), (10, 20), "the picture is stored upright, as it is shown");
    assert_eq!(shown.get_pixel(1, 1).0, [0, 0, 0, 255], "the box is where it was drawn on the upright picture");
    assert_ne!(shown.get_pixel(9, 19).0, [0, 0, 0, 255], "and nowhere else");
}

#[test]
fn covering_refuses_what_would_cover_nothing_and_pictures_it_cannot_read() {
    let png = encode(&picture(20, 10), ImageFormat::Png);
    let cases: [(&str, &[u8], Vec<CoverBox>); 5] = [
        ("no areas", &png, vec![]),
        ("an area of no width", &png, vec![CoverBox { x: 1, y: 1, width: 0, height: 5 }]),
        ("an area wholly to the right", &png, vec![CoverBox { x: 20, y: 0, width: 5, height: 5 }]),
        ("an area wholly below", &png, vec![CoverBox { x: 0, y: 10, width: 5, height: 5 }]),
        ("bytes that are not a picture", b"not a picture at all", vec![CoverBox { x: 0, y: 0, width: 5, height: 5 }]),
    ];
    for (what, bytes, boxes) in cases {
        let err = cover_image(bytes, &boxes).expect_err(what);
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{what} is refused as invalid input: {err}");
    }
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    let err = cover_image(gif, &[CoverBox { x: 0, y: 0, width: 1, height: 1 }]).expect_err("a GIF");
    assert!(err.to_string().contains("could not be read"), "an unsupported picture says it could not be read: {err}");
    let valid_then_outside =
        [CoverBox { x: 0, y: 0, width: 2, height: 2 }, CoverBox { x: 50, y: 50, width: 2, height: 2 }];
    let err = cover_image(&png, &valid_then_outside).expect_err("one area outside");
    assert!(err.to_string().contains("area 2"), "the message names the area that is wrong: {err}");
}

#[test]
fn a_covered_picture_is_stored_as_a_png_marked_covered_and_reads_back_black_where_covered() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let before = picture(24, 16);
    let new = NewOriginal {
        kind: ItemKind::Screenshot,
        original_name: Some("chat.jpg".into()),
        details: ItemDetails { note: Some("the chat, image covered".into()), ..Default::default() },
        ..NewOriginal::file()
    };
    let boxes = [CoverBox { x: 2, y: 3, width: 6, height: 5 }];
    let id = vault.add_covered(&encode(&before, ImageFormat::Png), &boxes, new).expect("add a covered picture");
    let item = vault.item(id).expect("item");
    assert!(item.covered, "the item is marked covered");
    assert!(!item.intimate, "a covered picture is not marked intimate");
    assert_eq!(item.media_type, "image/png", "it is stored as a PNG");
    assert_eq!(item.original_name.as_deref(), Some("chat.png"), "its name now ends in .png");
    let mut stored = Vec::new();
    vault.read_original(id, &mut stored).expect("read the stored picture");
    assert_covered(&before, &decode(&stored), &[(2, 3, 8, 8)]);
    let last = vault.log().expect("log").pop().expect("an entry");
    assert!(
        last.body.contains("\"add item\"") && last.body.contains("\"covered\":true"),
        "the add is logged as covered: {}",
        last.body
    );
}

#[test]
fn a_covered_picture_marked_intimate_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let new = NewOriginal { intimate: true, ..NewOriginal::file() };
    let png = encode(&picture(8, 8), ImageFormat::Png);
    let err = vault.add_covered(&png, &[CoverBox { x: 0, y: 0, width: 4, height: 4 }], new).expect_err("intimate");
    assert_eq!(err.code(), ErrorCode::Refused, "covering and 'intimate' do not go together: {err}");
    assert!(vault.items().expect("items").is_empty(), "nothing was stored");
    assert!(files_under(&dir.path().join("blobs")).is_empty(), "no evidence file was written");
}

// ---- The timeline, a page at a time ----

/// How many messages the paging test stores. On the 2-core build machine 10,000 `add_text`
/// calls (one durable commit each) took about 7.5 s and all the paging below about 5 s, so the
/// full figure is used.
const MANY: usize = 10_000;

fn at(minutes: usize) -> Happened {
    // Three messages share each minute, so the order must break ties the same way every time.
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00+00:00").expect("base time")
        + chrono::Duration::minutes((minutes / 3) as i64);
    Happened::parse(&t.to_rfc3339(), None).expect("time")
}

#[test]
fn ten_thousand_items_page_in_one_stable_order_with_no_gaps_or_repeats() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    for i in 0..MANY {
        let kind = if i % 10 == 0 { ItemKind::Note } else { ItemKind::Message };
        let text = if i % 7 == 0 { format!("message {i} with the needle word") } else { format!("message {i}") };
        let platform = if i % 2 == 0 { "Instagram" } else { "Snapchat" };
        let details =
            ItemDetails { happened: Some(at(MANY - i)), platform: Some(platform.into()), ..Default::default() };
        vault.add_text(kind, &text, details).expect("add a message");
    }
    for paid in [false, true, false] {
        let payment = Payment {
            id: 0,
            kind: if paid { "payment" } else { "demand" }.into(),
            money: Money::parse("250", "GBP").expect("money"),
            method: PaymentMethod::GiftCard,
            destination: "X7KP-9QRT-2MZW-44LD".into(),
            deadline: None,
            paid,
            reference: None,
            happened: Some(at(MANY / 2)),
            account: None,
        };
        vault.add_payment(&payment).expect("add a payment");
    }
    let everything = Filter::default();
    let whole: Vec<(&str, i64)> =
        vault.timeline(&everything).expect("timeline").iter().map(|e| (e.source, e.id)).collect();
    assert_eq!(whole.len(), MANY + 3, "the unpaged timeline holds every item and payment");

    for limit in [500, 137] {
        let mut paged = Vec::new();
        let mut offset = 0;
        loop {
            let page = vault.timeline_page(&everything, offset, limit).expect("a page");
            assert_eq!(page.total, MANY + 3, "every page reports the same total");
            assert_eq!(page.offset, offset, "the page says where it starts");
            if page.entries.is_empty() {
                break;
            }
            assert!(page.entries.len() <= limit, "a page never holds more than asked for");
            offset += page.entries.len();
            paged.extend(page.entries.iter().map(|e| (e.source, e.id)));
        }
        assert_eq!(paged, whole, "pages of {limit}, read in turn, give exactly the timeline: no gaps, no repeats");
    }
    let again: Vec<(&str, i64)> =
        vault.timeline_page(&everything, 1234, 100).expect("page").entries.iter().map(|e| (e.source, e.id)).collect();
    assert_eq!(again, whole[1234..1334], "the same page asked again is the same");

    let notes =
        vault.timeline_page(&Filter { kind: Some("note".into()), ..Default::default() }, 0, 500).expect("notes");
    assert_eq!(notes.total, MANY / 10, "the kind filter counts only notes");
    assert!(notes.entries.iter().all(|e| e.kind == "note"), "and lists only notes");
    let demands =
        vault.timeline_page(&Filter { kind: Some("demand".into()), ..Default::default() }, 0, 10).expect("demands");
    assert_eq!(demands.total, 2, "'demand' narrows to payment demands");
    let paid =
        vault.timeline_page(&Filter { kind: Some("Payment".into()), ..Default::default() }, 0, 10).expect("paid");
    assert_eq!(paid.total, 1, "'payment' narrows to payments made, whatever its case");

    let needle = Filter { text: Some("NEEDLE".into()), platform: Some("instagram".into()), ..Default::default() };
    let expected: Vec<i64> = vault.timeline(&needle).expect("search").iter().map(|e| e.id).collect();
    // Every 7th is a needle; of those, the even ones are on Instagram: every 14th.
    assert_eq!(expected.len(), MANY.div_ceil(14), "the search and platform filter combine");
    let mut found = Vec::new();
    let mut offset = 0;
    loop {
        let page = vault.timeline_page(&needle, offset, 50).expect("search page");
        assert_eq!(page.total, expected.len(), "the total counts only matches");
        if page.entries.is_empty() {
            break;
        }
        offset += page.entries.len();
        found.extend(page.entries.iter().map(|e| e.id));
    }
    assert_eq!(found, expected, "a search read page by page gives every match once, in order");
}

#[test]
fn page_limits_are_kept_between_1_and_500_and_a_page_past_the_end_is_empty() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    for i in 0..520 {
        vault.add_text(ItemKind::Note, &format!("note {i}"), ItemDetails::default()).expect("add");
    }
    let all = Filter::default();
    assert_eq!(vault.timeline_page(&all, 0, 0).expect("limit 0").entries.len(), 1, "a limit of 0 gives one entry");
    assert_eq!(vault.timeline_page(&all, 0, 100_000).expect("huge").entries.len(), 500, "at most 500 on a page");
    assert_eq!(vault.timeline_page(&all, 0, usize::MAX).expect("max").entries.len(), 500, "even for usize::MAX");
    let past = vault.timeline_page(&all, usize::MAX, 10).expect("past the end");
    assert!(past.entries.is_empty(), "an offset past the end gives an empty page");
    assert_eq!(past.total, 520, "with the right total");
    let err = vault.timeline_page(&Filter { kind: Some("sticker".into()), ..Default::default() }, 0, 10);
    assert_eq!(
        err.expect_err("unknown kind").code(),
        ErrorCode::InvalidInput,
        "an unknown kind is invalid input, not an empty list"
    );
}

#[test]
fn platforms_lists_each_platform_once_sorted_without_regard_to_case() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let account = Account { platform: "snapchat".into(), handle: "villain_01".into(), ..Default::default() };
    vault.add_account(&account).expect("account");
    for platform in ["Instagram", "instagram", "Discord"] {
        let details = ItemDetails { platform: Some(platform.into()), ..Default::default() };
        vault.add_text(ItemKind::Message, "pay now", details).expect("add");
    }
    let moved =
        vault.add_text(ItemKind::Message, "moved", ItemDetails { platform: Some("Kik".into()), ..Default::default() });
    let moved = moved.expect("add");
    vault.edit_item(moved, ItemDetails { platform: Some("WhatsApp".into()), ..Default::default() }).expect("edit");
    vault.add_text(ItemKind::Note, "no platform", ItemDetails::default()).expect("add");
    assert_eq!(
        vault.platforms().expect("platforms"),
        ["Discord", "Instagram", "snapchat", "WhatsApp"],
        "each platform once, ignoring case; an item's earlier platform (Kik) is not offered, as no filter would match it"
    );
}

// ---- Payment warnings ----

fn gbp(amount: &str) -> Money {
    Money::parse(amount, "GBP").expect("money")
}

#[test]
fn real_shaped_wallet_addresses_raise_no_warning() {
    let addresses = [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "BTC"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "BTC"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "BTC"),
        ("BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", "BTC"),
        ("0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe", "ETH"),
        ("0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe", "USDT"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "USDT"),
        ("LcHKx9u9Y6PYsvy3HAqh3TWJXyK9vZbGXK", "LTC"),
        ("  1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n", "BTC"),
    ];
    for (address, currency) in addresses {
        let money = Money::parse("0.05", currency).expect("money");
        let warnings = payment_warnings(PaymentMethod::Crypto, address, &money);
        assert!(
            warnings.is_empty(),
            "{address:?} ({currency}) is shaped right (spaces at the ends are trimmed): {warnings:?}"
        );
    }
}

#[test]
fn wallet_addresses_that_look_wrong_are_warned_about() {
    let btc = Money::parse("0.05", "BTC").expect("money");
    let cases = [
        ("bc1qar0srrr7xfkvy5l643lydnw9 re59gtzzwf5mdq", "space or line break", "a space inside"),
        ("1A1zP1eP5QGefi2DMPTfTL5SL\nmv7DivfNa", "space or line break", "a line break inside"),
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a", "does not look like", "a 0, which base58 never uses"),
        ("1A1zP1eP5QGefi2", "does not look like", "an address cut short"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdb", "does not look like", "a 'b', outside the bech32 set"),
        ("Bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "does not look like", "mixed case bech32"),
        ("0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BA", "does not look like", "39 hex digits"),
        ("send it to my paypal", "does not look like", "words"),
        ("0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe", "Bitcoin (BTC)", "an Ethereum address for BTC"),
    ];
    for (address, says, why) in cases {
        let warnings = payment_warnings(PaymentMethod::Crypto, address, &btc);
        assert!(
            warnings.iter().any(|w| w.english().contains(says)),
            "{why} ({address:?}) warns '{says}': {warnings:?}"
        );
    }
    let eth = Money::parse("1", "ETH").expect("money");
    let warnings = payment_warnings(PaymentMethod::Crypto, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", &eth);
    assert!(warnings.iter().any(|w| w.english().contains("(ETH)")), "a Bitcoin address for ETH warns: {warnings:?}");
}

#[test]
fn amounts_of_zero_or_over_a_million_are_warned_about_and_bank_details_are_left_alone() {
    let bank = PaymentMethod::BankTransfer;
    assert!(
        payment_warnings(bank, "GB29 NWBK 6016 1331 9268 19", &gbp("500")).is_empty(),
        "bank details are not judged"
    );
    assert!(payment_warnings(bank, "x", &gbp("1000000")).is_empty(), "exactly 1,000,000 is not warned about");
    let zero = payment_warnings(bank, "12-34-56 12345678", &gbp("0.00"));
    assert_eq!(zero.len(), 1, "an amount of zero warns once: {zero:?}");
    assert!(zero[0].english().contains("is 0"), "saying the amount is 0: {zero:?}");
    let huge = payment_warnings(PaymentMethod::MoneyTransfer, "1234567890", &gbp("1000000.01"));
    assert!(huge.iter().any(|w| w.english().contains("more than 1,000,000")), "over 1,000,000 warns: {huge:?}");
    let both = payment_warnings(PaymentMethod::Crypto, "not-an-address", &Money::parse("0", "BTC").expect("money"));
    assert_eq!(both.len(), 2, "a bad address and a zero amount are both mentioned: {both:?}");
}

#[test]
fn a_gift_card_name_instead_of_its_code_is_warned_about() {
    let name_only = payment_warnings(PaymentMethod::GiftCard, "Steam", &gbp("100"));
    assert!(name_only.iter().any(|w| w.english().contains("gift card code")), "'Steam' is not a code: {name_only:?}");
    let code = payment_warnings(PaymentMethod::GiftCard, "X7KP-9QRT-2MZW", &gbp("100"));
    assert!(code.is_empty(), "a code of 12 letters and digits passes: {code:?}");
}

// ---- The passphrase meter and check ----

#[test]
fn the_meter_calls_password_weak_and_five_unrelated_words_strong() {
    let weak = passphrase_strength("password");
    assert!(weak.score <= 1, "'password' is among the first guesses (score {})", weak.score);
    assert!(!weak.enough, "so it is not enough");
    assert!(weak.warning.is_some(), "and the meter says why");
    let strong = passphrase_strength("correct horse battery staple orbit");
    assert!(strong.score >= 3, "five words score at least 3 (score {})", strong.score);
    assert!(strong.enough, "so they are enough");
    let empty = passphrase_strength("");
    assert_eq!((empty.score, empty.enough), (0, false), "an empty passphrase scores 0 and is not enough");
    let short = passphrase_strength("Zq8#kW2");
    assert!(!short.enough, "7 characters are never enough, whatever the score ({})", short.score);
}

#[test]
fn the_meters_advice_is_in_holdfasts_own_words() {
    let catalogue = holdfast_core::i18n::catalogue(holdfast_core::i18n::DEFAULT_LOCALE).expect("catalogue");
    for key in holdfast_core::strength::KEYS {
        assert!(catalogue.messages.contains_key(*key), "the interface's words have '{key}'");
    }
    let mut given = std::collections::BTreeSet::new();
    for weak in
        ["password", "qwertyuiop", "aaaaaaaaaa", "abcdefghij", "1987", "Password1", "drowssap", "p4ssw0rd", "smith"]
    {
        let s = passphrase_strength(weak);
        assert!(s.warning.is_some() || !s.suggestions.is_empty(), "'{weak}' gets advice");
        for key in s.warning.iter().chain(&s.suggestions) {
            assert!(holdfast_core::strength::KEYS.contains(key), "'{weak}' gives a known key, not '{key}'");
            given.insert(*key);
        }
        let unique: std::collections::BTreeSet<_> = s.suggestions.iter().collect();
        assert_eq!(unique.len(), s.suggestions.len(), "no tip twice for '{weak}'");
    }
    assert!(given.len() >= 6, "the sample meets several kinds of advice: {given:?}");
}

#[test]
fn a_very_long_passphrase_is_judged_by_its_first_256_characters() {
    // Varied text (not one repeated letter, which zxcvbn would see as a single repeat quickly).
    let long: String = (0..100_000u32).map(|i| char::from(b'!' + ((i * 7919 + i / 13) % 90) as u8)).collect();
    let head: String = long.chars().take(256).collect();
    let (all, first) = (passphrase_strength(&long), passphrase_strength(&head));
    assert_eq!(all.score, first.score, "only the first 256 characters are judged (so a pasted essay is instant)");
    assert_eq!(all.warning, first.warning, "the same warning as for the first 256 characters");
    assert!(all.enough, "a long random passphrase is enough");
}

#[test]
fn checking_the_passphrase_accepts_the_current_one_only_and_logs_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(dir.path());
    let entries = vault.log().expect("log").len();
    vault.check_passphrase(PASS).expect("the current passphrase is right");
    let wrong = vault.check_passphrase(b"not the passphrase").expect_err("wrong");
    assert_eq!(wrong.code(), ErrorCode::WrongPassphrase, "a wrong one has the same code as when unlocking");
    assert_eq!(vault.log().expect("log").len(), entries, "checking leaves no log entry");
    vault.change_passphrase(b"a brand new passphrase").expect("change");
    vault.check_passphrase(b"a brand new passphrase").expect("the new passphrase is now right");
    assert_eq!(
        vault.check_passphrase(PASS).expect_err("old").code(),
        ErrorCode::WrongPassphrase,
        "the old passphrase no longer passes"
    );
}

// ---- Backup and restore ----

/// A vault holding items (text, files, a covered picture), an account, payments and a log.
fn filled_vault(dir: &Path) -> (Vault, String) {
    let (mut vault, recovery) = new_vault(dir);
    let account = Account { platform: "Instagram".into(), handle: "villain_01".into(), ..Default::default() };
    let account = vault.add_account(&account).expect("account");
    let details = ItemDetails { platform: Some("Instagram".into()), accounts: vec![account], ..Default::default() };
    vault.add_text(ItemKind::Message, "Pay or I send it to everyone", details).expect("message");
    vault.add_original(&mut &b"first original"[..], NewOriginal::file()).expect("file");
    let big: Vec<u8> = (0..200_000u32).map(|i| (i * 31 % 251) as u8).collect();
    vault.add_original(&mut big.as_slice(), NewOriginal::file()).expect("a larger file");
    let png = encode(&picture(16, 16), ImageFormat::Png);
    vault.add_covered(&png, &[CoverBox { x: 0, y: 0, width: 8, height: 8 }], NewOriginal::file()).expect("covered");
    let payment = Payment {
        id: 0,
        kind: "demand".into(),
        money: Money::parse("0.05", "BTC").expect("money"),
        method: PaymentMethod::Crypto,
        destination: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into(),
        deadline: None,
        paid: false,
        reference: None,
        happened: None,
        account: Some(account),
    };
    vault.add_payment(&payment).expect("payment");
    (vault, recovery)
}

fn originals(vault: &Vault) -> Vec<Vec<u8>> {
    vault
        .items()
        .expect("items")
        .iter()
        .map(|i| {
            let mut out = Vec::new();
            vault.read_original(i.id, &mut out).expect("read an original");
            out
        })
        .collect()
}

fn zip_names(path: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open backup")).expect("a ZIP");
    zip.file_names().map(|n| n.expect("a readable name").into_owned()).collect()
}

fn entry_bytes(path: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open backup")).expect("a ZIP");
    let mut out = Vec::new();
    zip.by_name(name).expect("entry").read_to_end(&mut out).expect("read entry");
    out
}

#[test]
fn a_backup_restores_to_a_vault_that_opens_with_the_passphrase_and_the_recovery_key() {
    let root = tempfile::tempdir().expect("temp");
    let (mut vault, recovery) = filled_vault(&root.path().join("vault"));
    // The last write is still in the write-ahead log when the backup is taken.
    let last = vault.add_text(ItemKind::Note, "written just before the backup", ItemDetails::default()).expect("note");
    let out = root.path().join("backup.holdfast");
    let summary = vault.backup(&out).expect("back up");

    let bytes = std::fs::read(&out).expect("read the backup");
    assert_eq!(summary.path, out, "the summary names the file");
    assert_eq!(summary.bytes, bytes.len() as u64, "the summary gives the file's size");
    assert_eq!(summary.sha256, holdfast_core::vault::sha256_hex(&bytes), "and its SHA-256");
    assert_eq!(summary.items, 5, "and the item count");
    let logged = vault.log().expect("log").pop().expect("an entry");
    assert!(
        logged.body.contains("\"backup\"") && logged.body.contains(&summary.sha256),
        "the backup is logged with its SHA-256: {}",
        logged.body
    );
    let names = zip_names(&out);
    assert!(
        names.iter().all(|n| !n.starts_with('/') && !n.contains("..") && !n.contains('\\')),
        "plain names: {names:?}"
    );
    assert_eq!(names.first().map(String::as_str), Some("vault.json"), "the header comes first");
    assert_eq!(names.last().map(String::as_str), Some("holdfast-backup.json"), "the manifest comes last");
    assert_eq!(names.iter().filter(|n| n.starts_with("blobs/")).count(), 3, "one entry per stored original");
    let db = entry_bytes(&out, "vault.db");
    assert_ne!(db.get(..16), Some(&b"SQLite format 3\0"[..]), "the database copy is still encrypted");
    assert!(!db.windows(12).any(|w| w == b"Pay or I sen"), "no message text is readable in the copy");
    let manifest: serde_json::Value = serde_json::from_slice(&entry_bytes(&out, "holdfast-backup.json")).expect("json");
    assert_eq!(manifest["format"], "holdfast-backup", "the manifest names its format");
    assert_eq!(manifest["files"].as_array().map(Vec::len), Some(names.len() - 1), "it lists every other entry");

    let (items, accounts, payments, log, kept) = (
        vault.items().expect("items"),
        vault.accounts().expect("a"),
        vault.payments().expect("p"),
        vault.log().expect("l"),
        originals(&vault),
    );
    drop(vault);
    let leftovers: Vec<_> =
        files_under(root.path()).into_iter().filter(|p| !p.starts_with(root.path().join("vault"))).collect();
    assert_eq!(leftovers, std::slice::from_ref(&out), "no temporary copy of the database is left beside the backup");

    let dest = root.path().join("restored");
    let restored = restore(&out, &dest).expect("restore");
    assert_eq!(restored.dir, dest, "the summary names the folder");
    assert_eq!(restored.files, names.len() - 1, "every file but the manifest is restored");
    let back = Vault::open(&dest, Unlock::Passphrase(PASS)).expect("the restored vault opens with the passphrase");
    assert_eq!(back.items().expect("items"), items, "every item is back, with its details");
    assert!(back.item(last).is_ok(), "the write still in the write-ahead log at backup time is in the copy");
    assert_eq!(back.accounts().expect("accounts"), accounts, "every account is back");
    assert_eq!(back.payments().expect("payments"), payments, "every payment is back");
    assert_eq!(back.log().expect("log")[..log.len() - 1], log[..log.len() - 1], "the log is back, up to the backup");
    assert_eq!(originals(&back), kept, "every original reads back byte for byte");
    let report = back.check().expect("check");
    assert!(report.is_intact(), "the restored vault is intact: {:?}", report.problems);
    drop(back);
    assert!(Vault::open(&dest, Unlock::RecoveryKey(&recovery)).is_ok(), "the recovery key opens it too");
    assert!(
        !std::fs::read_dir(&dest)
            .expect("list")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".holdfast-restore")),
        "no staging folder is left behind"
    );
}

#[test]
fn a_backup_never_writes_over_an_existing_file() {
    let root = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&root.path().join("vault"));
    let out = root.path().join("precious.txt");
    std::fs::write(&out, b"something that must survive").expect("write");
    let entries = vault.log().expect("log").len();
    let err = vault.backup(&out).expect_err("the file exists");
    assert_eq!(err.code(), ErrorCode::Refused, "writing over a file is refused: {err}");
    assert_eq!(std::fs::read(&out).expect("read"), b"something that must survive", "the file is untouched");
    assert_eq!(vault.log().expect("log").len(), entries, "nothing is logged");
}

#[test]
fn a_restore_refuses_a_folder_that_holds_a_vault_or_anything_else() {
    let root = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&root.path().join("vault"));
    let out = root.path().join("backup.holdfast");
    vault.backup(&out).expect("back up");

    let other = root.path().join("other");
    let (other_vault, _) = new_vault(&other);
    drop(other_vault);
    let before = snapshot(&other);
    let err = restore(&out, &other).expect_err("a vault is there");
    assert_eq!(err.code(), ErrorCode::NotAVault, "a folder holding a vault is refused: {err}");
    assert!(err.to_string().contains("already holds a Holdfast vault"), "saying so: {err}");
    assert_eq!(snapshot(&other), before, "the vault there is untouched");

    let busy = root.path().join("busy");
    std::fs::create_dir(&busy).expect("mkdir");
    std::fs::write(busy.join("holiday.jpg"), b"photo").expect("write");
    let err = restore(&out, &busy).expect_err("not empty");
    assert_eq!(err.code(), ErrorCode::Refused, "a folder with other files is refused: {err}");
    assert_eq!(snapshot(&busy).len(), 1, "and keeps only what it had");

    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    restore(&out, &empty).expect("an existing empty folder is fine");
    assert!(Vault::open(&empty, Unlock::Passphrase(PASS)).is_ok(), "and the vault opens there");
}

/// What [`rewrite`] does to each entry: drop it (`None`), or give its name and bytes.
type Change<'a> = dyn Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)> + 'a;

/// A broken backup: what is wrong, how to make it, entries to add, and what the error must say.
type Case<'a> = (&'a str, Box<Change<'a>>, Vec<(&'a str, &'a [u8])>, &'a str);

/// Rewrites a ZIP entry by entry; `change` may drop (None), rename or replace each entry's
/// bytes, and `extra` entries are added at the end.
fn rewrite(
    from: &Path,
    to: &Path,
    change: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
    extra: &[(&str, &[u8])],
) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).expect("open")).expect("a ZIP");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        if let Some((name, bytes)) = change(&name, bytes) {
            out.start_file(name, options).expect("start");
            out.write_all(&bytes).expect("write");
        }
    }
    for (name, bytes) in extra {
        out.start_file(*name, options).expect("start");
        out.write_all(bytes).expect("write");
    }
    out.finish().expect("finish");
}

/// Restores `backup` into a missing and into an empty folder; both must fail as damage and
/// leave the folder as it was. Returns the error's message.
fn assert_refused_as_damaged(backup: &Path, what: &str) -> String {
    let root = tempfile::tempdir().expect("temp");
    let missing = root.path().join("missing");
    let err = restore(backup, &missing).expect_err(what);
    assert_eq!(err.code(), ErrorCode::Integrity, "{what} is damage: {err}");
    assert!(!missing.exists(), "{what}: a folder the restore made is removed again");
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let again = restore(backup, &empty).expect_err(what);
    assert_eq!(again.code(), ErrorCode::Integrity, "{what} is damage into an empty folder too: {again}");
    assert_eq!(std::fs::read_dir(&empty).expect("list").count(), 0, "{what}: the empty folder stays empty");
    assert_eq!(files_under(root.path()).len(), 0, "{what}: nothing is written anywhere");
    err.to_string()
}

fn backed_up(root: &Path) -> std::path::PathBuf {
    let (mut vault, _) = filled_vault(&root.join("vault"));
    let out = root.join("backup.holdfast");
    vault.backup(&out).expect("back up");
    out
}

#[test]
fn a_flipped_byte_in_any_entry_is_caught_before_anything_is_restored() {
    let root = tempfile::tempdir().expect("temp");
    let out = backed_up(root.path());
    let original = std::fs::read(&out).expect("read");
    let mut zip = zip::ZipArchive::new(Cursor::new(original.clone())).expect("a ZIP");
    let mut spots = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).expect("entry");
        let start = entry.data_start().expect("the data's offset is known once the entry is opened");
        spots.push((String::from_utf8_lossy(entry.name_raw()).into_owned(), start + entry.size() / 2));
    }
    assert!(spots.len() >= 6, "the header, the database, three blobs and the manifest: {spots:?}");
    for (name, spot) in spots {
        let mut bytes = original.clone();
        bytes[spot as usize] ^= 0x01;
        let damaged = root.path().join("damaged.holdfast");
        std::fs::write(&damaged, &bytes).expect("write");
        assert_refused_as_damaged(&damaged, &format!("a flipped byte in {name}"));
    }
}

#[test]
fn a_missing_or_extra_entry_is_caught_and_named() {
    let root = tempfile::tempdir().expect("temp");
    let out = backed_up(root.path());
    let blob = zip_names(&out).into_iter().find(|n| n.starts_with("blobs/")).expect("a blob entry");
    let cases: [Case<'_>; 4] = [
        ("a missing blob", Box::new(|n: &str, b| (n != blob).then(|| (n.to_string(), b))), vec![], "is missing"),
        (
            "a missing database",
            Box::new(|n: &str, b| (n != "vault.db").then(|| (n.to_string(), b))),
            vec![],
            "vault.db is missing",
        ),
        (
            "an extra blob",
            Box::new(|n: &str, b| Some((n.to_string(), b))),
            vec![("blobs/0123456789abcdef0123456789abcdef.age", b"age?")],
            "does not name",
        ),
        (
            "an extra file",
            Box::new(|n: &str, b| Some((n.to_string(), b))),
            vec![("notes.txt", b"hello")],
            "never puts in a backup",
        ),
    ];
    for (what, change, extra, says) in cases {
        let bad = root.path().join("bad.holdfast");
        let _ = std::fs::remove_file(&bad);
        rewrite(&out, &bad, change, &extra);
        let message = assert_refused_as_damaged(&bad, what);
        assert!(message.contains(says), "{what}: the message says '{says}': {message}");
    }
}

#[test]
fn an_entry_named_to_climb_out_of_the_folder_is_refused_and_nothing_lands_outside() {
    let root = tempfile::tempdir().expect("temp");
    let out = backed_up(root.path());
    for evil in ["../evil.txt", "blobs/../../evil.txt", "/tmp/evil.txt"] {
        let bad = root.path().join("evil.holdfast");
        let _ = std::fs::remove_file(&bad);
        rewrite(&out, &bad, |n, b| Some((n.to_string(), b)), &[(evil, b"gotcha")]);
        let message = assert_refused_as_damaged(&bad, evil);
        assert!(message.contains("outside the vault folder"), "{evil}: the message says why: {message}");
        assert!(!root.path().join("evil.txt").exists(), "{evil}: nothing is written outside");
    }
    // Also with the manifest agreeing: the name itself is refused, not only its absence there.
    let bad = root.path().join("evil-listed.holdfast");
    rewrite(
        &out,
        &bad,
        |n, b| {
            if n == "holdfast-backup.json" {
                let text = String::from_utf8(b).expect("utf-8");
                let listed = text.replacen(
                    "\"files\": [",
                    "\"files\": [\n{\"path\": \"../evil.txt\", \"size\": 6, \"sha256\": \"x\"},",
                    1,
                );
                Some((n.to_string(), listed.into_bytes()))
            } else {
                Some((n.to_string(), b))
            }
        },
        &[("../evil.txt", b"gotcha")],
    );
    assert_refused_as_damaged(&bad, "a listed '..' name");
}

#[test]
fn a_backup_cut_short_is_caught() {
    let root = tempfile::tempdir().expect("temp");
    let out = backed_up(root.path());
    let bytes = std::fs::read(&out).expect("read");
    for keep in [bytes.len() / 2, bytes.len() - 30, 100, 0] {
        let cut = root.path().join("cut.holdfast");
        std::fs::write(&cut, &bytes[..keep]).expect("write");
        assert_refused_as_damaged(&cut, &format!("a backup cut to {keep} bytes"));
    }
}

#[test]
fn a_backup_whose_writes_fail_leaves_no_file_and_an_unchanged_vault() {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let root = tempfile::tempdir().expect("temp");
    let (mut vault, _) = filled_vault(&root.path().join("vault"));
    let first = vault.backup(&root.path().join("first.holdfast")).expect("a first backup, to learn the size");
    let log = vault.log().expect("log");
    let out = root.path().join("out").join("backup.holdfast");
    std::fs::create_dir(root.path().join("out")).expect("mkdir");
    vault.set_write_hook(Some(fail_after));
    let budgets = [0, 1, 100, 4_000, first.bytes / 4, first.bytes / 2, first.bytes * 9 / 10];
    let mut failures = 0;
    for budget in budgets {
        BUDGET.store(budget, Ordering::SeqCst);
        let err = vault.backup(&out).expect_err("the writer fails");
        failures += 1;
        assert_eq!(err.code(), ErrorCode::Storage, "a failed write is a storage error: {err}");
        assert!(files_under(&root.path().join("out")).is_empty(), "after a failure at {budget} bytes no file is left");
        assert_eq!(vault.log().expect("log"), log, "and nothing is logged");
    }
    assert_eq!(failures, budgets.len(), "every budget failed");
    BUDGET.store(u64::MAX, Ordering::SeqCst);
    vault.set_write_hook(None);
    let report = vault.check().expect("check");
    assert!(report.is_intact(), "the vault is intact after every failed backup: {:?}", report.problems);
    vault.backup(&out).expect("with a working disk the backup is written");
    assert!(out.exists(), "the backup is there");
}

#[test]
fn an_imported_file_is_removed_only_while_it_still_matches_what_was_stored() {
    let root = tempfile::tempdir().expect("temp");
    let (mut vault, _) = new_vault(&root.path().join("vault"));
    let file = root.path().join("chat.txt");
    std::fs::write(&file, b"the threat, as saved").expect("write");
    let id = vault.add_file(&file, NewOriginal::file()).expect("import");
    std::fs::write(&file, b"the threat, changed since").expect("change the file");
    let refused = vault.remove_imported_file(&file, id).expect_err("a changed file is not the evidence");
    assert_eq!(refused.code(), ErrorCode::Refused, "refused, not failed: {refused}");
    assert!(file.exists(), "a file that no longer matches is left where it is");
    std::fs::write(&file, b"the threat, as saved").expect("put it back");
    vault.remove_imported_file(&file, id).expect("the matching original is removed");
    assert!(!file.exists(), "the original is gone from its folder");
    let mut kept = Vec::new();
    vault.read_original(id, &mut kept).expect("read");
    assert_eq!(kept, b"the threat, as saved", "and the vault's copy is intact");
}
