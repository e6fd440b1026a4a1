#![doc = include_str!("../README.md")]
//!
//! # Crate layout
//!
//! * [`cors`]: the attribute (crate `cors-macros`);
//! * [`Policy`] and the modules of [`runtime`]: matching and answering
//!   (crate `cors-runtime`);
//! * [`rules`]: the validation rules both use (crate `cors-rules`).

#![warn(missing_docs)]

extern crate self as handler_cors;

pub use cors_macros::{cors, policy, route};
pub use cors_runtime::env_origins::{EnvProblem, EnvReport, check_environment};
pub use cors_runtime::rules::{Problem, ProblemKind};
pub use cors_runtime::{OriginCheck, Policy, Refusal};

#[cfg(feature = "axum")]
pub use cors_runtime::layer::{CorsLayer, CorsService};

/// The run-time crate: origin matching, preflight answers, header writing.
pub use cors_runtime as runtime;

/// The validation rules shared by the attribute and the runtime.
pub use cors_runtime::rules;

/// Emitted by `#[cors]` beside every handler: a clear error when no
/// framework integration is enabled, instead of a missing type deep in the
/// generated code.
#[doc(hidden)]
#[cfg(feature = "axum")]
#[macro_export]
macro_rules! __require_framework {
    () => {};
}

#[doc(hidden)]
#[cfg(not(feature = "axum"))]
#[macro_export]
macro_rules! __require_framework {
    () => {
        ::core::compile_error!(
            "handler-cors was built without a framework integration, so #[cors] handlers cannot be served\nhelp: enable the `axum` feature (it is on by default): handler-cors = { version = \"0.1\", features = [\"axum\"] }"
        );
    };
}

/// Items the generated code names. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use cors_runtime::allow_headers::AllowHeaders;
    pub use cors_runtime::allow_methods::AllowMethods;
    pub use cors_runtime::allow_origin::{AllowOrigin, OriginList, OriginRegex, PredicateFuture};
    pub use cors_runtime::env_origins::{EnvOrigins, EnvPolicy};
    pub use cors_runtime::http::HeaderValue;
    pub use cors_runtime::inventory;
    pub use cors_runtime::rules::pattern::{HostPattern, OriginPattern, PortPattern};

    #[cfg(feature = "axum")]
    pub use cors_runtime::axum::{
        CorsRequest, Extracted, PolicySource, Preflight, Request, Response, WithCors, policy_of,
    };
    #[cfg(feature = "axum")]
    pub use cors_runtime::axum_routing as routing;
}
