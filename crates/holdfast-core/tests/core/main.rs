//! Integration tests for holdfast-core: one binary, one module per area.

mod advice;
mod canary;
mod content;
mod crash;
mod exhibit_names;
mod export;
mod faults;
mod files;
mod fixtures;
mod guide;
mod help;
mod interop;
mod kat;
mod paths;
mod pictures;
mod provenance;
mod rawzip;
mod rollback;
mod roundtrip;
mod sealed;
mod settings;
mod support;
mod tamper;
mod vault;
mod verify;
mod workspace;
