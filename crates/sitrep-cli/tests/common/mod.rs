//! Shared by the integration tests.

/// PLOVER's sixteen categories (SPEC §2), from the one list in Rust.
pub use sitrep_core::taxonomy::PLOVER_CATEGORIES as PLOVER;
