//! The run-time half of handler-cors: a framework-free core and one adapter
//! per web framework. Users never name this crate; they use the
//! `handler-cors` facade, whose API is the promise. Layered from the bottom,
//! each folder or file importing only those above it in this list:
//!
//! * [`outcome`]: what decisions produce (an origin's answer, a preflight's
//!   grant, why a request was refused);
//! * [`request`]: reading `Origin` and the preflight headers, refusing
//!   hostile bytes;
//! * [`matching`]: origins (exact, wildcard, regex, environment,
//!   predicates), methods, request headers;
//! * [`policy`]: a compiled [`Policy`] and its read-only inspection;
//! * [`decide`]: pure decisions for actual requests and preflights;
//! * [`write`](mod@write): response headers, `Vary`;
//! * `trace` (feature `tracing`): one event per decision;
//! * [`answer`]: decide -> trace -> write, the path adapters call;
//! * [`map`]: the inventory of every handler and named policy, and its table;
//! * [`startup`]: the environment check a server runs before it starts;
//! * [`testing`]: requests and assertions for users' tests;
//! * [`generated`]: the types the attribute's code names;
//! * [`adapters`]: axum (feature `axum`).

#![warn(missing_docs)]
// Without a framework adapter, nothing reads what the generated code's
// types carry (a library that only declares policies builds that way).
#![cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]

pub mod adapters;
pub mod answer;
pub mod decide;
pub mod generated;
pub mod map;
pub mod matching;
pub mod outcome;
pub mod policy;
pub mod request;
pub mod startup;
pub mod testing;
#[cfg(feature = "tracing")]
mod trace;
pub mod write;

pub use outcome::{OriginCheck, Refusal};
pub use policy::Policy;

/// The validation rules shared with the macro.
pub use cors_rules as rules;
/// The `http` crate whose types the runtime uses.
pub use http;
#[doc(hidden)]
pub use inventory;
