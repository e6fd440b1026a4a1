//! Shared by the per-framework suites.

pub mod cases;
