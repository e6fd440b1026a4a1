//! Origin entries of a policy: an exact origin, or a pattern with a `*` in
//! place of the leftmost DNS labels (`https://*.myapp.com`) or of the port
//! (`http://localhost:*`).
//!
//! Wildcards stand for whole labels only, so `https://*.myapp.com` can never
//! match `https://evilmyapp.com` or `https://myapp.com.evil.com`.

use crate::origin::{Origin, OriginFault, explain};
use crate::public_suffix::is_public_suffix;
use crate::{Problem, ProblemKind};

/// One allowed-origin entry, borrowing from the configured text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginEntry<'a> {
    /// An exact serialized origin, matched byte for byte.
    Exact(&'a str),
    /// A wildcard pattern.
    Pattern(OriginPattern<'a>),
}

/// A pattern over origins: scheme, host and port, each exact or wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OriginPattern<'a> {
    /// The scheme, matched exactly: a pattern never downgrades `https` to `http`.
    pub scheme: &'a str,
    /// Which hosts.
    pub host: HostPattern<'a>,
    /// Which ports.
    pub port: PortPattern,
}

/// The host part of an [`OriginPattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostPattern<'a> {
    /// Exactly this host.
    Exact(&'a str),
    /// One or more DNS labels followed by `.` and this suffix
    /// (`Subdomains("myapp.com")` is `*.myapp.com`).
    Subdomains(&'a str),
}

/// The port part of an [`OriginPattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortPattern {
    /// No port in the origin: the scheme's default.
    Default,
    /// Exactly this port.
    Exact(u16),
    /// Any port, or none (`:*`).
    Any,
}

impl OriginPattern<'_> {
    /// Whether a parsed request origin matches this pattern.
    ///
    /// ```
    /// use cors_rules::origin::Origin;
    /// use cors_rules::pattern::{parse_origin_entry, OriginEntry};
    ///
    /// let OriginEntry::Pattern(pattern) = parse_origin_entry("https://*.myapp.com").unwrap() else { panic!() };
    /// assert!(pattern.matches(&Origin::parse("https://a.b.myapp.com").unwrap()));
    /// assert!(!pattern.matches(&Origin::parse("https://myapp.com").unwrap()));
    /// assert!(!pattern.matches(&Origin::parse("https://evilmyapp.com").unwrap()));
    /// assert!(!pattern.matches(&Origin::parse("http://a.myapp.com").unwrap()));
    /// ```
    #[inline]
    pub fn matches(&self, origin: &Origin<'_>) -> bool {
        let port_matches = match self.port {
            PortPattern::Default => origin.port.is_none(),
            PortPattern::Exact(port) => origin.port == Some(port),
            PortPattern::Any => true,
        };
        port_matches && self.scheme == origin.scheme && self.host.matches(origin.host)
    }

    /// Whether every origin this pattern matches is on the local machine.
    pub fn is_loopback(&self) -> bool {
        match self.host {
            HostPattern::Exact(host) | HostPattern::Subdomains(host) => {
                crate::origin::is_loopback_host(host)
            }
        }
    }
}

impl HostPattern<'_> {
    /// Whether `host` (already validated by [`Origin::parse`]) matches.
    #[inline]
    pub fn matches(&self, host: &str) -> bool {
        match *self {
            HostPattern::Exact(exact) => host == exact,
            HostPattern::Subdomains(suffix) => {
                host.len() > suffix.len() + 1
                    && host.ends_with(suffix)
                    && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
                    && !host.starts_with('[')
            }
        }
    }
}

impl OriginEntry<'_> {
    /// The scheme of the entry.
    pub fn scheme(&self) -> &str {
        match self {
            OriginEntry::Exact(text) => text.split("://").next().unwrap_or(""),
            OriginEntry::Pattern(pattern) => pattern.scheme,
        }
    }

    /// Whether every origin this entry admits is on the local machine.
    pub fn is_loopback(&self) -> bool {
        match self {
            OriginEntry::Exact(text) => Origin::parse(text).is_ok_and(|o| o.is_loopback()),
            OriginEntry::Pattern(pattern) => pattern.is_loopback(),
        }
    }
}

