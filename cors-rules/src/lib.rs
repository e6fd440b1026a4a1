//! The rules of a handler-cors policy, written once.
//!
//! The `#[cors(...)]` macro calls these functions while the program compiles
//! and turns each [`Problem`] into a compile error; the runtime calls the same
//! functions for origins read from the environment and for every `Origin`
//! header it matches against a pattern. A rule changed here changes in both
//! places.
//!
//! ```
//! use cors_rules::origin::parse_origin;
//!
//! let origin = parse_origin("https://api.myapp.com:8443").unwrap();
//! assert_eq!((origin.scheme, origin.host, origin.port), ("https", "api.myapp.com", Some(8443)));
//!
//! let problem = parse_origin("https://myapp.com/").unwrap_err();
//! assert!(problem.to_string().contains("help: write \"https://myapp.com\""));
//! ```

#![warn(missing_docs)]

pub mod encoding;
pub mod exact_table;
pub mod header;
pub mod method;
pub mod origin;
pub mod origin_list;
pub mod pattern;
pub mod policy;
mod problem;
mod public_suffix;
pub mod regex_check;

pub use problem::{Problem, ProblemKind};
