//! Checks for `regex(...)` origin entries: the pattern compiles, and no `.`
//! that matches any character sits where a host name's literal dot was meant.
//!
//! `^https://api.myapp.com$` looks right and also matches
//! `https://apixmyapp.com`, a domain anyone can register.

use regex_syntax::ast::{Ast, parse::Parser as AstParser};

use crate::{Problem, ProblemKind};

/// Checks an origin regex as written by the user (before anchoring).
///
/// ```
/// use cors_rules::regex_check::check_regex;
/// use cors_rules::ProblemKind;
///
/// assert!(check_regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$").is_ok());
/// let problem = check_regex(r"^https://api.myapp\.com$").unwrap_err();
/// assert_eq!(problem.kind(), ProblemKind::RegexUnescapedDot);
/// assert!(problem.message().contains("https://apixmyapp.com"));
/// ```
pub fn check_regex(source: &str) -> Result<(), Problem> {
    let ast = match AstParser::new().parse(source) {
        Ok(ast) => ast,
        Err(error) => {
            return Err(syntax_problem(
                source,
                error.kind(),
                error.span().start.offset,
            ));
        }
    };
    if let Err(error) = regex_syntax::ParserBuilder::new().build().parse(source) {
        let detail = match &error {
            regex_syntax::Error::Translate(inner) => inner.kind().to_string(),
            other => other.to_string(),
        };
        return Err(syntax_problem(source, &detail, 0));
    }
    let mut dots = Vec::new();
    find_loose_dots(&ast, &mut dots);
    if !dots.is_empty() {
        return Err(unescaped_dot_problem(source, &dots));
    }
    let mut runs = Vec::new();
    find_open_labels(&ast, &mut runs);
    match runs.first() {
        Some(&(wide, label)) => Err(suffix_match_problem(source, wide, label)),
        None => Ok(()),
    }
}

/// Finds a part that matches many characters (`.*`, `\w+`, `[a-z.]+`)
/// followed directly by a letter or digit: the part can end in the middle of
/// a label, so `^https://.*myapp\.com$` also matches `https://evilmyapp.com`.
/// Collects (span of the wide part, offset of the letter).
fn find_open_labels(ast: &Ast, found: &mut Vec<((usize, usize), usize)>) {
    match ast {
        Ast::Concat(concat) => {
            for pair in concat.asts.windows(2) {
                let next_is_letter =
                    matches!(&pair[1], Ast::Literal(literal) if literal.c.is_ascii_alphanumeric());
                if next_is_letter && is_wide(&pair[0]) {
                    let span = pair[0].span();
                    found.push((
                        (span.start.offset, span.end.offset),
                        pair[1].span().start.offset,
                    ));
                }
            }
            concat.asts.iter().for_each(|a| find_open_labels(a, found));
        }
        Ast::Alternation(alternation) => {
            alternation
                .asts
                .iter()
                .for_each(|a| find_open_labels(a, found));
        }
        Ast::Group(group) => find_open_labels(&group.ast, found),
        _ => {}
    }
}

/// A repetition of a dot or a class: it can stop anywhere inside a label.
fn is_wide(ast: &Ast) -> bool {
    match ast {
        Ast::Repetition(repetition) => matches!(
            *repetition.ast,
            Ast::Dot(_) | Ast::ClassPerl(_) | Ast::ClassBracketed(_) | Ast::ClassUnicode(_)
        ),
        _ => false,
    }
}

/// "so it also matches <origin>" when the regex with the fault exploited
/// reads as a plain origin, `otherwise` when it is still a pattern.
fn consequence(exploited: &str, otherwise: &str) -> String {
    let example = exploited
        .trim_start_matches('^')
        .trim_end_matches('$')
        .replace("\\.", ".");
    let is_plain = !example.contains(['[', ']', '(', ')', '+', '*', '?', '{', '}', '|', '\\']);
    if is_plain {
        format!("so it also matches \"{example}\"")
    } else {
        otherwise.to_owned()
    }
}

fn suffix_match_problem(source: &str, wide: (usize, usize), label: usize) -> Problem {
    let fixed = format!("{}\\.{}", &source[..label], &source[label..]);
    let example = format!("{}evil{}", &source[..wide.0], &source[wide.1..]);
    let consequence = consequence(
        &example,
        "so any name that merely ends the same way matches",
    );
    Problem::new(
        ProblemKind::RegexSuffixMatch,
        source,
        format!(
            "regex \"{source}\" lets `{}` run straight into the domain with no dot between them, {consequence}",
            &source[wide.0..wide.1]
        ),
        format!("put an escaped dot before the domain: regex(r\"{fixed}\")"),
    )
}

