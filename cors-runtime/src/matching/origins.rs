//! Matching a request's `Origin` against the allowed origins.
//!
//! Exact origins sit in a hash table built once per policy (one hash, one
//! comparison, whatever their number). Wildcard patterns and the regex run
//! only on an origin that [`Origin::parse`] accepts, so a pattern never sees
//! a spelling a browser would not send.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use cors_rules::exact_table;
use cors_rules::origin::Origin;
use cors_rules::pattern::OriginPattern;
use regex::RegexSet;

use crate::matching::env::EnvOrigins;

/// A `with(path)` entry: decides an origin at run time. It is called only
/// with an origin that is well-formed, and only when the cheaper entries
/// did not already allow it. It must be cheap and must never simply return
/// `true` (with credentials that hands every site the user's session).
pub type Predicate = fn(&str) -> bool;

/// The future an async `with(async path)` entry returns.
pub type PredicateFuture<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

/// A `with(async path)` entry: like [`Predicate`], awaited last, for origins
/// kept in a database (a tenant table).
pub type AsyncPredicate = for<'a> fn(&'a str) -> PredicateFuture<'a>;

/// Which origins a policy admits.
#[derive(Debug)]
pub enum AllowOrigin {
    /// Every origin: answered with `Access-Control-Allow-Origin: *`.
    Any,
    /// The listed origins, echoed back when they match.
    List(OriginList),
}

impl AllowOrigin {
    /// The `env(...)` entries, if any.
    pub fn env_entries(&self) -> &'static [&'static EnvOrigins] {
        match self {
            AllowOrigin::Any => &[],
            AllowOrigin::List(list) => list.env,
        }
    }

    /// Whether some entry has to be awaited (`with(async ...)`).
    pub fn is_async(&self) -> bool {
        matches!(self, AllowOrigin::List(list) if !list.async_predicates.is_empty())
    }

    /// [`AllowOrigin::allows`], then the `with(async ...)` entries.
    pub async fn allows_async(&self, origin: &str) -> bool {
        match self {
            AllowOrigin::Any => true,
            AllowOrigin::List(list) => list.allows_async(origin).await,
        }
    }

    /// Whether `origin` (the header's exact text) is admitted.
    ///
    /// ```
    /// use cors_runtime::matching::origins::AllowOrigin;
    ///
    /// assert!(AllowOrigin::Any.allows("https://anything.example"));
    /// ```
    pub fn allows(&self, origin: &str) -> bool {
        match self {
            AllowOrigin::Any => true,
            AllowOrigin::List(list) => list.allows(origin),
        }
    }
}

/// Exact origins, wildcard patterns, regexes, environment entries and
/// predicates, checked cheapest first.
#[derive(Debug)]
pub struct OriginList {
    exact: &'static [&'static str],
    patterns: &'static [OriginPattern<'static>],
    regex: Option<OriginRegex>,
    env: &'static [&'static EnvOrigins],
    predicates: &'static [Predicate],
    async_predicates: &'static [AsyncPredicate],
}

impl OriginList {
    /// `exact` is a slot table from [`cors_rules::exact_table::build`],
    /// with `""` in empty slots.
    #[doc(hidden)]
    pub const fn __new(
        exact: &'static [&'static str],
        patterns: &'static [OriginPattern<'static>],
        regex: Option<OriginRegex>,
        env: &'static [&'static EnvOrigins],
        predicates: &'static [Predicate],
        async_predicates: &'static [AsyncPredicate],
    ) -> OriginList {
        OriginList {
            exact,
            patterns,
            regex,
            env,
            predicates,
            async_predicates,
        }
    }

    /// Whether `origin` is admitted by any entry but the async ones.
    pub fn allows(&self, origin: &str) -> bool {
        self.check(origin, false) == Verdict::Allowed
    }

    /// The entries but the async ones, cheapest first. `parse_anyway`
    /// parses the origin even when no entry needs it, so the caller learns
    /// whether it is well-formed (for the async entries) without parsing
    /// it a second time.
    fn check(&self, origin: &str, parse_anyway: bool) -> Verdict {
        if exact_table::lookup(self.exact, origin) {
            return Verdict::Allowed;
        }
        if !parse_anyway
            && self.patterns.is_empty()
            && self.regex.is_none()
            && self.env.is_empty()
            && self.predicates.is_empty()
        {
            return Verdict::Refused;
        }
        let Ok(parsed) = Origin::parse(origin) else {
            return Verdict::Malformed;
        };
        let allowed = self.patterns.iter().any(|pattern| pattern.matches(&parsed))
            || self.env.iter().any(|env| env.allows(origin, Some(&parsed)))
            || self
                .regex
                .as_ref()
                .is_some_and(|regex| regex.matches(origin))
            || self.predicates.iter().any(|predicate| predicate(origin));
        if allowed {
            Verdict::Allowed
        } else {
            Verdict::Refused
        }
    }

    /// [`OriginList::allows`], then each `with(async ...)` entry in turn
    /// (only for a well-formed origin; it is parsed once).
    pub async fn allows_async(&self, origin: &str) -> bool {
        let has_async = !self.async_predicates.is_empty();
        match self.check(origin, has_async) {
            Verdict::Allowed => return true,
            Verdict::Malformed => return false,
            Verdict::Refused if !has_async => return false,
            Verdict::Refused => {}
        }
        for predicate in self.async_predicates {
            if predicate(origin).await {
                return true;
            }
        }
        false
    }
}

