//! The session rules the app's window relies on, one race at a time: a lock that shows at once,
//! a lock that beats an unlock or a capture under way, the under-18 routing read without
//! waiting, and a save that fails keeping its picture.

use std::collections::BTreeSet;
use std::sync::mpsc;
use std::thread;

use holdfast_core::session::{Held, Kept, Session};
use holdfast_core::vault::cover::CoverBox;
use holdfast_core::vault::model::{Captured, ItemKind};
use holdfast_core::vault::{Unlock, Vault};
use holdfast_core::{Error, ErrorCode, Missing};
use zeroize::Zeroizing;

use crate::support::{new_vault, new_vault_with, PASS};

/// A session over a new vault, unlocked (for someone under 18 when asked).
fn unlocked(dir: &std::path::Path, under_18: bool) -> Session {
    let (vault, _) = new_vault_with(dir, under_18);
    let session = Session::new(dir.to_path_buf());
    assert!(session.store(session.ticket(), vault), "nothing asked for a lock");
    session
}

fn picture(name: &str, bytes: Vec<u8>) -> Held {
    Held {
        bytes: Zeroizing::new(bytes),
        captured: Captured::now(),
        kind: ItemKind::Screenshot,
        name: name.into(),
        tags: vec!["window: chat".into()],
        source: None,
    }
}

fn png() -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbaImage::from_pixel(4, 4, image::Rgba([200, 10, 10, 255]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode a png");
    out
}

/// Runs a step that holds the vault on another thread until the returned sender is used, as a
/// long import does; returns once the step holds it.
fn hold_vault(session: &'static Session) -> (mpsc::Sender<()>, thread::JoinHandle<()>) {
    let (started_tx, started) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let running = thread::spawn(move || {
        session
            .with_vault(|_| {
                started_tx.send(()).expect("say it started");
                release_rx.recv().expect("wait to be let go");
                Ok(())
            })
            .expect("the running step itself succeeds");
    });
    started.recv().expect("the step holds the vault");
    (release, running)
}

#[test]
fn a_lock_asked_for_reads_as_locked_before_a_running_import_lets_go() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session: &'static Session = Box::leak(Box::new(unlocked(dir.path(), false)));
    let (release, running) = hold_vault(session);
    assert!(session.is_unlocked(), "busy reads as unlocked");

    session.request_lock();
    assert!(!session.is_unlocked(), "quick exit's lock shows at once, not when the import ends");
    let refused = session.with_vault(|v| v.items()).expect_err("a new step while the lock is on its way");
    assert_eq!(refused.code(), ErrorCode::Locked, "nothing new uses a vault whose lock is on its way");

    release.send(()).expect("let the import finish");
    running.join().expect("the import ends");
    session.finish_lock();
    assert!(!session.status().unlocked);
    assert_eq!(session.with_vault(|v| v.items()).expect_err("locked").code(), ErrorCode::Locked);
}

#[test]
fn under_18_is_read_without_waiting_for_a_running_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session: &'static Session = Box::leak(Box::new(unlocked(dir.path(), true)));
    assert!(session.under_18(), "the vault is one for someone under 18");
    let (release, running) = hold_vault(session);

    // While an import holds the vault, help must still be routed for under-18s.
    assert!(session.under_18(), "the flag is read while the vault is busy");
    assert!(session.status().under_18, "the status says so while the vault is busy");
    session.request_lock();
    assert!(session.under_18(), "until the lock is carried out, the vault open is an under-18 one");

    release.send(()).expect("let the import finish");
    running.join().expect("the import ends");
    session.finish_lock();
    assert!(!session.under_18(), "no vault is open");
}

#[test]
fn an_unlock_under_way_when_a_lock_is_asked_for_is_not_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(new_vault(dir.path()));
    let session = Session::new(dir.path().to_path_buf());

    // The unlock takes its ticket, then derives the key; the person presses quick exit.
    let ticket = session.ticket();
    let opened = Vault::open(dir.path(), Unlock::Passphrase(PASS)).expect("the passphrase is right");
    session.lock_now();
    assert!(!session.store(ticket, opened), "a vault opened before the lock is dropped, not kept");
    assert!(!session.is_unlocked(), "the vault stays locked");

    session.unlock(Unlock::Passphrase(PASS)).expect("a new unlock after the lock works");
    assert!(session.is_unlocked());
}

#[test]
fn a_picture_captured_before_a_lock_is_not_kept_and_a_lock_drops_the_one_held() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = unlocked(dir.path(), false);

    let ticket = session.ticket();
    session.request_lock();
    session.finish_lock();
    assert!(!session.hold(ticket, picture("late.png", png())), "a capture taken before the lock is dropped");
    session.unlock(Unlock::Passphrase(PASS)).expect("unlock again");
    let gone = session.save_held(None, &[]).expect_err("nothing is held");
    assert!(matches!(gone, Error::NotFound(Missing::Capture)), "{gone}");

    assert!(session.hold(session.ticket(), picture("held.png", png())));
    session.lock_now();
    session.unlock(Unlock::Passphrase(PASS)).expect("unlock again");
    let gone = session.save_held(None, &[]).expect_err("the lock threw it away");
    assert_eq!(gone.code(), ErrorCode::NotFound);
    assert_eq!(gone.to_string(), "There is no capture waiting to be saved. Capture the screen again.");
}

