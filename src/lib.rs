#![doc = include_str!("../README.md")]
//!
//! # What this crate offers
//!
//! * [`cors`], [`route!`], [`policy!`]: the attribute and the macros;
//! * [`Policy`]: a compiled policy, for inspection in tests;
//! * [`CorsLayer`]: a named policy as a tower layer (`NAME.layer()`);
//! * [`check_environment`] and its [`EnvReport`]: the startup check of
//!   `env(...)` origins;
//! * [`inventory()`] and its [`Inventory`]: every handler and named policy
//!   of the program with its settings, printable as the CORS map.
//!
//! Everything else lives in implementation crates (`cors-rules`,
//! `cors-macros`, `cors-runtime`) whose items are not part of this API.

#![warn(missing_docs)]

extern crate self as handler_cors;

#[cfg(feature = "actix-web")]
pub use cors_macros::resource;
pub use cors_macros::{cors, policy, route};
pub use cors_runtime::Policy;
#[cfg(feature = "map")]
pub use cors_runtime::map::{EntryKind, Inventory, InventoryEntry, PolicyOrigin, inventory};
pub use cors_runtime::rules::{Problem, ProblemKind};
pub use cors_runtime::startup::{EnvProblem, EnvReport, check_environment};

#[cfg(feature = "axum")]
pub use cors_runtime::adapters::axum::layer::CorsService;
/// A named policy as a tower layer (`NAME.layer()`); a tower `Layer` with
/// the `axum` feature.
pub use cors_runtime::generated::CorsLayer;
/// A named policy as an actix-web middleware (`NAME.middleware()`).
pub use cors_runtime::generated::CorsMiddleware;

/// Requests a browser would send, and assertions on the answers whose
/// messages name the header at fault: CORS tests in a few lines against
/// your own router.
///
/// ```
/// use axum::Router;
/// use handler_cors::testing::Probe;
/// use handler_cors::{cors, route};
///
/// #[cors(origins = ["http://localhost:3000"], methods = [GET, POST])]
/// async fn posts() -> &'static str { "[]" }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let app: Router = Router::new().route("/api/posts", route!(get(posts).post(posts)));
/// Probe::preflight("/api/posts", "http://localhost:3000", "POST")
///     .send(&app).await
///     .assert_allow_origin("http://localhost:3000")
///     .assert_allow_methods(&["GET", "POST"]);
/// Probe::get("/api/posts").origin("http://malicious-site.com")
///     .send(&app).await
///     .assert_no_cors_headers();
/// # }
/// ```
pub mod testing {
    pub use cors_runtime::testing::{CorsAnswer, Probe};
}

/// Emitted by `#[cors]`, `policy!` and view blocks for each handler and
/// named policy: its entry in [`inventory()`] (feature `map`, on by
/// default).
#[doc(hidden)]
#[cfg(feature = "map")]
#[macro_export]
macro_rules! __register {
    ($registration:expr) => {
        $crate::__private::inventory::submit! { $registration }
    };
}

/// Without the `map` feature, no handler is registered: nothing to compile.
#[doc(hidden)]
#[cfg(not(feature = "map"))]
#[macro_export]
macro_rules! __register {
    ($registration:expr) => {};
}

/// Emitted by `#[cors]` beside every handler: a clear error when no
/// framework integration is enabled, instead of a missing type deep in the
/// generated code.
#[doc(hidden)]
#[cfg(any(feature = "axum", feature = "actix-web"))]
#[macro_export]
macro_rules! __require_framework {
    () => {};
}

#[doc(hidden)]
#[cfg(not(any(feature = "axum", feature = "actix-web")))]
#[macro_export]
macro_rules! __require_framework {
    () => {
        ::core::compile_error!(
            "handler-cors was built without a framework integration, so #[cors] handlers cannot be served\nhelp: enable the `axum` feature (on by default) or the `actix-web` feature: handler-cors = { version = \"0.1\", features = [\"axum\"] } or features = [\"actix-web\"]"
        );
    };
}

/// Items the generated code names. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use cors_runtime::generated::{
        Alone, CorsRequest, Extracted, PolicySource, Preflight, WithCors, policy_of,
    };
    pub use cors_runtime::inventory;
    pub use cors_runtime::map::{EntryKind, PolicyOrigin, Registration};
    pub use cors_runtime::matching::env::EnvOrigins;
    pub use cors_runtime::matching::origins::PredicateFuture;
    pub use cors_runtime::startup::EnvPolicy;

    #[cfg(feature = "axum")]
    pub use cors_runtime::adapters::axum::routing;

    /// The actix-web items `resource!` and `#[cors]` above a route
    /// attribute name.
    #[cfg(feature = "actix-web")]
    pub mod actix {
        pub use cors_runtime::adapters::actix::{
            AppService, HttpServiceFactory, options, register, web,
        };
    }
}
