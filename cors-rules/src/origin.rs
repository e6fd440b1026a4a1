//! Serialized origins: the exact form browsers put in the `Origin` header.
//!
//! A serialized origin is `scheme://host[:port]` with a lowercase scheme and
//! host, no default port, and nothing after the authority. [`Origin::parse`]
//! accepts that form and nothing else, without allocating, so the runtime can
//! run it on every request header it has to match against a pattern;
//! [`parse_origin`] is the same check with an explanatory [`Problem`] for
//! configuration (attribute literals and environment variables).

use crate::{Problem, ProblemKind};

/// The longest `Origin` value worth looking at. A scheme, `://`, a 253-byte
/// host and a port fit in far less; anything longer is refused unread.
pub const MAX_ORIGIN_LEN: usize = 320;

/// The longest host name DNS allows.
const MAX_HOST_LEN: usize = 253;
/// The longest DNS label.
const MAX_LABEL_LEN: usize = 63;

/// A serialized origin split into its parts, borrowing from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'a> {
    /// Lowercase scheme without `://`, such as `https`.
    pub scheme: &'a str,
    /// Lowercase host: a DNS name, an IPv4 address or a bracketed IPv6 address.
    pub host: &'a str,
    /// The port, absent when it is the scheme's default (browsers omit it).
    pub port: Option<u16>,
}

/// Why a string is not a serialized origin. Small and `Copy`: the runtime
/// refuses hostile `Origin` headers with it without allocating.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginFault {
    /// Nothing at all.
    Empty,
    /// Longer than [`MAX_ORIGIN_LEN`].
    TooLong,
    /// Contains a byte outside printable ASCII.
    NonAscii,
    /// Contains a space or a tab.
    Whitespace,
    /// The literal `null`.
    Null,
    /// Contains `*`.
    Wildcard,
    /// No `scheme://` in front.
    MissingScheme,
    /// The scheme has characters a scheme cannot have.
    BadScheme,
    /// The scheme has uppercase letters.
    UppercaseScheme,
    /// Ends with `/`.
    TrailingSlash,
    /// Has a path after the host.
    Path,
    /// Has a `?query`.
    Query,
    /// Has a `#fragment`.
    Fragment,
    /// Has `user@` or `user:password@`.
    Userinfo,
    /// Nothing between `://` and the port.
    MissingHost,
    /// The host has uppercase letters.
    UppercaseHost,
    /// The host has a character a host name cannot have.
    BadHostChar,
    /// Two dots in a row, or a leading dot.
    EmptyLabel,
    /// The host ends with a dot.
    TrailingDot,
    /// A DNS label longer than 63 bytes, or a host longer than 253.
    TooLongHost,
    /// A `:` with nothing after it.
    EmptyPort,
    /// A port that is not a plain decimal number.
    BadPort,
    /// A port above 65535, or 0.
    PortOutOfRange,
    /// The scheme's default port written out (`https://x.com:443`).
    DefaultPort,
}