/// Checks one configured origin entry (exact or wildcard) and explains what
/// is wrong with it.
///
/// ```
/// use cors_rules::pattern::{parse_origin_entry, OriginEntry};
/// use cors_rules::ProblemKind;
///
/// assert!(matches!(parse_origin_entry("https://myapp.com"), Ok(OriginEntry::Exact(_))));
/// assert!(matches!(parse_origin_entry("http://localhost:*"), Ok(OriginEntry::Pattern(_))));
/// let problem = parse_origin_entry("https://*.co.uk").unwrap_err();
/// assert_eq!(problem.kind(), ProblemKind::WildcardTooBroad);
/// ```
pub fn parse_origin_entry(text: &str) -> Result<OriginEntry<'_>, Problem> {
    if text == "*" {
        return Err(Problem::new(
            ProblemKind::StarInList,
            text,
            "origin \"*\" inside a list allows every origin",
            "write `origins = any` to allow every origin (without credentials), or list the origins",
        ));
    }
    if !text.contains('*') {
        return match Origin::parse(text) {
            Ok(_) => Ok(OriginEntry::Exact(text)),
            Err(fault) => Err(explain(text, fault)),
        };
    }
    parse_wildcard(text).map(OriginEntry::Pattern)
}

fn parse_wildcard(text: &str) -> Result<OriginPattern<'_>, Problem> {
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(explain(text, OriginFault::MissingScheme));
    };
    let (subdomains, rest) = match rest.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (any_port, rest) = match rest.strip_suffix(":*") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if scheme.contains('*') || rest.contains('*') {
        return Err(misplaced_wildcard(text, rest));
    }

    // Check what is left with the wildcards taken out, as an exact origin.
    let probe = format!("{scheme}://{rest}");
    let parsed = match Origin::parse(&probe) {
        Ok(parsed) => parsed,
        Err(fault) => return Err(explain(text, fault)),
    };
    let host = &rest[..parsed.host.len()];
    if any_port && parsed.port.is_some() {
        return Err(misplaced_wildcard(text, rest));
    }
    let port = match (any_port, parsed.port) {
        (true, _) => PortPattern::Any,
        (false, Some(port)) => PortPattern::Exact(port),
        (false, None) => PortPattern::Default,
    };
    let host = if subdomains {
        check_wildcard_suffix(text, host)?;
        HostPattern::Subdomains(host)
    } else {
        HostPattern::Exact(host)
    };
    Ok(OriginPattern {
        scheme: &text[..scheme.len()],
        host,
        port,
    })
}

fn misplaced_wildcard(text: &str, rest: &str) -> Problem {
    let help = if rest.starts_with("*.") {
        "`*.` already stands for one or more labels: write a single `*.` in front of the domain"
            .to_owned()
    } else if text.ends_with("://*") {
        "to allow every origin write `origins = any`; to allow subdomains write `scheme://*.domain`"
            .to_owned()
    } else if let Some(domain) = text
        .split_once("://")
        .and_then(|(_, rest)| rest.strip_prefix('*'))
        .filter(|domain| !domain.starts_with('.') && !domain.is_empty())
    {
        format!(
            "a wildcard stands for whole DNS labels: write \"{}://*.{domain}\" for subdomains of {domain}",
            text.split("://").next().unwrap_or("https")
        )
    } else {
        "use `*` only as the whole leftmost label (`https://*.myapp.com`) or the whole port (`http://localhost:*`), or write a `regex(...)` entry".to_owned()
    };
    Problem::new(
        ProblemKind::WildcardPlacement,
        text,
        format!(
            "origin \"{text}\" has a `*` that is not the whole leftmost DNS label or the whole port"
        ),
        help,
    )
}

