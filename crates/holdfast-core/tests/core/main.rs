//! Integration tests for holdfast-core: one binary, one module per area.

mod help;
mod paths;
mod settings;
