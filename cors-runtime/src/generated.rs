//! The types the attribute's generated code names, whatever the framework:
//! the leading extractor, the wrapper around each argument and around the
//! return value, the `OPTIONS` handler, and the traits that tie a handler
//! to its policy. Each framework adapter implements its own traits for
//! them (`adapters/axum`), so the expansion is the same for every
//! framework.

use std::any::Any;
use std::marker::PhantomData;

use crate::decide::preflight::Routes;
use crate::outcome::OriginCheck;
use crate::policy::Policy;

/// Names the static policy of one annotated handler; the attribute
/// implements it on the type named like the handler, and `policy!` on the
/// named policy's own type.
pub trait PolicySource: Send + Sync + 'static {
    /// The handler's policy.
    const POLICY: &'static Policy;
}

/// The extractor `#[cors]` puts first in a handler's arguments.
///
/// It checks the request's origin before any other extractor runs, and
/// answers a preflight itself (as a rejection), so neither the handler body
/// nor its other extractors run for one even when the handler is mounted
/// for `OPTIONS` too. `K` says whether other arguments follow
/// ([`Leading`]) or it is the handler's only one ([`Alone`]).
pub struct CorsRequest<P, K = Leading> {
    pub(crate) check: OriginCheck,
    /// Whether a layer covers the request, so the answer must be marked.
    pub(crate) under_layer: bool,
    pub(crate) source: PhantomData<fn() -> (P, K)>,
}

/// [`CorsRequest`] followed by other arguments: it reads the request's
/// parts and leaves the body to them.
#[derive(Debug)]
pub enum Leading {}

/// [`CorsRequest`] as a handler's only argument. A framework extracts the
/// last argument from the whole request; taking it whole directly (axum's
/// `FromRequest`) instead of through the framework's adapter from parts
/// saves compiling that adapter once per handler.
#[derive(Debug)]
pub enum Alone {}

impl<P, K> std::fmt::Debug for CorsRequest<P, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorsRequest")
            .field("check", &self.check)
            .finish()
    }
}

impl<P: PolicySource, K> CorsRequest<P, K> {
    /// Wraps the handler's return value so its response gets this
    /// request's CORS headers.
    pub fn respond<R>(self, inner: R) -> WithCors<R> {
        WithCors {
            inner: Ok(inner),
            check: self.check,
            under_layer: self.under_layer,
            policy: P::POLICY,
        }
    }

    /// Wraps an extractor's rejection: it gets the same CORS headers the
    /// handler's own response would have.
    pub fn reject<R>(self, rejection: Rejection) -> WithCors<R> {
        WithCors {
            inner: Err(rejection),
            check: self.check,
            under_layer: self.under_layer,
            policy: P::POLICY,
        }
    }
}

/// An extractor's rejection, as the framework's response: kept boxed (the
/// rejection path only) so these types name no framework.
pub struct Rejection(pub(crate) Box<dyn Any + Send>);

impl std::fmt::Debug for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rejection")
    }
}

/// One of the user's arguments, extracted without rejecting: a rejection is
/// kept, so the handler can answer it with its CORS headers. After one
/// argument was rejected the later ones are not extracted at all, as axum
/// stops at the first rejection.
pub struct Extracted<T>(pub(crate) Extraction<T>);

pub(crate) enum Extraction<T> {
    Value(T),
    Rejected(Rejection),
    /// An earlier argument was rejected; this one never ran.
    #[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
    Skipped,
}

impl<T> Extracted<T> {
    /// The value, or the rejection that answers the request instead.
    pub fn into_result(self) -> Result<T, Rejection> {
        match self.0 {
            Extraction::Value(value) => Ok(value),
            Extraction::Rejected(rejection) => Err(rejection),
            // Never reached by generated code: the rejected argument
            // before this one returns first.
            Extraction::Skipped => Err(Rejection(Box::new(()))),
        }
    }

    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn is_rejected(&self) -> bool {
        matches!(self.0, Extraction::Rejected(_))
    }
}

impl<T> std::fmt::Debug for Extracted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.0 {
            Extraction::Value(_) => "value",
            Extraction::Rejected(_) => "rejected",
            Extraction::Skipped => "skipped",
        };
        f.debug_tuple("Extracted").field(&state).finish()
    }
}

/// Put on a request when one of a handler's arguments was rejected.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
pub(crate) struct EarlierRejection;

/// A handler's return value (or an argument's rejection) with the CORS
/// headers still to be written: the return type `#[cors]` gives a handler.
#[must_use]
pub struct WithCors<R> {
    pub(crate) inner: Result<R, Rejection>,
    pub(crate) check: OriginCheck,
    pub(crate) under_layer: bool,
    pub(crate) policy: &'static Policy,
}

