//! One type for every configuration mistake, so that compile errors and the
//! run-time startup report say the same thing in the same words.

use std::fmt;

/// Which rule a [`Problem`] breaks.
///
/// Stable enough to match on in tests; the wording lives in the message.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The origin is not a serialized origin (`scheme://host[:port]`).
    MalformedOrigin,
    /// The origin is written in a way browsers never send (uppercase, a
    /// default port, a trailing slash, a trailing dot).
    NonCanonicalOrigin,
    /// `"null"`: sent by sandboxed iframes and `file:` pages, never safe to allow.
    NullOrigin,
    /// `"*"` inside a list of origins.
    StarInList,
    /// A `*` anywhere but the whole leftmost DNS label or the whole port.
    WildcardPlacement,
    /// A wildcard over a public suffix (`*.com`, `*.co.uk`, `*.github.io`)
    /// or over an IP address.
    WildcardTooBroad,
    /// A regex that does not compile.
    RegexSyntax,
    /// A regex with a `.` that matches any character where a dot of a host
    /// name was meant.
    RegexUnescapedDot,
    /// A regex whose wildcard part runs straight into the domain with no
    /// `\.` between them (`.*myapp\.com` matches `evilmyapp.com`).
    RegexSuffixMatch,
    /// A regex whose host can be any domain (`^https://.*$`), together with
    /// `credentials = true`: the same grant as `origins = any`.
    RegexAnyHost,
    /// A regex that can match no origin a browser sends (an uppercase
    /// scheme or host, say).
    RegexMatchesNothing,
    /// A regex the rules cannot analyse, refused rather than passed.
    RegexUnanalysable,
    /// `origins = any` together with `credentials = true`.
    AnyWithCredentials,
    /// An `http://` origin that is not loopback together with credentials.
    InsecureOriginWithCredentials,
    /// A method that is not an HTTP token.
    MalformedMethod,
    /// `get` where `GET` was meant.
    LowercaseMethod,
    /// `CONNECT`, `TRACE` or `TRACK`.
    ForbiddenMethod,
    /// `"*"` in `methods`.
    StarMethod,
    /// A header name that is not an HTTP token.
    MalformedHeader,
    /// A request header browsers never let a script set (a warning: it
    /// does nothing, and harms nothing).
    ForbiddenRequestHeader,
    /// `OPTIONS` in `methods` (a warning: preflights are answered anyway).
    OptionsMethod,
    /// A `max_age` above Chromium's cap of 7200 seconds (a warning).
    MaxAgeAboveChromium,
    /// A response header browsers never let a script read.
    ForbiddenExposedHeader,
    /// `"*"` inside a list of headers.
    StarHeader,
    /// The same value twice in one list.
    Duplicate,
    /// A `max_age` longer than any browser keeps a preflight.
    MaxAgeTooLong,
    /// `origins = any` together with `private_network = true`.
    AnyWithPrivateNetwork,
    /// `origins = any` together with `csrf = true`: every origin is
    /// trusted, so the protection would refuse nothing.
    AnyWithCsrf,
    /// An environment variable that holds no origin at all.
    EmptyList,
}

/// A configuration mistake: which rule, the offending value, what is wrong,
/// and what to write instead.
///
/// Displays as the message, a newline, and a line starting `help:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    kind: ProblemKind,
    value: String,
    message: String,
    help: String,
}

impl Problem {
    /// A problem with `value` as the offending input.
    #[doc(hidden)]
    pub fn new(
        kind: ProblemKind,
        value: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Problem {
            kind,
            value: value.into(),
            message: message.into(),
            help: help.into(),
        }
    }

    /// Which rule was broken.
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    /// The offending input, as the user wrote it.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What is wrong, naming the value.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to write instead (without the `help: ` prefix).
    pub fn help(&self) -> &str {
        &self.help
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\nhelp: {}", self.message, self.help)
    }
}

impl std::error::Error for Problem {}
