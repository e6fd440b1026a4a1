//! The run-time half of handler-cors.
//!
//! The `#[cors(...)]` attribute compiles a [`Policy`] into a static; this
//! crate answers requests with it, following the CORS protocol of the Fetch
//! standard. Each concept has its own file:
//!
//! * [`request`]: reading `Origin` and the preflight headers, refusing hostile bytes;
//! * [`allow_origin`]: matching an origin (exact table, wildcard patterns, regex,
//!   predicates);
//! * [`env_origins`]: origins read from the environment, and the startup check;
//! * [`allow_methods`], [`allow_headers`]: what a preflight may ask for;
//! * [`decision`]: the outcome of a check and why a request was refused;
//! * [`preflight`]: answering `OPTIONS` preflights, for one policy or several;
//! * [`response`] and [`vary`]: the headers written on actual responses;
//! * `axum` (feature `axum`): the extractor and response wrapper the
//!   attribute generates calls to.
//!
//! Most users never name this crate: they write the attribute and use the
//! `handler-cors` facade.

#![warn(missing_docs)]

pub mod allow_headers;
pub mod allow_methods;
pub mod allow_origin;
pub mod decision;
pub mod env_origins;
mod policy;
pub mod preflight;
pub mod request;
pub mod response;
#[cfg(feature = "tracing")]
mod trace;
pub mod vary;

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "axum")]
pub mod layer;

/// axum's method-router functions, for the code `route!` generates.
#[cfg(feature = "axum")]
#[doc(hidden)]
pub use ::axum::routing as axum_routing;

pub use decision::{OriginCheck, Refusal};
pub use policy::Policy;

/// The validation rules shared with the macro.
pub use cors_rules as rules;
/// The `http` crate whose types the runtime uses.
pub use http;
#[doc(hidden)]
pub use inventory;