/// The pattern the runtime compiles: the whole origin must match.
pub fn anchored(source: &str) -> String {
    format!("^(?:{source})$")
}

fn syntax_problem(source: &str, detail: &dyn std::fmt::Display, offset: usize) -> Problem {
    Problem::new(
        ProblemKind::RegexSyntax,
        source,
        format!("regex \"{source}\" does not compile: {detail} (at byte {offset})"),
        "fix the pattern; write it as a raw string (`regex(r\"...\")`) so backslashes reach the regex as written",
    )
}

/// Collects the byte offsets of bare `.` nodes next to a letter, digit or
/// hyphen in the same sequence: `api.myapp`, `[a-z]+.myapp`.
fn find_loose_dots(ast: &Ast, found: &mut Vec<usize>) {
    match ast {
        Ast::Concat(concat) => {
            for (index, item) in concat.asts.iter().enumerate() {
                if let Ast::Dot(span) = item {
                    let before = index.checked_sub(1).and_then(|i| concat.asts.get(i));
                    let after = concat.asts.get(index + 1);
                    if is_host_char(before) || is_host_char(after) {
                        found.push(span.start.offset);
                    }
                } else {
                    find_loose_dots(item, found);
                }
            }
        }
        Ast::Alternation(alternation) => {
            alternation
                .asts
                .iter()
                .for_each(|a| find_loose_dots(a, found));
        }
        Ast::Group(group) => find_loose_dots(&group.ast, found),
        Ast::Repetition(repetition) => find_loose_dots(&repetition.ast, found),
        _ => {}
    }
}

fn is_host_char(ast: Option<&Ast>) -> bool {
    matches!(ast, Some(Ast::Literal(literal)) if literal.c.is_ascii_alphanumeric() || literal.c == '-')
}