impl<'a> Origin<'a> {
    /// Splits `text` if it is a serialized origin exactly as a browser sends
    /// it, and says why not otherwise. Never allocates.
    ///
    /// ```
    /// use cors_rules::origin::{Origin, OriginFault};
    ///
    /// assert!(Origin::parse("http://localhost:3000").is_ok());
    /// assert_eq!(Origin::parse("https://MyApp.com"), Err(OriginFault::UppercaseHost));
    /// assert_eq!(Origin::parse("https://myapp.com:443"), Err(OriginFault::DefaultPort));
    /// ```
    #[inline]
    pub fn parse(text: &'a str) -> Result<Origin<'a>, OriginFault> {
        // Nearly every header is a plain `scheme://name[:port]`: one pass
        // accepts those; anything else (or any fault) takes the full check,
        // which also says what is wrong.
        match Origin::parse_common(text) {
            Some(origin) => Ok(origin),
            None => Origin::parse_thoroughly(text),
        }
    }

    /// One pass over the common shape: a lowercase scheme, a lowercase DNS
    /// name, an optional port. `None` for anything else, including shapes
    /// that are valid (IPv6 hosts): [`Origin::parse_thoroughly`] decides
    /// those. Never accepts what the thorough check refuses (property
    /// tested in `fast_path_agrees_with_the_thorough_check`).
    #[inline]
    fn parse_common(text: &'a str) -> Option<Origin<'a>> {
        let bytes = text.as_bytes();
        if bytes.len() > MAX_ORIGIN_LEN || !bytes.first()?.is_ascii_lowercase() {
            return None;
        }
        let mut at = 1;
        while at < bytes.len()
            && matches!(bytes[at], b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.')
        {
            at += 1;
        }
        let scheme_end = at;
        if bytes.get(at..at + 3)? != b"://" {
            return None;
        }
        let host_start = at + 3;
        at = host_start;
        let mut label_len = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'a'..=b'z' | b'0'..=b'9' | b'-' => label_len += 1,
                b'.' if label_len > 0 => label_len = 0,
                b':' => break,
                _ => return None,
            }
            if label_len > MAX_LABEL_LEN {
                return None;
            }
            at += 1;
        }
        let host_end = at;
        if label_len == 0 || host_end - host_start > MAX_HOST_LEN {
            return None;
        }
        let scheme = &text[..scheme_end];
        let port = if host_end == bytes.len() {
            None
        } else {
            let digits = &bytes[host_end + 1..];
            if digits.is_empty() || digits.len() > 5 || digits[0] == b'0' {
                return None;
            }
            let mut port: u32 = 0;
            for &digit in digits {
                if !digit.is_ascii_digit() {
                    return None;
                }
                port = port * 10 + u32::from(digit - b'0');
            }
            let port = u16::try_from(port).ok()?;
            if default_port(scheme) == Some(port) {
                return None;
            }
            Some(port)
        };
        Some(Origin {
            scheme,
            host: &text[host_start..host_end],
            port,
        })
    }

    /// Every rule, in the order that names the first fault.
    fn parse_thoroughly(text: &'a str) -> Result<Origin<'a>, OriginFault> {
        if text.is_empty() {
            return Err(OriginFault::Empty);
        }
        if text.len() > MAX_ORIGIN_LEN {
            return Err(OriginFault::TooLong);
        }
        if text == "null" {
            return Err(OriginFault::Null);
        }
        for byte in text.bytes() {
            match byte {
                b' ' | b'\t' => return Err(OriginFault::Whitespace),
                b'*' => return Err(OriginFault::Wildcard),
                0x21..=0x7e => {}
                _ => return Err(OriginFault::NonAscii),
            }
        }
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(OriginFault::MissingScheme);
        };
        check_scheme(scheme)?;

        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        match tail.as_bytes().first() {
            None => {}
            Some(b'/') if tail == "/" => return Err(OriginFault::TrailingSlash),
            Some(b'/') => return Err(OriginFault::Path),
            Some(b'?') => return Err(OriginFault::Query),
            Some(_) => return Err(OriginFault::Fragment),
        }
        if authority.contains('@') {
            return Err(OriginFault::Userinfo);
        }

        let (host, port_text) = split_host_port(authority)?;
        check_host(host)?;
        let port = match port_text {
            None => None,
            Some(text) => {
                let port = parse_port(text)?;
                if default_port(scheme) == Some(port) {
                    return Err(OriginFault::DefaultPort);
                }
                Some(port)
            }
        };
        Ok(Origin { scheme, host, port })
    }

    /// Whether this origin can only be reached from the same machine
    /// (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`).
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(self.host)
    }
}

/// The port a browser leaves out of the serialized origin for `scheme`.
#[inline]
pub fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// Whether `host` names the local machine.
pub fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || (host.starts_with("127.")
            && host.split('.').count() == 4
            && host.split('.').all(|part| part.parse::<u8>().is_ok()))
}