fn check_wildcard_suffix(text: &str, suffix: &str) -> Result<(), Problem> {
    let is_ip = suffix.starts_with('[')
        || suffix
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()));
    if is_ip {
        return Err(Problem::new(
            ProblemKind::WildcardTooBroad,
            text,
            format!("origin \"{text}\" puts a wildcard in front of an IP address"),
            "list the IP origins you serve, exactly",
        ));
    }
    if is_public_suffix(suffix) {
        return Err(Problem::new(
            ProblemKind::WildcardTooBroad,
            text,
            format!(
                "origin \"{text}\" puts a wildcard over the public suffix `{suffix}`: anyone can register a site under it"
            ),
            format!(
                "put the wildcard over a domain you own: \"{}://*.yourdomain.{suffix}\"",
                text.split("://").next().unwrap_or("https")
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> OriginPattern<'_> {
        match parse_origin_entry(text) {
            Ok(OriginEntry::Pattern(pattern)) => pattern,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn matches(pattern: &OriginPattern<'_>, origin: &str) -> bool {
        Origin::parse(origin).is_ok_and(|origin| pattern.matches(&origin))
    }

    #[test]
    fn subdomain_wildcard_matches_whole_labels_only() {
        let p = pattern("https://*.myapp.com");
        assert_eq!(p.host, HostPattern::Subdomains("myapp.com"));
        for ok in [
            "https://a.myapp.com",
            "https://a.b.myapp.com",
            "https://xn--80ak6aa92e.myapp.com",
        ] {
            assert!(matches(&p, ok), "{ok}");
        }
        for bad in [
            "https://myapp.com",
            "https://.myapp.com",
            "https://evilmyapp.com",
            "https://myapp.com.evil.com",
            "https://evil.com?.myapp.com",
            "https://evil.com/.myapp.com",
            "https://evil.com#.myapp.com",
            "https://a.myapp.com:8443",
            "http://a.myapp.com",
            "https://A.myapp.com",
            "https://a.myapp.com.",
            "https://a_b.myapp.com",
        ] {
            assert!(!matches(&p, bad), "{bad}");
        }
    }

    #[test]
    fn port_wildcard_matches_any_port_of_that_host() {
        let p = pattern("http://localhost:*");
        assert_eq!(p.port, PortPattern::Any);
        for ok in [
            "http://localhost",
            "http://localhost:3000",
            "http://localhost:65535",
        ] {
            assert!(matches(&p, ok), "{ok}");
        }
        for bad in [
            "https://localhost:3000",
            "http://localhost.evil.com:3000",
            "http://evillocalhost:3000",
            "http://localhost:99999",
        ] {
            assert!(!matches(&p, bad), "{bad}");
        }
        let both = pattern("https://*.myapp.com:*");
        assert!(matches(&both, "https://a.myapp.com:8443"));
        assert!(!matches(&both, "https://myapp.com:8443"));
        let fixed_port = pattern("https://*.myapp.com:8443");
        assert!(matches(&fixed_port, "https://a.myapp.com:8443"));
        assert!(!matches(&fixed_port, "https://a.myapp.com"));
    }

    #[test]
    fn refuses_misplaced_and_too_broad_wildcards() {
        for (text, kind) in [
            ("*", ProblemKind::StarInList),
            ("https://*", ProblemKind::WildcardPlacement),
            ("https://*myapp.com", ProblemKind::WildcardPlacement),
            ("https://api.*.myapp.com", ProblemKind::WildcardPlacement),
            ("https://*.*.myapp.com", ProblemKind::WildcardPlacement),
            ("*://myapp.com", ProblemKind::WildcardPlacement),
            ("https://myapp.*", ProblemKind::WildcardPlacement),
            ("https://myapp.com:8*", ProblemKind::WildcardPlacement),
            ("https://*.com", ProblemKind::WildcardTooBroad),
            ("https://*.co.uk", ProblemKind::WildcardTooBroad),
            ("https://*.github.io", ProblemKind::WildcardTooBroad),
            ("https://*.0.0.1", ProblemKind::WildcardTooBroad),
            ("https://*.myapp.com/", ProblemKind::NonCanonicalOrigin),
            ("https://*.MyApp.com", ProblemKind::NonCanonicalOrigin),
        ] {
            let problem = parse_origin_entry(text).unwrap_err();
            assert_eq!(problem.kind(), kind, "{text}: {problem}");
            assert!(problem.message().contains(text), "{problem}");
        }
        let help = parse_origin_entry("https://*myapp.com").unwrap_err();
        assert!(help.help().contains("https://*.myapp.com"), "{help}");
    }
}
