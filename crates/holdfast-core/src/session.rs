//! The rules of one run of the app over one vault folder, with no window in sight: when the
//! vault counts as locked, what a lock does to an unlock or a capture already under way, where
//! the guide's ticks live while no vault is open, and which file an item was imported from.
//!
//! The desktop shell holds one [`Session`] and calls it from many threads at once (the window's
//! and the ones running imports). Its rules:
//!
//! - **A lock shows at once.** [`Session::request_lock`] never waits: from then on the vault
//!   reads as locked and nothing new can use it, even while an import still holds it.
//!   [`Session::finish_lock`] drops the key and the connection, after the import ends.
//! - **A lock beats an unlock under way.** An unlock takes a [`Ticket`] before deriving the
//!   key; if a lock was asked for meanwhile, the vault it opened is dropped, not stored.
//! - **A held picture never outlives a lock.** A capture waits in memory for the person to
//!   save or discard it; a lock throws it away, and a capture taken before a lock is not kept.
//! - **The age routing never waits.** Whether the open vault is one for someone under 18 is
//!   kept beside the vault and read without waiting for a running import.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use zeroize::Zeroizing;

use crate::error::{Error, Missing, Result};
use crate::i18n::Message;
use crate::vault::cover::CoverBox;
use crate::vault::model::{Captured, ItemKind};
use crate::vault::{CreateOptions, ItemDetails, NewOriginal, Unlock, Vault, HEADER_FILE};

/// Taken before a step that may take long (deriving a key, capturing the screen); good only
/// while no lock has been asked for since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

/// A picture waiting for the person to save or discard it: a screen capture, a pasted picture,
/// or a picture file held so parts of it can be covered first.
pub struct Held {
    /// The picture's bytes (zeroed when dropped).
    pub bytes: Zeroizing<Vec<u8>>,
    /// When it was captured or read.
    pub captured: Captured,
    /// A screenshot, or a file.
    pub kind: ItemKind,
    /// The name it is stored under.
    pub name: String,
    /// Tags recorded with it: the captured window's title and application, where known.
    pub tags: Vec<String>,
    /// The file it was read from, for "remove the original".
    pub source: Option<PathBuf>,
}

/// The vault's state as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// A vault exists in the chosen folder.
    pub exists: bool,
    /// It is unlocked (busy counts as unlocked; a lock asked for, as locked).
    pub unlocked: bool,
    /// The open vault is set up for someone under 18.
    pub under_18: bool,
    /// The folder.
    pub dir: PathBuf,
}

/// Where the guide's checklist ticks are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// In the unlocked vault.
    Vault,
    /// In memory, until Holdfast closes (no vault is unlocked).
    Session,
}

/// One run of the app: the vault folder in use, the open vault (if any) and what waits beside it.
pub struct Session {
    dir: Mutex<PathBuf>,
    open: Mutex<Option<Vault>>,
    /// Counts lock requests; a [`Ticket`] is the count when it was taken.
    locks: AtomicU64,
    /// Lock requests not yet carried out (one may wait for a running import).
    pending_locks: AtomicUsize,
    /// The open vault is one for someone under 18; set and cleared with `open`.
    under_18: AtomicBool,
    /// The guide's ticks while no vault is unlocked.
    ticks: Mutex<BTreeSet<String>>,
    /// At most one picture waits to be saved.
    held: Mutex<Option<Held>>,
    /// Where each file imported in this run came from, by item id.
    imported: Mutex<HashMap<i64, PathBuf>>,
}