fn check_scheme(scheme: &str) -> Result<(), OriginFault> {
    let mut bytes = scheme.bytes();
    match bytes.next() {
        Some(b'a'..=b'z') => {}
        Some(b'A'..=b'Z') => return Err(OriginFault::UppercaseScheme),
        _ => return Err(OriginFault::BadScheme),
    }
    for byte in bytes {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.' => {}
            b'A'..=b'Z' => return Err(OriginFault::UppercaseScheme),
            _ => return Err(OriginFault::BadScheme),
        }
    }
    Ok(())
}

/// Splits `host[:port]`, keeping the brackets of an IPv6 host.
fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), OriginFault> {
    if authority.starts_with('[') {
        let Some(close) = authority.find(']') else {
            return Err(OriginFault::BadHostChar);
        };
        let (host, after) = authority.split_at(close + 1);
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(OriginFault::BadHostChar),
        };
    }
    Ok(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn check_host(host: &str) -> Result<(), OriginFault> {
    if host.is_empty() {
        return Err(OriginFault::MissingHost);
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        let valid = !inner.is_empty()
            && inner.contains(':')
            && inner
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f' | b':' | b'.'));
        if inner.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(OriginFault::UppercaseHost);
        }
        return if valid {
            Ok(())
        } else {
            Err(OriginFault::BadHostChar)
        };
    }
    if host.len() > MAX_HOST_LEN {
        return Err(OriginFault::TooLongHost);
    }
    if host.ends_with('.') {
        return Err(OriginFault::TrailingDot);
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err(OriginFault::EmptyLabel);
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(OriginFault::TooLongHost);
        }
        for byte in label.bytes() {
            match byte {
                b'a'..=b'z' | b'0'..=b'9' | b'-' => {}
                b'A'..=b'Z' => return Err(OriginFault::UppercaseHost),
                _ => return Err(OriginFault::BadHostChar),
            }
        }
    }
    Ok(())
}

fn parse_port(text: &str) -> Result<u16, OriginFault> {
    if text.is_empty() {
        return Err(OriginFault::EmptyPort);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) || (text.len() > 1 && text.starts_with('0')) {
        return Err(OriginFault::BadPort);
    }
    match text.parse::<u32>() {
        Ok(port @ 1..=65535) => Ok(port as u16),
        _ => Err(OriginFault::PortOutOfRange),
    }
}

/// Checks a configured origin and explains what is wrong with it.
///
/// This is [`Origin::parse`] with a [`Problem`] that names the value and
/// proposes the spelling a browser would send, when there is one.
///
/// ```
/// use cors_rules::origin::parse_origin;
///
/// let problem = parse_origin("https://myapp.com:443").unwrap_err();
/// assert!(problem.message().contains("default port"));
/// assert_eq!(problem.help(), "write \"https://myapp.com\": browsers leave the default port out of the Origin header");
/// ```
pub fn parse_origin(text: &str) -> Result<Origin<'_>, Problem> {
    Origin::parse(text).map_err(|fault| explain(text, fault))
}

