//! Matching what a request asks for against what a policy allows: origins
//! (exact table, wildcard patterns, regexes, environment lists, predicates),
//! methods and request headers.

pub mod env;
pub mod headers;
pub mod methods;
pub mod origins;