impl<R> WithCors<R> {
    /// What the handler's body returned, or the rejection of the argument
    /// that stopped it from running.
    pub fn into_result(self) -> Result<R, Rejection> {
        self.inner
    }
}

impl<R: std::fmt::Debug> std::fmt::Debug for WithCors<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithCors")
            .field("inner", &self.inner)
            .field("check", &self.check)
            .finish()
    }
}

/// A handler whose first argument is the `#[cors]` extractor: its policy can
/// be named from the handler itself, which is how `route!` finds the policy
/// of each handler it routes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[cors] handler, so `route!` (or `resource!`) cannot tell which policy answers its preflights",
    label = "this handler has no CORS policy",
    note = "help: put `#[cors(origins = [...])]` (or `#[cors(policy = NAME)]`) on this handler, or mount it outside `route!` with `.route(path, get(handler))` (outside `resource!` with `web::resource(path).route(web::get().to(handler))`)"
)]
pub trait CorsHandler<M> {
    /// The handler's policy.
    const POLICY: &'static Policy;
}

macro_rules! cors_handler {
    ($($arg:ident),*) => {
        impl<F, Fut, P, K, $($arg,)*> CorsHandler<(P, K, $($arg,)*)> for F
        where
            F: FnOnce(CorsRequest<P, K>, $($arg,)*) -> Fut,
            P: PolicySource,
        {
            const POLICY: &'static Policy = P::POLICY;
        }
    };
}

cors_handler!();
cors_handler!(T1);
cors_handler!(T1, T2);
cors_handler!(T1, T2, T3);
cors_handler!(T1, T2, T3, T4);
cors_handler!(T1, T2, T3, T4, T5);
cors_handler!(T1, T2, T3, T4, T5, T6);
cors_handler!(T1, T2, T3, T4, T5, T6, T7);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14);
cors_handler!(
    T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15
);

/// The policy of an annotated handler (`route!` calls this for each one).
pub fn policy_of<H: CorsHandler<M>, M>(_handler: &H) -> &'static Policy {
    H::POLICY
}

/// The `OPTIONS` handler of an annotated handler (`<handler>::preflight`)
/// or of a whole `route!`: preflights are decided by the policy of the
/// handler that serves the requested method, plain `OPTIONS` get `Allow`.
///
/// One type for every preflight handler, so an app with many routes
/// compiles the `OPTIONS` handling once.
#[derive(Debug, Clone, Copy)]
pub struct Preflight {
    pub(crate) routes: Routes,
}

impl Preflight {
    /// The `OPTIONS` handler of one policy.
    pub const fn new(policy: &'static Policy) -> Preflight {
        Preflight {
            routes: Routes::One(policy),
        }
    }

    /// The `OPTIONS` handler of a `route!`: one policy per routed method, in
    /// the order of [`ROUTABLE_METHODS`](crate::decide::preflight::ROUTABLE_METHODS),
    /// and the `Allow` value of a plain `OPTIONS`.
    #[doc(hidden)]
    pub const fn __routed(
        policies: [Option<&'static Policy>; crate::decide::preflight::ROUTABLE_METHODS.len()],
        allow: &'static str,
    ) -> Preflight {
        Preflight {
            routes: Routes::ByMethod { policies, allow },
        }
    }
}

/// A named policy as an actix-web middleware (`NAME.middleware()`), for an
/// app or a scope: it answers the requests no handler's own policy
/// answered. Implements actix-web's `Transform` with the `actix-web`
/// feature.
#[derive(Debug, Clone, Copy)]
pub struct CorsMiddleware {
    #[cfg_attr(not(feature = "actix-web"), allow(dead_code))]
    pub(crate) policy: &'static Policy,
}

impl CorsMiddleware {
    /// A middleware answering with `policy`.
    pub const fn new(policy: &'static Policy) -> CorsMiddleware {
        CorsMiddleware { policy }
    }
}

/// A named policy as a tower layer (`NAME.layer()`) for a whole axum router
/// or a nest; see `adapters::axum::layer`. Implements tower's `Layer` with
/// the `axum` feature.
#[derive(Debug, Clone, Copy)]
pub struct CorsLayer {
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) policy: &'static Policy,
}

impl CorsLayer {
    /// A layer answering with `policy`.
    pub const fn new(policy: &'static Policy) -> CorsLayer {
        CorsLayer { policy }
    }
}