/// Turns a fault found in `text` into a [`Problem`] with a fix.
pub fn explain(text: &str, fault: OriginFault) -> Problem {
    use OriginFault as F;
    let kind = match fault {
        F::Null => ProblemKind::NullOrigin,
        F::UppercaseScheme
        | F::UppercaseHost
        | F::TrailingSlash
        | F::TrailingDot
        | F::DefaultPort => ProblemKind::NonCanonicalOrigin,
        _ => ProblemKind::MalformedOrigin,
    };
    let what = match fault {
        F::Empty => "is empty",
        F::TooLong => "is longer than any origin a browser sends",
        F::NonAscii => {
            "contains a character outside ASCII (browsers send international names in punycode, `xn--...`)"
        }
        F::Whitespace => "contains whitespace",
        F::Null => {
            "is the opaque origin `null`, sent by sandboxed iframes, `file:` pages and redirects; any site can make a browser send it"
        }
        F::Wildcard => "contains a `*` where no wildcard is allowed",
        F::MissingScheme => "has no scheme",
        F::BadScheme => "has a malformed scheme",
        F::UppercaseScheme => "has an uppercase scheme; browsers send it lowercase",
        F::TrailingSlash => "ends with a slash; an origin has no path",
        F::Path => "has a path; an origin is only scheme, host and port",
        F::Query => "has a query; an origin is only scheme, host and port",
        F::Fragment => "has a fragment; an origin is only scheme, host and port",
        F::Userinfo => "has user information (`user@`); an origin never does",
        F::MissingHost => "has no host",
        F::UppercaseHost => "has an uppercase host; browsers send it lowercase",
        F::BadHostChar => "has a character that cannot appear in a host name",
        F::EmptyLabel => "has an empty label in its host (two dots in a row or a leading dot)",
        F::TrailingDot => "ends its host with a dot; browsers send the name without it",
        F::TooLongHost => "has a host or label longer than DNS allows",
        F::EmptyPort => "has a `:` without a port",
        F::BadPort => "has a port that is not a plain decimal number",
        F::PortOutOfRange => "has a port outside 1..=65535",
        F::DefaultPort => "writes out the default port",
    };
    let message = format!("origin \"{text}\" {what}");
    let help = match (fault, suggest(text)) {
        (F::Null, _) => "remove it; if sandboxed pages must call this route, give them a real origin instead".to_owned(),
        (F::DefaultPort, Some(fixed)) => {
            format!("write \"{fixed}\": browsers leave the default port out of the Origin header")
        }
        (F::MissingScheme, Some(fixed)) => format!("write \"{fixed}\" (or the `http://` form for a non-TLS dev server)"),
        (_, Some(fixed)) => format!("write \"{fixed}\", exactly as browsers send it"),
        (F::PortOutOfRange, None) => "use a port between 1 and 65535".to_owned(),
        (F::NonAscii, None) => "write the host in punycode (`xn--...`), as browsers send it".to_owned(),
        (_, None) => "write a serialized origin: `scheme://host` or `scheme://host:port`, lowercase, nothing after it".to_owned(),
    };
    Problem::new(kind, text, message, help)
}

