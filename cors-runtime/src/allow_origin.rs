//! Matching a request's `Origin` against the allowed origins.
//!
//! Exact origins sit in a hash table built at compile time (one hash, one
//! comparison, whatever their number). Wildcard patterns and the regex run
//! only on an origin that [`Origin::parse`] accepts, so a pattern never sees
//! a spelling a browser would not send.

use std::sync::OnceLock;

use cors_rules::exact_table;
use cors_rules::origin::Origin;
use cors_rules::pattern::OriginPattern;
use regex::Regex;

/// Which origins a policy admits.
#[derive(Debug)]
pub enum AllowOrigin {
    /// Every origin: answered with `Access-Control-Allow-Origin: *`.
    Any,
    /// The listed origins, echoed back when they match.
    List(OriginList),
}

impl AllowOrigin {
    /// Whether `origin` (the header's exact text) is admitted.
    ///
    /// ```
    /// use cors_runtime::allow_origin::AllowOrigin;
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

/// Exact origins, wildcard patterns and regexes, checked cheapest first.
#[derive(Debug)]
pub struct OriginList {
    exact: &'static [&'static str],
    patterns: &'static [OriginPattern<'static>],
    regex: Option<OriginRegex>,
}

impl OriginList {
    /// `exact` is a slot table from [`cors_rules::exact_table::build`],
    /// with `""` in empty slots.
    #[doc(hidden)]
    pub const fn __new(
        exact: &'static [&'static str],
        patterns: &'static [OriginPattern<'static>],
        regex: Option<OriginRegex>,
    ) -> OriginList {
        OriginList {
            exact,
            patterns,
            regex,
        }
    }

    /// Whether `origin` is admitted by any entry.
    pub fn allows(&self, origin: &str) -> bool {
        if exact_table::lookup(self.exact, origin) {
            return true;
        }
        if self.patterns.is_empty() && self.regex.is_none() {
            return false;
        }
        let Ok(parsed) = Origin::parse(origin) else {
            return false;
        };
        self.patterns.iter().any(|pattern| pattern.matches(&parsed))
            || self
                .regex
                .as_ref()
                .is_some_and(|regex| regex.matches(origin))
    }
}

/// The policy's `regex(...)` entries joined into one anchored pattern,
/// compiled on first use and kept for the life of the process.
#[derive(Debug)]
pub struct OriginRegex {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl OriginRegex {
    /// `source` is already anchored and was checked at compile time.
    #[doc(hidden)]
    pub const fn __new(source: &'static str) -> OriginRegex {
        OriginRegex {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Whether the whole `origin` matches. A regex that fails to build
    /// (beyond the size limits, say) matches nothing: it fails closed.
    pub fn matches(&self, origin: &str) -> bool {
        self.compiled
            .get_or_init(|| Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|regex| regex.is_match(origin))
    }
}
