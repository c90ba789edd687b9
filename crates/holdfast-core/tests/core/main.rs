//! Integration tests for holdfast-core: one binary, one module per area.

mod advice;
mod canary;
mod content;
mod crash;
mod export;
mod faults;
mod fixtures;
mod guide;
mod help;
mod interop;
mod kat;
mod paths;
mod provenance;
mod rawzip;
mod roundtrip;
mod settings;
mod support;
mod tamper;
mod vault;
mod verify;
mod workspace;
