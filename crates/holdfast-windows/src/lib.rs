//! The Windows system calls Holdfast needs, and the only `unsafe` code in Holdfast: each call
//! is wrapped in a safe function here, so the core and the shell keep `forbid(unsafe_code)`.
//!
//! - `owner_only`: a folder only the person's own account can open (an access-control list
//!   with one entry and no inherited ones), since Unix permissions mean nothing on Windows.
//! - `no_heap_in_crash_reports`: crash reports without the heap, where decrypted evidence
//!   lives (the Unix counterpart turns core dumps off).
//! - `dialog`: the system's file dialog with `FOS_DONTADDTORECENT`, so no evidence file name
//!   reaches Recent Items, Quick Access or the app's Jump List.
//!
//! On every other system the crate is empty.
#![cfg(windows)]

mod acl;
mod crash;
pub mod dialog;
mod wide;

pub use acl::{is_owner_only, owner_only, owner_only_list_is_right};
pub use crash::no_heap_in_crash_reports;
