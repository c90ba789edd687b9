//! Integration tests for holdfast-core: one binary, one module per area.

mod help;
mod kat;
mod paths;
mod settings;
mod support;
mod vault;
