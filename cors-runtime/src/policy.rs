//! A compiled CORS policy: what one handler allows.

use std::ops::Deref;
use std::sync::OnceLock;

use cors_rules::encoding::Reader;
use cors_rules::exact_table;
use cors_rules::pattern::{OriginEntry, parse_origin_entry};
use http::HeaderValue;

use crate::matching::env::EnvOrigins;
use crate::matching::headers::AllowHeaders;
use crate::matching::methods::AllowMethods;
use crate::matching::origins::{AllowOrigin, AsyncPredicate, OriginList, OriginRegex, Predicate};

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
    form: Form,
    adapter_values: AdapterValues,
}

/// A framework adapter's own copies of the header values a policy always
/// writes, in that framework's types, made on first use so that no answer
/// copies them again (actix-web speaks `http` 0.2, the core `http` 1).
/// Held as `Any` so the core names no framework.
struct AdapterValues(OnceLock<Box<dyn std::any::Any + Send + Sync>>);

impl AdapterValues {
    const fn new() -> AdapterValues {
        AdapterValues(OnceLock::new())
    }
}

impl std::fmt::Debug for AdapterValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdapterValues")
    }
}

/// How a policy's settings are held: built field by field, or as the
/// attribute's string, read on first use.
#[derive(Debug)]
enum Form {
    Built(Settings),
    Encoded {
        text: &'static str,
        env: &'static [&'static EnvOrigins],
        predicates: &'static [Predicate],
        async_predicates: &'static [AsyncPredicate],
        settings: OnceLock<Settings>,
    },
}

/// What a policy allows. Read through [`Policy`] (it dereferences to
/// this); the fields are the runtime's.
#[doc(hidden)]
#[derive(Debug)]
pub struct Settings {
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

impl Deref for Policy {
    type Target = Settings;

    fn deref(&self) -> &Settings {
        match &self.form {
            Form::Built(settings) => settings,
            Form::Encoded {
                text,
                env,
                predicates,
                async_predicates,
                settings,
            } => settings.get_or_init(|| {
                // The attribute wrote the text after checking every value;
                // a text that does not read back (only possible by hand)
                // allows nothing rather than panicking.
                decode(text, env, predicates, async_predicates).unwrap_or(REFUSE_ALL)
            }),
        }
    }
}

impl Policy {
    /// A policy as the attribute writes it: `text` from
    /// [`cors_rules::encoding::Writer`] (see `cors-macros/src/expand.rs`),
    /// read on first use. Not a public API.
    #[doc(hidden)]
    pub const fn __encoded(handler: &'static str, text: &'static str) -> Policy {
        Policy::__encoded_with(handler, text, &[], &[], &[])
    }

    /// [`Policy::__encoded`] with the entries a string cannot hold:
    /// `env(...)` statics and `with(...)` functions.
    #[doc(hidden)]
    pub const fn __encoded_with(
        handler: &'static str,
        text: &'static str,
        env: &'static [&'static EnvOrigins],
        predicates: &'static [Predicate],
        async_predicates: &'static [AsyncPredicate],
    ) -> Policy {
        Policy {
            handler,
            form: Form::Encoded {
                text,
                env,
                predicates,
                async_predicates,
                settings: OnceLock::new(),
            },
            adapter_values: AdapterValues::new(),
        }
    }

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
            form: Form::Built(Settings {
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
            }),
            adapter_values: AdapterValues::new(),
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
    // Meant to initialise a `static` (`static P: Policy = Policy::UNCONFIGURED;`):
    // each such static gets its own empty caches.
    #[allow(clippy::declare_interior_mutable_const)]
    pub const UNCONFIGURED: Policy = Policy {
        handler: "",
        form: Form::Built(REFUSE_ALL),
        adapter_values: AdapterValues::new(),
    };

    /// The adapter's copies of this policy's values (see `AdapterValues`),
    /// made by `make` on first use; `None` if another adapter's type is
    /// already there (one adapter uses this at a time).
    #[cfg_attr(not(feature = "actix-web"), allow(dead_code))]
    pub(crate) fn adapter_values<T: std::any::Any + Send + Sync>(
        &self,
        make: impl FnOnce(&Settings) -> T,
    ) -> Option<&T> {
        self.adapter_values
            .0
            .get_or_init(|| Box::new(make(self)))
            .downcast_ref()
    }
}

/// Settings that allow nothing: [`Policy::UNCONFIGURED`]'s, and those of a
/// policy whose text did not read back.
const REFUSE_ALL: Settings = Settings {
    origins: AllowOrigin::List(OriginList::__new(&[], &[], None, &[], &[], &[])),
    methods: AllowMethods::__new(
        &[],
        HeaderValue::from_static(""),
        HeaderValue::from_static("OPTIONS"),
    ),
    headers: AllowHeaders::__list(&[], None),
    expose_headers: &[],
    expose_value: None,
    credentials: false,
    max_age: None,
    private_network: false,
    csrf: false,
    origin_entries: &[],
};

/// A list read once for a `static` policy and kept for the life of the
/// process, as the attribute's `&'static` slices are.
fn keep<T>(items: Vec<T>) -> &'static [T] {
    items.leak()
}

/// `names` joined as a header value (`None` when there are none).
fn joined(names: &[&str]) -> Option<Option<HeaderValue>> {
    if names.is_empty() {
        return Some(None);
    }
    HeaderValue::from_str(&names.join(", ")).ok().map(Some)
}