/// A poisoned mutex still holds good data here: a panic mid-call changes nothing on disk.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Session {
    /// A session over the vault folder `dir`, locked.
    pub fn new(dir: PathBuf) -> Session {
        Session {
            dir: Mutex::new(dir),
            open: Mutex::new(None),
            locks: AtomicU64::new(0),
            pending_locks: AtomicUsize::new(0),
            under_18: AtomicBool::new(false),
            ticks: Mutex::default(),
            held: Mutex::default(),
            imported: Mutex::default(),
        }
    }

    /// The vault folder in use.
    pub fn dir(&self) -> PathBuf {
        lock(&self.dir).clone()
    }

    /// Locks the vault in use (waiting for a running import), then uses `dir`.
    pub fn switch_dir(&self, dir: PathBuf) {
        self.lock_now();
        *lock(&self.dir) = dir;
    }

    /// The ticket for a step about to start.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.locks.load(Ordering::SeqCst))
    }

    /// Stores a freshly opened vault, unless a lock was asked for since `ticket` was taken
    /// (then the vault is dropped and `false` returned).
    pub fn store(&self, ticket: Ticket, vault: Vault) -> bool {
        let mut open = lock(&self.open);
        if self.ticket() != ticket {
            return false;
        }
        self.under_18.store(vault.under_18(), Ordering::SeqCst);
        *open = Some(vault);
        true
    }

    /// Creates a vault in the folder in use and keeps it open (unless a lock came in meanwhile).
    /// The recovery key is returned either way: it is shown only once.
    pub fn create(&self, passphrase: &[u8], options: CreateOptions) -> Result<Zeroizing<String>> {
        let ticket = self.ticket();
        let created = Vault::create(&self.dir(), passphrase, options)?;
        self.store(ticket, created.vault);
        Ok(created.recovery_key)
    }

    /// Unlocks the vault in the folder in use; [`Error::Locked`] if a lock was asked for while
    /// the key was being derived.
    pub fn unlock(&self, unlock: Unlock<'_>) -> Result<()> {
        let ticket = self.ticket();
        let vault = Vault::open(&self.dir(), unlock)?;
        if self.store(ticket, vault) {
            Ok(())
        } else {
            Err(Error::Locked)
        }
    }

    /// The first half of a lock, which never waits: from here on the vault reads as locked, the
    /// held picture is gone and nothing new can use the vault. Call [`Session::finish_lock`]
    /// once afterwards.
    pub fn request_lock(&self) {
        self.locks.fetch_add(1, Ordering::SeqCst);
        self.pending_locks.fetch_add(1, Ordering::SeqCst);
        self.clear_held();
    }

    /// The second half of a lock: drops the key and the database connection (zeroed). Waits
    /// for a running import to finish, so call it off the window's thread.
    pub fn finish_lock(&self) {
        let mut open = lock(&self.open);
        *open = None;
        self.under_18.store(false, Ordering::SeqCst);
        drop(open);
        self.pending_locks.fetch_sub(1, Ordering::SeqCst);
    }

    /// Both halves of a lock, waiting for a running import.
    pub fn lock_now(&self) {
        self.request_lock();
        self.finish_lock();
    }

    fn lock_pending(&self) -> bool {
        self.pending_locks.load(Ordering::SeqCst) > 0
    }

    /// Whether a vault is unlocked, never waiting: busy reads as unlocked, a lock asked for as
    /// locked.
    pub fn is_unlocked(&self) -> bool {
        if self.lock_pending() {
            return false;
        }
        match self.open.try_lock() {
            Ok(open) => open.is_some(),
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner().is_some(),
            Err(std::sync::TryLockError::WouldBlock) => true,
        }
    }

    /// Whether the open vault is one for someone under 18, never waiting for a running import.
    /// It stays so until the lock is carried out, so help stays routed for under-18s.
    pub fn under_18(&self) -> bool {
        self.under_18.load(Ordering::SeqCst)
    }

    /// The vault's state, never waiting.
    pub fn status(&self) -> Status {
        let dir = self.dir();
        Status { exists: dir.join(HEADER_FILE).is_file(), unlocked: self.is_unlocked(), under_18: self.under_18(), dir }
    }

    /// Runs `f` on the unlocked vault, waiting for a running import; [`Error::Locked`] when none
    /// is unlocked or a lock has been asked for, even one not carried out yet.
    pub fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        if self.lock_pending() {
            return Err(Error::Locked);
        }
        let mut open = lock(&self.open);
        let vault = self.usable(&mut open).ok_or(Error::Locked)?;
        let result = f(vault);
        self.under_18.store(vault.under_18(), Ordering::SeqCst);
        result
    }

    fn usable<'a>(&self, open: &'a mut Option<Vault>) -> Option<&'a mut Vault> {
        if self.lock_pending() {
            None
        } else {
            open.as_mut()
        }
    }

    /// Keeps `held` waiting for save or discard (replacing any other), unless the vault was
    /// locked since `ticket` was taken (then it is dropped, zeroed, and `false` returned).
    pub fn hold(&self, ticket: Ticket, held: Held) -> bool {
        // Checked and stored under the mutex a lock's clear waits for, so a picture never
        // outlives a lock.
        let mut slot = lock(&self.held);
        if self.ticket() != ticket {
            return false;
        }
        *slot = Some(held);
        true
    }

    /// Throws the held picture away (its memory is zeroed).
    pub fn clear_held(&self) {
        lock(&self.held).take();
    }

    /// Seals the held picture into the vault, with the parts in `covers` blacked out first (only
    /// the covered version is kept); returns the new item's id. If saving fails for any reason
    /// but a lock, the picture stays held for another try.
    pub fn save_held(&self, note: Option<String>, covers: &[CoverBox]) -> Result<i64> {
        let ticket = self.ticket();
        let held = lock(&self.held).take().ok_or(Error::NotFound(Missing::Capture))?;
        let details = ItemDetails {
            note: note.filter(|n| !n.trim().is_empty()),
            tags: held.tags.clone(),
            ..ItemDetails::default()
        };
        let new = NewOriginal {
            kind: held.kind,
            original_name: Some(held.name.clone()),
            details,
            // A file's capture time is when it is kept; a screen capture's is when it was taken.
            captured_at: (held.kind == ItemKind::Screenshot).then(|| held.captured.clone()),
            ..NewOriginal::file()
        };
        let result = self.with_vault(|v| {
            if covers.is_empty() {
                v.add_original(&mut &held.bytes[..], new)
            } else {
                v.add_covered(&held.bytes, covers, new)
            }
        });
        match &result {
            Ok(id) => {
                if let (Some(source), true) = (&held.source, covers.is_empty()) {
                    self.remember_import(*id, source.clone());
                }
            }
            Err(Error::Locked) => {}
            Err(_) => {
                self.hold(ticket, held);
            }
        }
        result
    }

    /// The guide's checklist ticks, after ticking or unticking `change` (one of `steps`) first:
    /// in the unlocked vault, where ticks made before unlocking are moved, else in memory.
    pub fn checklist(
        &self,
        steps: &BTreeSet<String>,
        change: Option<(&str, bool)>,
    ) -> Result<(BTreeSet<String>, Kept)> {
        if let Some((id, _)) = change {
            if !steps.contains(id) {
                return Err(Error::invalid("field.checklist-item", Message::new("invalid.not-a-step")));
            }
        }
        let mut session = lock(&self.ticks);
        let mut open = lock(&self.open);
        let Some(vault) = self.usable(&mut open) else {
            if let Some((id, ticked)) = change {
                if ticked {
                    session.insert(id.to_string());
                } else {
                    session.remove(id);
                }
            }
            return Ok((session.clone(), Kept::Session));
        };
        for id in std::mem::take(&mut *session) {
            vault.set_checklist_item(&id, true)?;
        }
        if let Some((id, ticked)) = change {
            vault.set_checklist_item(id, ticked)?;
        }
        Ok((vault.checklist()?, Kept::Vault))
    }

    /// Imports the file at `path` as a new item, and remembers where it came from.
    pub fn add_file(&self, path: &Path, new: NewOriginal) -> Result<i64> {
        let id = self.with_vault(|v| v.add_file(path, new))?;
        self.remember_import(id, path.to_path_buf());
        Ok(id)
    }

    fn remember_import(&self, id: i64, path: PathBuf) {
        lock(&self.imported).insert(id, path);
    }

    /// Removes the file item `id` was imported from in this run, if it still holds exactly
    /// what the vault stored. Only that path: never one the window names.
    pub fn remove_imported_source(&self, id: i64) -> Result<()> {
        let path = lock(&self.imported)
            .get(&id)
            .cloned()
            .ok_or_else(|| Error::Refused(Message::new("refused.not-imported-here")))?;
        self.with_vault(|v| v.remove_imported_file(&path, id))
    }
}
