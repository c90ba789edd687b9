//! Bundles with a password, and stopping "Check a bundle" (issue 12): the app writes a password
//! bundle as a 7z archive, checks it with the password, and a slow check can be stopped.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use serde_json::json;

use crate::harness::{ok, Desktop};

const WORDS: &str = "lantern orbit thistle copper";

/// A ZIP whose one stored entry declares 16 GiB of zeros (a sparse file, so it costs no disk):
/// well formed and strictly tiled, it takes the verifier a long time to hash.
fn slow_zip(path: &Path) {
    const SIZE: u64 = 16 << 30;
    let name = b"exhibits/long.bin";
    let mut file = std::fs::File::create(path).expect("create");
    let zip64_local =
        [&1u16.to_le_bytes()[..], &16u16.to_le_bytes(), &SIZE.to_le_bytes(), &SIZE.to_le_bytes()].concat();
    let mut local = Vec::new();
    local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    local.extend_from_slice(&45u16.to_le_bytes()); // version needed
    local.extend_from_slice(&0u16.to_le_bytes()); // flags
    local.extend_from_slice(&0u16.to_le_bytes()); // stored
    local.extend_from_slice(&[0, 0, 0x21, 0]); // time, date (1980-01-01)
    local.extend_from_slice(&0u32.to_le_bytes()); // CRC (wrong for 16 GiB of zeros; never reached)
    local.extend_from_slice(&u32::MAX.to_le_bytes());
    local.extend_from_slice(&u32::MAX.to_le_bytes());
    local.extend_from_slice(&(name.len() as u16).to_le_bytes());
    local.extend_from_slice(&(zip64_local.len() as u16).to_le_bytes());
    local.extend_from_slice(name);
    local.extend_from_slice(&zip64_local);
    file.write_all(&local).expect("local header");
    let central_at = local.len() as u64 + SIZE;
    file.seek(SeekFrom::Start(central_at)).expect("skip the data (sparse)");
    let zip64_central =
        [&1u16.to_le_bytes()[..], &24u16.to_le_bytes(), &SIZE.to_le_bytes(), &SIZE.to_le_bytes(), &0u64.to_le_bytes()]
            .concat();
    let mut central = Vec::new();
    central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    central.extend_from_slice(&45u16.to_le_bytes()); // made by
    central.extend_from_slice(&45u16.to_le_bytes()); // needed
    central.extend_from_slice(&0u16.to_le_bytes());
    central.extend_from_slice(&0u16.to_le_bytes());
    central.extend_from_slice(&[0, 0, 0x21, 0]);
    central.extend_from_slice(&0u32.to_le_bytes());
    central.extend_from_slice(&u32::MAX.to_le_bytes());
    central.extend_from_slice(&u32::MAX.to_le_bytes());
    central.extend_from_slice(&(name.len() as u16).to_le_bytes());
    central.extend_from_slice(&(zip64_central.len() as u16).to_le_bytes());
    central.extend_from_slice(&0u16.to_le_bytes()); // comment
    central.extend_from_slice(&0u16.to_le_bytes()); // disk
    central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
    central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    central.extend_from_slice(&u32::MAX.to_le_bytes()); // offset in the ZIP64 field
    central.extend_from_slice(name);
    central.extend_from_slice(&zip64_central);
    let zip64_end_at = central_at + central.len() as u64;
    let mut end = Vec::new();
    end.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
    end.extend_from_slice(&44u64.to_le_bytes());
    end.extend_from_slice(&45u16.to_le_bytes());
    end.extend_from_slice(&45u16.to_le_bytes());
    end.extend_from_slice(&0u32.to_le_bytes());
    end.extend_from_slice(&0u32.to_le_bytes());
    end.extend_from_slice(&1u64.to_le_bytes());
    end.extend_from_slice(&1u64.to_le_bytes());
    end.extend_from_slice(&(central.len() as u64).to_le_bytes());
    end.extend_from_slice(&central_at.to_le_bytes());
    end.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
    end.extend_from_slice(&0u32.to_le_bytes());
    end.extend_from_slice(&zip64_end_at.to_le_bytes());
    end.extend_from_slice(&1u32.to_le_bytes());
    end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    end.extend_from_slice(&[0; 4]); // this disk, the central directory's disk
    end.extend_from_slice(&[0xff; 12]); // counts, size and offset: in the ZIP64 end record
    end.extend_from_slice(&0u16.to_le_bytes());
    file.write_all(&central).expect("central directory");
    file.write_all(&end).expect("end records");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_bundle_is_a_7z_the_app_checks_with_its_password() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let app = desktop.open(data.path()).await;
    app.create_vault().await;
    ok(&app.invoke("vault_add_message", json!({"text": "pay or else", "details": {}})).await, "add");
    let weak_place = app.place("save-sealed-bundle", &data.path().join("weak.7z")).await;
    let weak = app.invoke("vault_export", json!({"request": {"place": weak_place, "password": "x"}})).await;
    assert_eq!(weak["err"]["code"], "invalid_input", "a password that is easy to guess is refused: {weak}");
    let out = data.path().join("evidence.7z");
    let place = app.place("save-sealed-bundle", &out).await;
    let done = ok(&app.invoke("vault_export", json!({"request": {"place": place, "password": WORDS}})).await, "export");
    assert_eq!(done["verdict"]["verified"], true, "the app checks the sealed bundle it wrote: {done}");
    let bytes = std::fs::read(&out).expect("the bundle");
    assert!(bytes.starts_with(b"7z\xbc\xaf\x27\x1c"), "it is a 7z archive");
    assert!(!bytes.windows(11).any(|w| w == b"pay or else"), "and nothing in it is readable without the password");

    app.click("[data-nav='evidence']").await;
    // Choosing the bundle checks it at once, with the password typed before.
    app.wait_css("#screen-evidence:not([hidden]) #check-choose").await;
    app.set("#check-password", WORDS).await;
    app.choose("#check-choose", &out).await;
    app.wait_css("#check-result [data-verified='true']").await;
    app.click("#check-go").await;
    app.wait_css("#check-result [data-verified='false']").await;
    assert!(app.text("#check-result").await.contains("password"), "without it the verdict says a password is needed");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_check_can_be_stopped() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let slow = data.path().join("slow.zip");
    slow_zip(&slow);
    let app = desktop.open(data.path()).await;
    app.click("[data-nav='evidence']").await;
    app.wait_css("#screen-evidence:not([hidden]) #check-choose").await;
    app.choose("#check-choose", &slow).await;
    app.wait_css("#check-stop:not([hidden])").await;
    app.click("#check-stop").await;
    app.wait_css("#check-stopped").await;
    assert!(app.text("#check-result").await.contains("stopped"), "the person is told it stopped");
    assert!(app.displayed("#check-go").await, "and can check again");
    app.close().await;
}