/// What the entries but the async ones say of an origin.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Allowed,
    /// Well-formed (or not parsed: no entry needed it) and not admitted.
    Refused,
    /// Not an origin a browser sends: no entry may admit it.
    Malformed,
}

/// The policy's `regex(...)` entries, each anchored on its own (as
/// `cors_rules::regex_check::anchored` writes it) and matched as one
/// `RegexSet`: a pattern's flags and `(?x)` comments never reach another.
/// Compiled on first use and kept for the life of the process.
#[derive(Debug)]
pub struct OriginRegex {
    sources: Sources,
    compiled: OnceLock<Option<RegexSet>>,
}

#[derive(Debug, Clone, Copy)]
enum Sources {
    One(&'static str),
    Many(&'static [&'static str]),
}

impl OriginRegex {
    /// One pattern, already anchored and checked.
    #[doc(hidden)]
    pub const fn __new(source: &'static str) -> OriginRegex {
        OriginRegex {
            sources: Sources::One(source),
            compiled: OnceLock::new(),
        }
    }

    /// Several patterns, each already anchored and checked at compile time.
    #[doc(hidden)]
    pub const fn __set(sources: &'static [&'static str]) -> OriginRegex {
        OriginRegex {
            sources: Sources::Many(sources),
            compiled: OnceLock::new(),
        }
    }

    /// Whether the whole `origin` matches one of the patterns. Patterns that
    /// fail to build (beyond the size limits, say) match nothing: they fail
    /// closed.
    pub fn matches(&self, origin: &str) -> bool {
        self.compiled
            .get_or_init(|| match self.sources {
                Sources::One(source) => RegexSet::new([source]).ok(),
                Sources::Many(sources) => RegexSet::new(sources).ok(),
            })
            .as_ref()
            .is_some_and(|set| set.is_match(origin))
    }
}

#[cfg(test)]
mod tests {
    use super::{OriginList, OriginRegex, PredicateFuture};
    use cors_rules::regex_check::anchored;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static ASKED: AtomicUsize = AtomicUsize::new(0);

    fn tenant(origin: &str) -> PredicateFuture<'_> {
        ASKED.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { origin == "https://tenant.example" })
    }

    fn ready<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        match future
            .as_mut()
            .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
        {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("the predicate never waits"),
        }
    }

    /// The async entry is asked only about a well-formed origin the other
    /// entries refused (the origin is parsed once for both).
    #[test]
    fn async_entries_see_only_well_formed_refused_origins() {
        const EXACT: [&str; 1] = ["https://app.example"];
        let slots: Vec<&'static str> = cors_rules::exact_table::build(&EXACT)
            .into_iter()
            .map(|slot| slot.map_or("", |index| EXACT[index]))
            .collect();
        let list = OriginList::__new(slots.leak(), &[], None, &[], &[], &[tenant]);
        assert!(ready(list.allows_async("https://app.example")));
        assert_eq!(
            ASKED.load(Ordering::SeqCst),
            0,
            "an exact origin needs no await"
        );
        assert!(ready(list.allows_async("https://tenant.example")));
        assert_eq!(ASKED.load(Ordering::SeqCst), 1);
        assert!(!ready(list.allows_async("https://other.example")));
        assert_eq!(ASKED.load(Ordering::SeqCst), 2);
        assert!(!ready(list.allows_async("https://Tenant.example")));
        assert!(!ready(list.allows_async("https://tenant.example/")));
        assert_eq!(
            ASKED.load(Ordering::SeqCst),
            2,
            "malformed origins never reach it"
        );
    }

    #[test]
    fn each_pattern_keeps_its_own_flags_and_comments() {
        let first: &'static str =
            Box::leak(anchored("(?x) ^https://[a-z]+\\.one\\.com$ # staging").into_boxed_str());
        let second: &'static str =
            Box::leak(anchored("(?i)^https://[a-z]+\\.two\\.com$").into_boxed_str());
        let third: &'static str = Box::leak(anchored(r"^https://a b\.com$").into_boxed_str());
        let sources: &'static [&'static str] = Box::leak(Box::new([first, second, third]));
        let regex = OriginRegex::__set(sources);
        assert!(regex.matches("https://x.one.com"));
        assert!(regex.matches("https://x.two.com"));
        // `(?x)` of the first does not reach the third: its space stays.
        assert!(regex.matches("https://a b.com"));
        assert!(!regex.matches("https://ab.com"));
        assert!(!regex.matches("https://x.one.com.evil.com"));
        assert!(!regex.matches("https://x.three.com"));
    }
}
