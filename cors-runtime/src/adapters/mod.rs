//! One folder per web framework: each implements the framework's traits for
//! the types in [`crate::generated`] and calls [`crate::answer`].

#[cfg(feature = "axum")]
pub mod axum;

#[cfg(feature = "actix-web")]
pub mod actix;
