//! The Tauri commands, one file per area, each listed in `contract.rs`. A command turns one IPC
//! call into core calls through the state (`state.rs`) and replies with the IPC types
//! (`ipc.rs`); commands never call one another, and the rules live in the core.

pub mod bundle;
pub mod capture;
pub mod evidence;
pub mod files;
pub mod guide;
pub mod vault;
pub mod window;
