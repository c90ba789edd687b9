//! End-to-end tests through the real app: tauri-driver drives WebKitWebDriver, which drives
//! the built `holdfast-app` binary in its own Xvfb display with its own data folder.
//!
//! Nothing here is skipped when a tool is missing: a missing Xvfb, WebKitWebDriver or
//! tauri-driver fails the test with a message that says how to install it.

mod access;
mod bench;
mod bundles;
mod capture;
mod dates;
mod discretion;
mod guide;
mod handover;
mod harness;
mod home;
mod lockdown;
mod network;
mod places;
mod rollback;
mod screens;
mod traces;
mod vault;
mod workspace;
