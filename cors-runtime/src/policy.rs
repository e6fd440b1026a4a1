//! A compiled CORS policy: what one handler allows.

use http::HeaderValue;

use crate::matching::headers::AllowHeaders;
use crate::matching::methods::AllowMethods;
use crate::matching::origins::AllowOrigin;

/// A handler's CORS policy, built by the `#[cors(...)]` attribute as a
/// `static` after every value was checked at compile time.
///
/// The attribute places it beside the handler as `<handler>::POLICY`, so
/// tests can ask what a handler allows. With
/// `#[cors(origins = ["https://myapp.com"], methods = [GET], credentials, max_age = 600)]`
/// on `list_posts`:
///
/// ```
/// # use cors_runtime::Policy;
/// # use cors_runtime::matching::origins::{AllowOrigin, OriginList};
/// # use cors_runtime::matching::methods::AllowMethods;
/// # use cors_runtime::matching::headers::AllowHeaders;
/// # use cors_rules::exact_table;
/// # use http::HeaderValue;
/// # // What the attribute computes at compile time, built here by hand.
/// # let origins = ["https://myapp.com"];
/// # let slots: Vec<&'static str> = exact_table::build(&origins).into_iter().map(|s| s.map_or("", |i| origins[i])).collect();
/// # let list_posts_policy = Policy::__new(
/// #     "list_posts",
/// #     AllowOrigin::List(OriginList::__new(slots.leak(), &[], None, &[], &[], &[])),
/// #     AllowMethods::__new(&["GET"], HeaderValue::from_static("GET"), HeaderValue::from_static("GET, OPTIONS")),
/// #     AllowHeaders::__list(&[], None),
/// #     &[], None, true, Some((600, HeaderValue::from_static("600"))), false,
/// #     false, &["https://myapp.com"],
/// # );
/// let policy: &Policy = &list_posts_policy; // list_posts::POLICY
/// assert!(policy.allows_origin("https://myapp.com"));
/// assert!(!policy.allows_origin("https://myapp.com.evil.com"));
/// assert_eq!(policy.methods(), ["GET"]);
/// assert!(policy.credentials());
/// assert_eq!(policy.max_age(), Some(600));
/// ```
#[derive(Debug)]
pub struct Policy {
    pub(crate) handler: &'static str,
    pub(crate) origins: AllowOrigin,
    pub(crate) methods: AllowMethods,
    pub(crate) headers: AllowHeaders,
    pub(crate) expose_headers: &'static [&'static str],
    pub(crate) expose_value: Option<HeaderValue>,
    pub(crate) credentials: bool,
    pub(crate) max_age: Option<(u32, HeaderValue)>,
    pub(crate) private_network: bool,
    pub(crate) csrf: bool,
    pub(crate) origin_entries: &'static [&'static str],
}

impl Policy {
    /// Assembles a policy from parts the attribute already validated.
    /// Not a public API: nothing here is checked.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        handler: &'static str,
        origins: AllowOrigin,
        methods: AllowMethods,
        headers: AllowHeaders,
        expose_headers: &'static [&'static str],
        expose_value: Option<HeaderValue>,
        credentials: bool,
        max_age: Option<(u32, HeaderValue)>,
        private_network: bool,
        csrf: bool,
        origin_entries: &'static [&'static str],
    ) -> Policy {
        Policy {
            handler,
            origins,
            methods,
            headers,
            expose_headers,
            expose_value,
            credentials,
            max_age,
            private_network,
            csrf,
            origin_entries,
        }
    }

    /// The name of the handler (or named policy) this policy belongs to.
    pub fn handler(&self) -> &'static str {
        self.handler
    }

    /// Whether a request from `origin` (the `Origin` header's exact text)
    /// would be allowed.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.origins.allows(origin)
    }

    /// Whether the policy admits every origin (`origins = any`).
    pub fn allows_any_origin(&self) -> bool {
        matches!(self.origins, AllowOrigin::Any)
    }

    /// The methods a preflight may ask for, as configured.
    pub fn methods(&self) -> &'static [&'static str] {
        self.methods.names()
    }

    /// The request headers a preflight may ask for, lowercase; `None` when
    /// the policy mirrors whatever is asked (`headers = any`).
    pub fn allowed_headers(&self) -> Option<&'static [&'static str]> {
        self.headers.names()
    }

    /// The response headers exposed to scripts, lowercase.
    pub fn exposed_headers(&self) -> &'static [&'static str] {
        self.expose_headers
    }

    /// Whether credentialed requests (cookies, `Authorization`) are allowed.
    pub fn credentials(&self) -> bool {
        self.credentials
    }

    /// How long browsers may cache a preflight answer, in seconds.
    pub fn max_age(&self) -> Option<u32> {
        self.max_age.as_ref().map(|(seconds, _)| *seconds)
    }

    /// Whether private network access preflights are allowed.
    pub fn private_network(&self) -> bool {
        self.private_network
    }

    /// Whether cross-origin request protection is on (`csrf = true`):
    /// unsafe requests that a browser sent from an origin the policy does
    /// not allow are refused with `403` before the handler runs.
    pub fn csrf(&self) -> bool {
        self.csrf
    }

    /// The origin entries as written in the attribute (`"https://myapp.com"`,
    /// `regex("...")`, `env("VAR")`, `with(path)`); empty for `origins = any`.
    pub fn origin_entries(&self) -> &'static [&'static str] {
        self.origin_entries
    }

    /// A policy that allows nothing: what the attribute emits beside a
    /// compile error so one mistake does not cascade into others.
    #[doc(hidden)]
    pub const UNCONFIGURED: Policy = Policy::__new(
        "",
        AllowOrigin::List(crate::matching::origins::OriginList::__new(
            &[],
            &[],
            None,
            &[],
            &[],
            &[],
        )),
        AllowMethods::__new(
            &[],
            HeaderValue::from_static(""),
            HeaderValue::from_static("OPTIONS"),
        ),
        AllowHeaders::__list(&[], None),
        &[],
        None,
        false,
        None,
        false,
        false,
        &[],
    );
}
