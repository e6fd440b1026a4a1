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
    if dots.is_empty() {
        return Ok(());
    }
    Err(unescaped_dot_problem(source, &dots))
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
    let example = example
        .trim_start_matches('^')
        .trim_end_matches('$')
        .replace("\\.", ".");
    let is_plain = !example.contains(['[', ']', '(', ')', '+', '*', '?', '{', '}', '|', '\\']);
    let consequence = if is_plain {
        format!("so it also matches \"{example}\"")
    } else {
        "so it matches any character there, not only a dot".to_owned()
    };
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

#[cfg(test)]
mod tests {
    use super::*;

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