#[test]
fn a_save_that_fails_keeps_the_picture_and_one_that_succeeds_stores_it_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = unlocked(dir.path(), false);
    assert!(session.hold(session.ticket(), picture("chat.png", png())));

    let outside = [CoverBox { x: 100, y: 100, width: 5, height: 5 }];
    let failed = session.save_held(None, &outside).expect_err("a cover outside the picture is refused");
    assert_ne!(failed.code(), ErrorCode::Locked, "{failed}");

    let id = session.save_held(Some("  ".into()), &[]).expect("the same picture saves on the second try");
    let item = session.with_vault(|v| v.item(id)).expect("the item");
    assert_eq!(item.original_name.as_deref(), Some("chat.png"));
    assert_eq!(item.kind, ItemKind::Screenshot);
    assert_eq!(item.note, None, "a blank note is no note");
    assert_eq!(item.tags, vec!["window: chat".to_string()]);
    assert!(session.save_held(None, &[]).is_err(), "a saved picture is no longer held");
    assert_eq!(session.with_vault(|v| v.items()).expect("items").len(), 1, "stored once");
}

#[test]
fn ticks_made_before_unlocking_move_into_the_vault() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(new_vault(dir.path()));
    let session = Session::new(dir.path().to_path_buf());
    let steps: BTreeSet<String> = ["dont-pay", "stop-contact"].map(String::from).into();

    let (ticked, kept) = session.checklist(&steps, Some(("dont-pay", true))).expect("tick while locked");
    assert_eq!((ticked.len(), kept), (1, Kept::Session));
    let refused = session.checklist(&steps, Some(("not-a-step", true))).expect_err("unknown step");
    assert_eq!(refused.code(), ErrorCode::InvalidInput);

    session.unlock(Unlock::Passphrase(PASS)).expect("unlock");
    let (ticked, kept) = session.checklist(&steps, Some(("stop-contact", true))).expect("tick while unlocked");
    assert_eq!(kept, Kept::Vault);
    assert_eq!(ticked, steps, "the earlier tick moved into the vault with the new one");
    session.lock_now();
    let (ticked, kept) = session.checklist(&steps, None).expect("read while locked");
    assert_eq!((ticked.len(), kept), (0, Kept::Session), "the session's own list was emptied by the move");
}

#[test]
fn only_a_file_imported_in_this_run_can_be_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = unlocked(dir.path(), false);
    let refused = session.remove_imported_source(1).expect_err("nothing was imported");
    assert_eq!(refused.code(), ErrorCode::Refused);

    let source = dir.path().join("threat.txt");
    std::fs::write(&source, b"pay or else").expect("write the file");
    let id = session.add_file(&source, holdfast_core::vault::NewOriginal::file()).expect("import it");
    session.remove_imported_source(id).expect("remove the imported file");
    assert!(!source.exists(), "the original is gone");
}

#[test]
fn a_missing_page_or_capture_reads_as_one_sentence() {
    // The regression: "There is no There is no help page called 'x'. in this vault."
    let help = holdfast_core::help::builtin().expect("help data");
    let advice = holdfast_core::advice::builtin(&help).expect("advice");
    let today = holdfast_core::guide::today();
    let error = advice
        .view(&help, "no-such-page", "GB", holdfast_core::guide::Age::Unknown, today)
        .expect_err("there is no such page");
    assert_eq!(error.code(), ErrorCode::NotFound);
    assert_eq!(error.to_string(), "There is no help page called 'no-such-page'.");
    for missing in [
        Missing::Item(3),
        Missing::Account(4),
        Missing::SetAside("a".into()),
        Missing::GuidePage("p".into()),
        Missing::Capture,
    ] {
        let text = Error::NotFound(missing).to_string();
        assert_eq!(text.matches("There is no").count(), 1, "one sentence: {text}");
    }
}

#[test]
fn a_message_fills_each_placeholder_once_and_never_reads_a_value_again() {
    use holdfast_core::i18n::Message;
    // A hostile name that looks like a placeholder stays exactly as it was given.
    let message = Message::new("error.storage").with("action", "read").with("path", "{detail}").with("detail", "gone");
    assert_eq!(
        message.english(),
        "Holdfast could not read {detail}: gone. Check that the file or folder is there, that the disk is not full, and that you are allowed to use it."
    );
    let unknown = Message::new("no.such-key");
    assert_eq!(unknown.english(), "no.such-key", "a key the catalogue lacks shows as itself");
}