fn unescaped_dot_problem(source: &str, offsets: &[usize]) -> Problem {
    let mut fixed = String::with_capacity(source.len() + offsets.len());
    let mut example = String::with_capacity(source.len());
    for (offset, ch) in source.char_indices() {
        if offsets.contains(&offset) {
            fixed.push_str("\\.");
            example.push('x');
        } else {
            fixed.push(ch);
            example.push(ch);
        }
    }
    let consequence = consequence(
        &example,
        "so it matches any character there, not only a dot",
    );
    let positions = offsets
        .iter()
        .map(|offset| offset.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Problem::new(
        ProblemKind::RegexUnescapedDot,
        source,
        format!("regex \"{source}\" has an unescaped `.` (byte {positions}) {consequence}"),
        format!("escape the dot: regex(r\"{fixed}\")"),
    )
}

/// With `credentials = true`, a regex must only admit `https://` origins
/// (or loopback `http://` ones): every literal prefix of the anchored
/// pattern must start with one of those. A regex whose prefix cannot be
/// determined (`.*\.myapp\.com`) is refused too, since it might admit
/// `http://x.myapp.com`.
///
/// ```
/// use cors_rules::regex_check::check_regex_with_credentials;
///
/// assert!(check_regex_with_credentials(r"^https://\w+\.myapp\.com$").is_ok());
/// assert!(check_regex_with_credentials(r"^https?://\w+\.myapp\.com$").is_err());
/// assert!(check_regex_with_credentials(r".*\.myapp\.com").is_err());
/// ```
pub fn check_regex_with_credentials(source: &str) -> Result<(), Problem> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};

    // Origins are ASCII: analyse with ASCII case folding, so `(?i)https`
    // gives 32 spellings of `https`, not Unicode's `ſ` and Kelvin sign too.
    // Patterns that need Unicode (`\p{...}`) fall back to the full parser.
    let pattern = anchored(source);
    let ascii = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(&pattern)
        .ok();
    let Some(hir) = ascii.or_else(|| {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(&pattern)
            .ok()
    }) else {
        // Syntax problems are reported by `check_regex`.
        return Ok(());
    };
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let secure = prefixes.literals().is_some_and(|literals| {
        !literals.is_empty()
            && literals.iter().all(|literal| {
                let prefix = literal.as_bytes().to_ascii_lowercase();
                prefix.starts_with(b"https://")
                    || [
                        &b"http://localhost:"[..],
                        b"http://127.0.0.1:",
                        b"http://[::1]:",
                    ]
                    .iter()
                    .any(|loopback| prefix.starts_with(loopback))
                    || (literal.is_exact()
                        && [
                            &b"http://localhost"[..],
                            b"http://127.0.0.1",
                            b"http://[::1]",
                        ]
                        .contains(&prefix.as_slice()))
            })
    });
    if secure {
        return Ok(());
    }
    Err(Problem::new(
        ProblemKind::InsecureOriginWithCredentials,
        source,
        format!(
            "regex \"{source}\" may match plain http:// origins (or it does not say which scheme it matches), but `credentials = true` sends cookies to them"
        ),
        "start the regex with `^https://` so only TLS origins match, or allow it without credentials",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_need_https_regexes() {
        for ok in [
            r"^https://\w+\.myapp\.com$",
            r"https://[a-z]+\.myapp\.com",
            r"^(?:https://a\.com|https://b\.com)$",
            r"^http://localhost:\d+$",
            r"^(?i)https://[a-z]+\.myapp\.com$",
        ] {
            assert_eq!(check_regex_with_credentials(ok), Ok(()), "{ok}");
        }
        for bad in [
            r"^https?://\w+\.myapp\.com$",
            r"^http://\w+\.myapp\.com$",
            r"^(http|https)://myapp\.com$",
            r".*\.myapp\.com",
            r"^[a-z]+://myapp\.com$",
            r"^http://localhost\.evil\.com$",
        ] {
            let problem = check_regex_with_credentials(bad).unwrap_err();
            assert_eq!(
                problem.kind(),
                ProblemKind::InsecureOriginWithCredentials,
                "{bad}"
            );
        }
    }

    #[test]
    fn accepts_escaped_and_intended_dots() {
        for source in [
            r"^https://\w+\.myapp\.com$",
            r"^https://[a-z0-9-]+\.preview\.myapp\.com$",
            r"https://.*\.myapp\.com",
            r"^https://(.+)\.myapp\.com$",
            r"^https://[.a-z]+\.myapp\.com$",
        ] {
            assert_eq!(check_regex(source), Ok(()), "{source}");
        }
    }

    #[test]
    fn flags_dots_between_host_characters() {
        for (source, fixed) in [
            (r"^https://api.myapp\.com$", r"^https://api\.myapp\.com$"),
            (
                r"^https://[a-z]+.myapp.com$",
                r"^https://[a-z]+\.myapp\.com$",
            ),
            (
                r"^https://(www.)?myapp\.com$",
                r"^https://(www\.)?myapp\.com$",
            ),
            (r"^https://(a|b.c)\.com$", r"^https://(a|b\.c)\.com$"),
        ] {
            let problem = check_regex(source).unwrap_err();
            assert_eq!(problem.kind(), ProblemKind::RegexUnescapedDot);
            assert!(problem.help().contains(fixed), "{}", problem.help());
        }
    }

    #[test]
    fn flags_wildcards_running_into_a_label() {
        for (source, example) in [
            (r"^https://.*myapp\.com$", "https://evilmyapp.com"),
            (r"^https://\w+myapp\.com$", "https://evilmyapp.com"),
            (r"^https://[a-z.]+myapp\.com$", "https://evilmyapp.com"),
        ] {
            let problem = check_regex(source).unwrap_err();
            assert_eq!(problem.kind(), ProblemKind::RegexSuffixMatch, "{source}");
            assert!(problem.message().contains(example), "{problem}");
        }
        let help = check_regex(r"^https://.*myapp\.com$").unwrap_err();
        assert!(help.help().contains(r"^https://.*\.myapp\.com$"), "{help}");
        for fine in [
            r"^https://(www\.)?myapp\.com$",
            r"^https://[a-z]+\.myapp\.com$",
            r"^https://app[0-9]+\.myapp\.com$",
        ] {
            assert_eq!(check_regex(fine), Ok(()), "{fine}");
        }
    }

    #[test]
    fn reports_syntax_errors() {
        for source in [
            r"^https://(api\.myapp\.com$",
            r"[z-a]",
            r"\p{NotAClass}",
            "a{5,2}",
        ] {
            let problem = check_regex(source).unwrap_err();
            assert_eq!(problem.kind(), ProblemKind::RegexSyntax, "{source}");
        }
    }
}
