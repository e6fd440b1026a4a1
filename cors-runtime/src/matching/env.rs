//! `env("VAR")` origin entries: origins read from the environment once, on
//! first use, and checked with the same rules as origins in the attribute.
//!
//! A variable with any invalid entry allows no origin at all (it fails
//! closed), and [`check_environment`](crate::startup::check_environment) reports every problem of every such
//! entry in the program, so `main` can refuse to start instead.

use std::sync::OnceLock;

use cors_rules::exact_table;
use cors_rules::origin::Origin;
use cors_rules::origin_list::parse_origin_list;
use cors_rules::pattern::{OriginEntry, OriginPattern, parse_origin_entry};
use cors_rules::{Problem, ProblemKind};

/// One `env("VAR", default = [...])` entry of a policy.
#[derive(Debug)]
pub struct EnvOrigins {
    var: &'static str,
    default: &'static [&'static str],
    credentials: bool,
    loaded: OnceLock<Loaded>,
}

/// Where the loaded origins came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvSource {
    /// The variable was set.
    Variable,
    /// The variable was unset: the attribute's `default` (possibly empty).
    Default,
}

#[derive(Debug)]
struct Loaded {
    source: EnvSource,
    /// Exact origins in the shared table layout (`""` marks an empty slot).
    exact: Vec<&'static str>,
    patterns: Vec<OriginPattern<'static>>,
    problems: Vec<Problem>,
}

impl EnvOrigins {
    /// `default` was checked at compile time; `credentials` is the policy's.
    #[doc(hidden)]
    pub const fn __new(
        var: &'static str,
        default: &'static [&'static str],
        credentials: bool,
    ) -> EnvOrigins {
        EnvOrigins {
            var,
            default,
            credentials,
            loaded: OnceLock::new(),
        }
    }

    /// The variable's name.
    pub fn var(&self) -> &'static str {
        self.var
    }

    /// Whether the origins came from the variable or from the default.
    pub fn source(&self) -> EnvSource {
        self.load().source
    }

    /// Every problem in the variable's value; empty when it is valid. Any
    /// problem means this entry allows no origin.
    pub fn problems(&self) -> &[Problem] {
        &self.load().problems
    }

    /// Whether `origin` (exact text) or its parsed form is admitted.
    pub(crate) fn allows(&self, origin: &str, parsed: Option<&Origin<'_>>) -> bool {
        let loaded = self.load();
        exact_table::lookup(&loaded.exact, origin)
            || parsed.is_some_and(|parsed| loaded.patterns.iter().any(|p| p.matches(parsed)))
    }

    fn load(&self) -> &Loaded {
        self.loaded.get_or_init(|| match std::env::var(self.var) {
            Ok(text) => {
                // Read once per process: keeping the text for the life of the
                // program lets the patterns borrow from it.
                let text: &'static str = Box::leak(text.into_boxed_str());
                match parse_origin_list(text, self.credentials) {
                    Ok(entries) => Loaded::from_entries(EnvSource::Variable, entries),
                    Err(problems) => Loaded::failed(EnvSource::Variable, problems),
                }
            }
            Err(std::env::VarError::NotPresent) => {
                let entries = self
                    .default
                    .iter()
                    .filter_map(|entry| parse_origin_entry(entry).ok())
                    .collect();
                Loaded::from_entries(EnvSource::Default, entries)
            }
            Err(std::env::VarError::NotUnicode(_)) => Loaded::failed(
                EnvSource::Variable,
                vec![Problem::new(
                    ProblemKind::MalformedOrigin,
                    self.var,
                    format!("environment variable {} is not valid UTF-8", self.var),
                    "set it to comma-separated origins such as \"https://myapp.com,https://www.myapp.com\"",
                )],
            ),
        })
    }
}

impl Loaded {
    fn from_entries(source: EnvSource, entries: Vec<OriginEntry<'static>>) -> Loaded {
        let mut exact = Vec::new();
        let mut patterns = Vec::new();
        for entry in entries {
            match entry {
                OriginEntry::Exact(origin) => exact.push(origin),
                OriginEntry::Pattern(pattern) => patterns.push(pattern),
            }
        }
        exact.sort_unstable();
        exact.dedup();
        let slots = exact_table::build(&exact)
            .into_iter()
            .map(|slot| slot.map_or("", |index| exact[index]))
            .collect();
        Loaded {
            source,
            exact: slots,
            patterns,
            problems: Vec::new(),
        }
    }

    fn failed(source: EnvSource, problems: Vec<Problem>) -> Loaded {
        Loaded {
            source,
            exact: Vec::new(),
            patterns: Vec::new(),
            problems,
        }
    }
}
