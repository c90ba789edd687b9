//! Places on disk the person chose: in the system's file dialog, or by dropping a file on the
//! window. The page never names a path. It gets an opaque handle for each place the person
//! chose, and a command takes the handle, good only for what the place was chosen for: a file
//! chosen to be imported cannot become the place a bundle is written to, and a script in the
//! page cannot make up a path at all.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use holdfast_core::{Error, Message};

use crate::ipc::{IpcError, Place, Purpose};

/// Every place chosen while Holdfast runs, by handle.
#[derive(Default)]
pub struct Places {
    granted: Mutex<HashMap<String, (Purpose, PathBuf)>>,
}

impl Places {
    /// Records a place the person chose for `purpose`; the reply is what the page gets.
    pub fn grant(&self, purpose: Purpose, path: PathBuf) -> Place {
        let mut granted = self.granted.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let handle = format!("place-{}", granted.len() + 1);
        let place = Place {
            handle: handle.clone(),
            shown: path.display().to_string(),
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        };
        granted.insert(handle, (purpose, path));
        place
    }

    /// The path behind `handle`, if it was chosen for one of `purposes`.
    pub fn path(&self, handle: &str, purposes: &[Purpose]) -> Result<PathBuf, IpcError> {
        let granted = self.granted.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match granted.get(handle) {
            Some((purpose, path)) if purposes.contains(purpose) => Ok(path.clone()),
            Some(_) => Err(Error::invalid("field.place", Message::new("invalid.place-other-purpose")).into()),
            None => Err(Error::invalid("field.place", Message::new("invalid.place-not-chosen")).into()),
        }
    }

    /// Like [`Places::path`], for an optional handle.
    pub fn optional(&self, handle: Option<&str>, purposes: &[Purpose]) -> Result<Option<PathBuf>, IpcError> {
        handle.map(|h| self.path(h, purposes)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::Code;
    use holdfast_core::ErrorCode;

    #[test]
    fn a_handle_opens_only_the_place_chosen_and_only_for_its_purpose() {
        let places = Places::default();
        let chosen = places.grant(Purpose::OpenFile, PathBuf::from("/home/me/chat.txt"));
        assert_eq!(chosen.shown, "/home/me/chat.txt", "the page shows where it is");
        assert_eq!(chosen.name, "chat.txt");
        assert_eq!(places.path(&chosen.handle, &[Purpose::OpenFile]).unwrap(), PathBuf::from("/home/me/chat.txt"));
        let other = places.path(&chosen.handle, &[Purpose::SaveBundle]).unwrap_err();
        assert_eq!(
            other.code,
            Code::Core(ErrorCode::InvalidInput),
            "a file chosen to import is not a place to write a bundle"
        );
        let made_up = places.path("/etc/passwd", &[Purpose::OpenFile]).unwrap_err();
        assert_eq!(made_up.code, Code::Core(ErrorCode::InvalidInput), "a path from the page is not a handle");
        assert!(places.path("place-2", &[Purpose::OpenFile]).is_err(), "nor is a handle never given");
    }

    #[test]
    fn every_choice_gets_its_own_handle() {
        let places = Places::default();
        let a = places.grant(Purpose::Folder, PathBuf::from("/a"));
        let b = places.grant(Purpose::Folder, PathBuf::from("/b"));
        assert_ne!(a.handle, b.handle);
        assert_eq!(places.optional(Some(&b.handle), &[Purpose::Folder]).unwrap(), Some(PathBuf::from("/b")));
        assert_eq!(places.optional(None, &[Purpose::Folder]).unwrap(), None);
    }
}