/// The spelling a browser would send for a near-miss, if there is one.
fn suggest(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.contains('*') || trimmed == "null" {
        return None;
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let (scheme, rest) = with_scheme.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = split_host_port(authority).ok()?;
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let port = match port {
        Some(port) if port.parse::<u16>().ok() == default_port(&scheme) => None,
        Some(port) => Some(port.trim_start_matches('0')),
        None => None,
    };
    let fixed = match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    };
    (fixed != text && Origin::parse(&fixed).is_ok()).then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text close to an origin: a scheme-like prefix, then host and port
    /// characters and a few that break them, with long labels and ports.
    fn near_origin() -> impl Strategy<Value = String> {
        let prefix = prop::sample::select(vec![
            "https://",
            "http://",
            "ws://",
            "wss://",
            "ftp://",
            "a+b.c-d://",
            "Https://",
            "https:/",
            "https//",
            "",
            "1a://",
            "tauri://",
        ]);
        let body = prop::collection::vec(
            prop::sample::select(vec![
                "a",
                "z",
                "0",
                "9",
                "-",
                ".",
                ":",
                "443",
                "80",
                "65535",
                "65536",
                "00",
                "0",
                "A",
                "/",
                "?",
                "#",
                "@",
                "[",
                "]",
                "*",
                " ",
                "é",
                "x".repeat(63).leak(),
                "y".repeat(64).leak(),
                "://",
            ]),
            0..12,
        );
        (prefix, body).prop_map(|(prefix, body)| format!("{prefix}{}", body.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The one-pass common case never accepts a spelling the thorough
        /// check refuses, nor splits it differently.
        #[test]
        fn fast_path_agrees_with_the_thorough_check(text in near_origin()) {
            let thorough = Origin::parse_thoroughly(&text);
            if let Some(fast) = Origin::parse_common(&text) {
                prop_assert_eq!(Ok(fast), thorough);
            }
            prop_assert_eq!(Origin::parse(&text), thorough);
        }
    }

    #[test]
    fn fast_path_takes_the_common_shapes() {
        for text in [
            "https://myapp.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "https://pr-42.site.example",
            "chrome-extension://abcdefghijklmnop",
        ] {
            assert_eq!(
                Origin::parse_common(text).ok_or(()),
                Origin::parse_thoroughly(text).map_err(|_| ()),
                "{text}"
            );
        }
        // Valid, but left to the thorough check.
        assert_eq!(Origin::parse_common("http://[::1]:5173"), None);
    }

    #[test]
    fn accepts_what_browsers_send() {
        for text in [
            "https://myapp.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:5173",
            "https://xn--bcher-kva.example",
            "https://a.b.c.myapp.com:8443",
            "chrome-extension://abcdefghijklmnop",
            "tauri://localhost",
        ] {
            assert!(Origin::parse(text).is_ok(), "{text}");
        }
        let origin = Origin::parse("http://[::1]:5173").unwrap();
        assert_eq!(origin.host, "[::1]");
        assert_eq!(origin.port, Some(5173));
    }

    #[test]
    fn refuses_every_other_spelling() {
        use OriginFault as F;
        let cases = [
            ("", F::Empty),
            ("null", F::Null),
            ("myapp.com", F::MissingScheme),
            ("HTTPS://myapp.com", F::UppercaseScheme),
            ("1http://myapp.com", F::BadScheme),
            ("https://myapp.com/", F::TrailingSlash),
            ("https://myapp.com/api", F::Path),
            ("https://myapp.com?x=1", F::Query),
            ("https://myapp.com#top", F::Fragment),
            ("https://user@myapp.com", F::Userinfo),
            ("https://user:pw@myapp.com", F::Userinfo),
            ("https:// myapp.com", F::Whitespace),
            ("https://MyApp.com", F::UppercaseHost),
            ("https://my_app.com", F::BadHostChar),
            ("https://myapp..com", F::EmptyLabel),
            ("https://.myapp.com", F::EmptyLabel),
            ("https://myapp.com.", F::TrailingDot),
            ("https://myapp.com:", F::EmptyPort),
            ("https://myapp.com:80a", F::BadPort),
            ("https://myapp.com:0443", F::BadPort),
            ("https://myapp.com:65536", F::PortOutOfRange),
            ("https://myapp.com:0", F::PortOutOfRange),
            ("https://myapp.com:443", F::DefaultPort),
            ("http://myapp.com:80", F::DefaultPort),
            ("https://", F::MissingHost),
            ("https://:8080", F::MissingHost),
            ("https://*.myapp.com", F::Wildcard),
            ("https://bücher.example", F::NonAscii),
            ("https://[::g]", F::BadHostChar),
            ("https://[::1]x", F::BadHostChar),
        ];
        for (text, fault) in cases {
            assert_eq!(Origin::parse(text), Err(fault), "{text:?}");
        }
        let long = format!("https://{}.com", "a".repeat(400));
        assert_eq!(Origin::parse(&long), Err(F::TooLong));
        let long_label = format!("https://{}.com", "a".repeat(64));
        assert_eq!(Origin::parse(&long_label), Err(F::TooLongHost));
    }

    #[test]
    fn suggests_the_browser_spelling() {
        let cases = [
            ("https://myapp.com/", "https://myapp.com"),
            ("https://MyApp.com", "https://myapp.com"),
            ("HTTPS://myapp.com", "https://myapp.com"),
            ("https://myapp.com:443", "https://myapp.com"),
            ("myapp.com", "https://myapp.com"),
            ("https://myapp.com/path?q#f", "https://myapp.com"),
            ("https://user@myapp.com", "https://myapp.com"),
            ("https://myapp.com.", "https://myapp.com"),
            (" https://myapp.com ", "https://myapp.com"),
        ];
        for (text, fixed) in cases {
            let problem = parse_origin(text).unwrap_err();
            assert!(
                problem.help().contains(&format!("\"{fixed}\"")),
                "{text}: {}",
                problem.help()
            );
            assert_eq!(problem.value(), text);
            assert!(problem.message().contains(text));
        }
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "localhost.evil.com",
            "127.0.0.1.evil.com",
            "128.0.0.1",
            "myapp.com",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
