//! Rules for the `methods` key.

use crate::{Problem, ProblemKind};

/// Methods browsers normalise or that have a well-known uppercase spelling.
const STANDARD_METHODS: &[&str] = &["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// Methods the Fetch standard forbids scripts to use: listing them does nothing.
const FORBIDDEN_METHODS: &[&str] = &["CONNECT", "TRACE", "TRACK"];

/// Which bytes are RFC 9110 `tchar`s, as a table: the runtime checks every
/// requested header name with it.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        byte += 1;
    }
    table
};

/// Whether `text` is an HTTP token (RFC 9110 `tchar`s, at least one).
pub fn is_token(text: &str) -> bool {
    is_token_bytes(text.as_bytes())
}

/// Whether `byte` may appear in a token (RFC 9110 `tchar`).
#[inline]
pub fn is_tchar(byte: u8) -> bool {
    TCHAR[usize::from(byte)]
}

/// [`is_token`] on bytes: a token is ASCII, so no UTF-8 check is needed.
#[inline]
pub fn is_token_bytes(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| TCHAR[usize::from(b)])
}

/// Checks one method name.
///
/// Methods are case-sensitive: `fetch` sends `PATCH` written `patch` as
/// `patch`, which a policy listing `PATCH` does not allow, so a lowercase
/// spelling of a standard method is refused rather than silently fixed.
///
/// ```
/// use cors_rules::method::check_method;
///
/// assert!(check_method("PROPFIND").is_ok());
/// assert!(check_method("get").unwrap_err().help().contains("`GET`"));
/// assert!(check_method("TRACE").is_err());
/// ```
pub fn check_method(name: &str) -> Result<(), Problem> {
    if name == "*" {
        return Err(Problem::new(
            ProblemKind::StarMethod,
            name,
            "method \"*\" in `methods`: browsers read `Access-Control-Allow-Methods: *` as every method only without credentials, and the handler does not serve every method",
            "list the methods the handler serves, such as `methods = [GET, POST, PUT, DELETE]`",
        ));
    }
    if !is_token(name) {
        return Err(Problem::new(
            ProblemKind::MalformedMethod,
            name,
            format!("method \"{name}\" is not a valid HTTP method token"),
            "a method is one word of letters, digits and `!#$%&'*+-.^_`|~`, such as GET or PROPFIND",
        ));
    }
    let upper = name.to_ascii_uppercase();
    if FORBIDDEN_METHODS.contains(&upper.as_str()) {
        return Err(Problem::new(
            ProblemKind::ForbiddenMethod,
            name,
            format!("method `{name}` is forbidden by the Fetch standard: browsers never send it"),
            format!("remove `{name}`"),
        ));
    }
    if upper != name && STANDARD_METHODS.contains(&upper.as_str()) {
        return Err(Problem::new(
            ProblemKind::LowercaseMethod,
            name,
            format!("method `{name}` is not uppercase; HTTP methods are case-sensitive"),
            format!("write `{upper}`"),
        ));
    }
    Ok(())
}

/// A warning for a method that is harmless but does nothing: `OPTIONS`.
/// Preflights are answered whatever `methods` lists, and a browser never
/// preflights an `OPTIONS` request of a script differently.
///
/// ```
/// use cors_rules::method::method_warning;
///
/// assert!(method_warning("OPTIONS").unwrap().help().contains("remove"));
/// assert!(method_warning("GET").is_none());
/// ```
pub fn method_warning(name: &str) -> Option<Problem> {
    (name == "OPTIONS").then(|| {
        Problem::new(
            ProblemKind::OptionsMethod,
            name,
            "method `OPTIONS` in `methods` does nothing: the preflight `OPTIONS` is answered by `preflight`, whatever `methods` lists",
            "remove `OPTIONS` from `methods`",
        )
    })
}

/// Finds repeated entries in a list: the index of each repeat and a problem
/// naming it. `fold_case` compares ASCII case-insensitively (header names).
///
/// ```
/// use cors_rules::method::duplicates;
///
/// let found = duplicates(&["GET", "POST", "GET"], false, "method");
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].0, 2);
/// ```
pub fn duplicates(items: &[&str], fold_case: bool, what: &str) -> Vec<(usize, Problem)> {
    let mut found = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let seen_before = items[..index].iter().any(|earlier| {
            if fold_case {
                earlier.eq_ignore_ascii_case(item)
            } else {
                earlier == item
            }
        });
        if seen_before {
            found.push((
                index,
                Problem::new(
                    ProblemKind::Duplicate,
                    *item,
                    format!("{what} \"{item}\" is listed twice"),
                    "remove the second one",
                ),
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_rules() {
        for ok in ["GET", "POST", "OPTIONS", "PROPFIND", "M-SEARCH", "purge"] {
            assert_eq!(check_method(ok), Ok(()), "{ok}");
        }
        for (bad, kind) in [
            ("get", ProblemKind::LowercaseMethod),
            ("Post", ProblemKind::LowercaseMethod),
            ("patch", ProblemKind::LowercaseMethod),
            ("CONNECT", ProblemKind::ForbiddenMethod),
            ("trace", ProblemKind::ForbiddenMethod),
            ("TRACK", ProblemKind::ForbiddenMethod),
            ("*", ProblemKind::StarMethod),
            ("GET POST", ProblemKind::MalformedMethod),
            ("", ProblemKind::MalformedMethod),
            ("GÉT", ProblemKind::MalformedMethod),
        ] {
            assert_eq!(check_method(bad).unwrap_err().kind(), kind, "{bad}");
        }
    }

    #[test]
    fn duplicates_by_case() {
        assert!(duplicates(&["GET", "get"], false, "method").is_empty());
        assert_eq!(
            duplicates(&["x-a", "X-A", "x-b", "x-a"], true, "header").len(),
            2
        );
    }
}
