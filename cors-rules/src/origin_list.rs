//! Origin lists read from the environment at run time:
//! `CORS_ALLOWED_ORIGINS="https://myapp.com, https://*.myapp.com"`.
//!
//! Each entry goes through the same rules as an origin written in the
//! attribute ([`parse_origin_entry`], and the credentials rule), so a list
//! that would not compile as a literal is refused at run time with the same
//! words.

use crate::pattern::{OriginEntry, parse_origin_entry};
use crate::policy::check_entry_with_credentials;
use crate::{Problem, ProblemKind};

/// The entries of a comma-separated list: trimmed, empty ones skipped
/// (`"a,,b,"` has two).
///
/// ```
/// use cors_rules::origin_list::split_list;
///
/// assert_eq!(split_list(" https://a.com ,, https://b.com, "), ["https://a.com", "https://b.com"]);
/// ```
pub fn split_list(text: &str) -> Vec<&str> {
    text.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// Checks a whole list and returns its entries, or every problem in it.
///
/// `credentials` applies the rules that depend on it (no plain `http://`
/// origin but loopback ones). Duplicates are problems, as they are in the
/// attribute. A list with no entry at all is a problem too: an empty
/// variable is far more often a deployment mistake than an intent.
///
/// ```
/// use cors_rules::origin_list::parse_origin_list;
///
/// assert_eq!(parse_origin_list("https://a.com, https://*.b.com", true).unwrap().len(), 2);
/// let problems = parse_origin_list("https://a.com/, http://b.com, *", true).unwrap_err();
/// assert_eq!(problems.len(), 3);
/// ```
pub fn parse_origin_list(
    text: &str,
    credentials: bool,
) -> Result<Vec<OriginEntry<'_>>, Vec<Problem>> {
    let entries = split_list(text);
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    if entries.is_empty() {
        problems.push(Problem::new(
            ProblemKind::EmptyList,
            text,
            "the list of origins is empty",
            "set it to comma-separated origins such as \"https://myapp.com,https://www.myapp.com\", or unset it to use the default",
        ));
    }
    for (index, entry) in entries.iter().enumerate() {
        if entries[..index].contains(entry) {
            problems.push(Problem::new(
                ProblemKind::Duplicate,
                *entry,
                format!("origin \"{entry}\" is listed twice"),
                "remove the second one",
            ));
            continue;
        }
        match parse_origin_entry(entry) {
            Ok(origin) => {
                if credentials && let Err(problem) = check_entry_with_credentials(entry, &origin) {
                    problems.push(problem);
                } else {
                    parsed.push(origin);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// Checks the name in `env("VAR")`: something a shell can set.
///
/// ```
/// use cors_rules::origin_list::check_var_name;
///
/// assert!(check_var_name("CORS_ALLOWED_ORIGINS").is_ok());
/// assert!(check_var_name("CORS ORIGINS").is_err());
/// ```
pub fn check_var_name(name: &str) -> Result<(), Problem> {
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        return Ok(());
    }
    Err(Problem::new(
        ProblemKind::MalformedOrigin,
        name,
        format!("environment variable name \"{name}\" is not one a shell can set"),
        "use letters, digits and `_`, not starting with a digit, such as \"CORS_ALLOWED_ORIGINS\"",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_spacing_and_stray_commas() {
        for text in [
            "https://a.com,https://b.com",
            " https://a.com , https://b.com ",
            "https://a.com,,https://b.com,",
            ",https://a.com,\thttps://b.com\n",
        ] {
            let entries = parse_origin_list(text, false).unwrap();
            assert_eq!(
                entries,
                [
                    OriginEntry::Exact("https://a.com"),
                    OriginEntry::Exact("https://b.com")
                ],
                "{text:?}"
            );
        }
    }

    #[test]
    fn refuses_what_the_attribute_refuses() {
        for (text, kind) in [
            ("https://a.com/", ProblemKind::NonCanonicalOrigin),
            ("a.com", ProblemKind::MalformedOrigin),
            ("https://a.com?x", ProblemKind::MalformedOrigin),
            ("https://A.com", ProblemKind::NonCanonicalOrigin),
            ("https://a.com:443", ProblemKind::NonCanonicalOrigin),
            ("https://a.com:99999", ProblemKind::MalformedOrigin),
            ("null", ProblemKind::NullOrigin),
            ("*", ProblemKind::StarInList),
            ("https://*.com", ProblemKind::WildcardTooBroad),
            ("https://api.*.a.com", ProblemKind::WildcardPlacement),
            ("https://a.com,https://a.com", ProblemKind::Duplicate),
            ("", ProblemKind::EmptyList),
            (" , ", ProblemKind::EmptyList),
        ] {
            let problems = parse_origin_list(text, false).unwrap_err();
            assert_eq!(problems[0].kind(), kind, "{text:?}: {problems:?}");
        }
    }

    #[test]
    fn credentials_rules_apply() {
        assert!(parse_origin_list("http://a.com", false).is_ok());
        let problems =
            parse_origin_list("http://a.com, http://*.b.com, http://localhost:3000", true)
                .unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(
            problems
                .iter()
                .all(|p| p.kind() == ProblemKind::InsecureOriginWithCredentials)
        );
    }

    #[test]
    fn reports_every_problem() {
        let problems =
            parse_origin_list("https://a.com/, null, https://ok.com, HTTPS://b.com", false)
                .unwrap_err();
        assert_eq!(problems.len(), 3);
        assert_eq!(problems[1].value(), "null");
    }
}