/// Reads the attribute's text (written by `cors-macros/src/expand.rs`, in
/// this order) into settings; `None` when it does not read back.
fn decode(
    text: &'static str,
    env: &'static [&'static EnvOrigins],
    predicates: &'static [Predicate],
    async_predicates: &'static [AsyncPredicate],
) -> Option<Settings> {
    let mut reader = Reader::new(text);
    let any_origin = reader.flag()?;
    let exact = reader.list()?;
    let patterns = reader.list()?;
    let regexes = reader.list()?;
    let methods = reader.list()?;
    let mirror_headers = reader.flag()?;
    let headers = reader.list()?;
    let expose_headers = reader.list()?;
    let credentials = reader.flag()?;
    let max_age = reader.text()?;
    let private_network = reader.flag()?;
    let csrf = reader.flag()?;
    let origin_entries = reader.list()?;
    if !reader.is_done() {
        return None;
    }

    let origins = if any_origin {
        AllowOrigin::Any
    } else {
        let slots = exact_table::build(&exact)
            .into_iter()
            .map(|slot| slot.map_or("", |index| exact[index]))
            .collect();
        // The same parser the attribute checked each entry with.
        let patterns = patterns
            .iter()
            .map(|entry| match parse_origin_entry(entry) {
                Ok(OriginEntry::Pattern(pattern)) => Some(pattern),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let regex = (!regexes.is_empty()).then(|| OriginRegex::__set(keep(regexes)));
        AllowOrigin::List(OriginList::__new(
            keep(slots),
            keep(patterns),
            regex,
            env,
            predicates,
            async_predicates,
        ))
    };
    let mut allow = methods.clone();
    if !allow.contains(&"OPTIONS") {
        allow.push("OPTIONS");
    }
    let methods_value = joined(&methods)?.unwrap_or(HeaderValue::from_static(""));
    let allow_value = joined(&allow)?.unwrap_or(HeaderValue::from_static("OPTIONS"));
    let methods = AllowMethods::__new(keep(methods), methods_value, allow_value);
    let headers = if mirror_headers {
        AllowHeaders::Mirror
    } else {
        let value = joined(&headers)?;
        AllowHeaders::__list(keep(headers), value)
    };
    let expose_value = joined(&expose_headers)?;
    let max_age = match max_age {
        "" => None,
        seconds => Some((seconds.parse().ok()?, HeaderValue::from_str(seconds).ok()?)),
    };
    Some(Settings {
        origins,
        methods,
        headers,
        expose_headers: keep(expose_headers),
        expose_value,
        credentials,
        max_age,
        private_network,
        csrf,
        origin_entries: keep(origin_entries),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cors_rules::encoding::Writer;

    fn encoded(write: impl FnOnce(&mut Writer)) -> &'static Policy {
        let mut writer = Writer::default();
        write(&mut writer);
        let text: &'static str = writer.finish().leak();
        Box::leak(Box::new(Policy::__encoded("handler", text)))
    }

    /// Every setting the attribute writes reads back as the same policy.
    #[test]
    fn an_encoded_policy_reads_back() {
        let policy = encoded(|w| {
            w.flag(false);
            w.list(["https://myapp.com"]);
            w.list(["https://*.myapp.com", "http://localhost:*"]);
            w.list([
                cors_rules::regex_check::anchored(r"^https://pr-\d+\.preview\.example$").leak()
                    as &str,
            ]);
            w.list(["GET", "POST"]);
            w.flag(false);
            w.list(["authorization", "content-type"]);
            w.list(["x-request-id"]);
            w.flag(true);
            w.text("600");
            w.flag(true);
            w.flag(true);
            w.list([
                "https://myapp.com",
                "https://*.myapp.com",
                "http://localhost:*",
                "regex(...)",
            ]);
        });
        assert!(policy.allows_origin("https://myapp.com"));
        assert!(policy.allows_origin("https://api.myapp.com"));
        assert!(policy.allows_origin("http://localhost:5173"));
        assert!(policy.allows_origin("https://pr-42.preview.example"));
        assert!(!policy.allows_origin("https://myapp.com.evil.example"));
        assert!(!policy.allows_origin("https://evil.example"));
        assert_eq!(policy.methods(), ["GET", "POST"]);
        assert_eq!(policy.methods.header_value(), "GET, POST");
        assert_eq!(policy.methods.allow_value(), "GET, POST, OPTIONS");
        assert_eq!(
            policy.allowed_headers(),
            Some(&["authorization", "content-type"][..])
        );
        assert_eq!(policy.exposed_headers(), ["x-request-id"]);
        assert_eq!(policy.expose_value.as_ref().unwrap(), "x-request-id");
        assert!(policy.credentials() && policy.private_network() && policy.csrf());
        assert_eq!(policy.max_age(), Some(600));
        assert_eq!(policy.origin_entries().len(), 4);
    }

    /// A text that does not read back allows nothing, and never panics.
    #[test]
    fn a_damaged_text_allows_nothing() {
        for text in ["", "1:0", "1:x0#", "1:00#0#0#1:GET"] {
            let policy: &'static Policy = Box::leak(Box::new(Policy::__encoded("h", text)));
            assert!(!policy.allows_origin("https://myapp.com"), "{text:?}");
            assert!(policy.methods().is_empty());
            assert!(!policy.credentials());
        }
        let any = encoded(|w| {
            w.flag(true);
            for _ in 0..4 {
                w.list([]);
            }
        });
        assert!(!any.allows_origin("https://myapp.com"), "a text cut short");
    }
}
