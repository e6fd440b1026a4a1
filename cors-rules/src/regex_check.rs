//! Checks for `regex(...)` origin entries, on the parsed pattern, never on
//! its text.
//!
//! * The pattern parses, and the exact string the runtime will compile (the
//!   pattern anchored by [`anchored`]) compiles with the same `regex` crate
//!   and means the pattern, whole: no comment of `(?x)` swallows the anchor.
//! * No bare `.` sits where a host name's literal dot was meant:
//!   `^https://api.myapp.com$` also matches `https://apixmyapp.com`.
//! * Every way through the pattern (its alternatives and optional parts,
//!   taken one by one) is judged as a wildcard origin would be: a part that
//!   runs straight into the domain, a host under a public suffix, and, with
//!   credentials, a host that can be any domain or a plain `http://` origin.

use regex_syntax::ast::{self, Ast, parse::Parser as AstParser};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

use crate::public_suffix::is_public_suffix;
use crate::{Problem, ProblemKind};

/// The pattern the runtime compiles for one `regex(...)` entry: the whole
/// origin must match. The pattern sits in a group of its own, and
/// `(?x)` and a newline close it, so a trailing `# comment` of an `(?x)`
/// pattern ends at that newline instead of swallowing the anchor (without
/// `(?x)`, the newline is ignored by the `(?x)` placed just before it).
/// [`check_origin_regex`] verifies that this string means the pattern.
///
/// ```
/// use cors_rules::regex_check::anchored;
///
/// assert_eq!(anchored(r"https://a\.com"), "^(?:https://a\\.com(?x)\n)$");
/// ```
pub fn anchored(source: &str) -> String {
    format!("^(?:{source}(?x)\n)$")
}

/// Checks one origin regex as written by the user and returns the string
/// the runtime compiles for it ([`anchored`]).
///
/// ```
/// use cors_rules::regex_check::check_origin_regex;
/// use cors_rules::ProblemKind;
///
/// assert!(check_origin_regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$", true).is_ok());
/// let vercel = check_origin_regex(r"^https://[a-z0-9-]+\.vercel\.app$", false).unwrap_err();
/// assert_eq!(vercel.kind(), ProblemKind::WildcardTooBroad);
/// let any = check_origin_regex(r"^https://.*$", true).unwrap_err();
/// assert_eq!(any.kind(), ProblemKind::RegexAnyHost);
/// ```
pub fn check_origin_regex(source: &str, credentials: bool) -> Result<String, Problem> {
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
    let hir = parse_hir(source).map_err(|detail| syntax_problem(source, &detail, 0))?;
    let runtime = anchored(source);
    let expected = Hir::concat(vec![
        Hir::look(Look::Start),
        hir.clone(),
        Hir::look(Look::End),
    ]);
    if parse_hir(&runtime).ok() != Some(expected) {
        return Err(Problem::new(
            ProblemKind::RegexUnanalysable,
            source,
            format!(
                "regex \"{source}\" cannot be anchored to match whole origins without changing its meaning"
            ),
            "simplify the pattern: write one regex per shape of origin, each as `^scheme://host$`",
        ));
    }
    if let Err(error) = regex::Regex::new(&runtime) {
        let detail = match error {
            regex::Error::CompiledTooBig(limit) => {
                format!("it compiles to more than {limit} bytes")
            }
            other => other.to_string(),
        };
        return Err(syntax_problem(source, &detail, 0));
    }
    let mut dots = Vec::new();
    find_loose_dots(&ast, &mut dots);
    if !dots.is_empty() {
        return Err(unescaped_dot_problem(source, &dots));
    }
    match judge_paths(source, &hir, credentials) {
        Ok(()) => Ok(runtime),
        // The common shape (`.*myapp\.com`) gets its fix written out.
        Err(problem) if problem.kind() == ProblemKind::RegexSuffixMatch => {
            let mut runs = Vec::new();
            find_open_labels(&ast, &mut runs);
            Err(match runs.first() {
                Some(&(wide, label)) => suffix_match_problem(source, wide, label),
                None => problem,
            })
        }
        Err(problem) => Err(problem),
    }
}

/// Checks that the runtime can compile a policy's regexes together (its
/// `RegexSet`), each given as [`anchored`] returned it.
pub fn check_regex_set(anchored: &[String]) -> Result<(), String> {
    regex::RegexSet::new(anchored)
        .map(drop)
        .map_err(|error| error.to_string())
}

/// Checks an origin regex without credentials. See [`check_origin_regex`].
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
    check_origin_regex(source, false).map(drop)
}

/// Checks an origin regex with `credentials = true`: every origin it can
/// match must be `https://` (or a loopback `http://`), under a domain of
/// its own. See [`check_origin_regex`].
///
/// ```
/// use cors_rules::regex_check::check_regex_with_credentials;
///
/// assert!(check_regex_with_credentials(r"^https://\w+\.myapp\.com$").is_ok());
/// assert!(check_regex_with_credentials(r"^https?://\w+\.myapp\.com$").is_err());
/// assert!(check_regex_with_credentials(r".*\.myapp\.com").is_err());
/// ```
pub fn check_regex_with_credentials(source: &str) -> Result<(), Problem> {
    check_origin_regex(source, true).map(drop)
}

/// The HIR with the runtime's settings (Unicode on, as `regex` compiles it).
fn parse_hir(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|error| match &error {
            regex_syntax::Error::Translate(inner) => inner.kind().to_string(),
            other => other.to_string(),
        })
}

fn syntax_problem(source: &str, detail: &dyn std::fmt::Display, offset: usize) -> Problem {
    Problem::new(
        ProblemKind::RegexSyntax,
        source,
        format!("regex \"{source}\" does not compile: {detail} (at byte {offset})"),
        "fix the pattern; write it as a raw string (`regex(r\"...\")`) so backslashes reach the regex as written",
    )
}

/// Collects the byte offsets of every bare `.` that stands for one
/// character: alone, optional (`.?`), or inside a group, an alternation or
/// a repeated group (`(www.)?`, `([a-z]+.)+`). Only a `.` repeated by itself
/// (`.*`, `.+`, `.{2,}`) is a wildcard part, judged by the breadth rules.
fn find_loose_dots(ast: &Ast, found: &mut Vec<usize>) {
    match ast {
        Ast::Dot(span) => found.push(span.start.offset),
        Ast::Concat(concat) => concat.asts.iter().for_each(|a| find_loose_dots(a, found)),
        Ast::Alternation(alternation) => alternation
            .asts
            .iter()
            .for_each(|a| find_loose_dots(a, found)),
        Ast::Group(group) => find_loose_dots(&group.ast, found),
        Ast::Repetition(repetition) => {
            let many = match &repetition.op.kind {
                ast::RepetitionKind::ZeroOrOne => false,
                ast::RepetitionKind::ZeroOrMore | ast::RepetitionKind::OneOrMore => true,
                ast::RepetitionKind::Range(range) => match *range {
                    ast::RepetitionRange::Exactly(n) => n > 1,
                    ast::RepetitionRange::AtLeast(_) => true,
                    ast::RepetitionRange::Bounded(_, max) => max > 1,
                },
            };
            if !(many && matches!(*repetition.ast, Ast::Dot(_))) {
                find_loose_dots(&repetition.ast, found);
            }
        }
        _ => {}
    }
}

/// Finds a part that matches many characters (`.*`, `\w+`, `[a-z.]+`)
/// followed directly by a letter or digit: the part can end in the middle of
/// a label, so `^https://.*myapp\.com$` also matches `https://evilmyapp.com`.
/// Collects (span of the wide part, offset of the letter). Used only to
/// word the fix of a run the path rules found (`[a-z]+app\.myapp\.com` is
/// under `myapp.com` and passes); they also catch the other shapes
/// (`(\w+)?myapp\.com`).
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
    let consequence = match example_origin(&example) {
        Some(origin) => format!("so it also matches \"{origin}\""),
        None => consequence(
            &example,
            "so it matches any character there, not only a dot",
        ),
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

/// Bytes a serialized origin can hold: lowercase scheme and host, digits,
/// `+-._` of schemes and labels, `:` `/` of the separators, `[]` of IPv6.
const ORIGIN_BYTES: u128 = {
    let mut set = 0u128;
    let mut byte = 0u8;
    while byte < 128 {
        if byte.is_ascii_lowercase()
            || byte.is_ascii_digit()
            || matches!(byte, b'+' | b'-' | b'.' | b'_' | b':' | b'/' | b'[' | b']')
        {
            set |= 1 << byte;
        }
        byte += 1;
    }
    set
};

/// Bytes of a DNS label: a part that can end with one of them and runs
/// into a literal name merges with that name's first label.
const LABEL_BYTES: u128 = {
    let mut set = 0u128;
    let mut byte = 0u8;
    while byte < 128 {
        if byte.is_ascii_lowercase() || byte.is_ascii_digit() || matches!(byte, b'-' | b'_') {
            set |= 1 << byte;
        }
        byte += 1;
    }
    set
};

const DIGITS: u128 = ((1u128 << 10) - 1) << b'0';

/// Ways through one pattern kept apart before parts are merged: enough for
/// the alternatives and optional groups of any reasonable origin regex.
const MAX_PATHS: usize = 256;

/// One step of a way through the pattern: a set of origin bytes (ASCII,
/// one bit each) repeated `min` to `max` times. A literal byte is a set of
/// one, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    set: u128,
    min: u32,
    max: Option<u32>,
}

impl Piece {
    fn once(set: u128) -> Piece {
        Piece {
            set: set & ORIGIN_BYTES,
            min: 1,
            max: Some(1),
        }
    }

    /// A literal byte, if that is all this piece matches.
    fn literal(&self) -> Option<u8> {
        (self.set.count_ones() == 1 && self.min == 1 && self.max == Some(1))
            .then(|| self.set.trailing_zeros() as u8)
    }
}

type Path = Vec<Piece>;

/// The origin bytes a class can match.
fn class_set(class: &Class) -> u128 {
    let mut set = 0u128;
    let mut add = |start: u32, end: u32| {
        for byte in start..=end.min(127) {
            set |= 1 << byte;
        }
    };
    match class {
        Class::Unicode(class) => class
            .iter()
            .for_each(|range| add(range.start() as u32, range.end() as u32)),
        Class::Bytes(class) => class
            .iter()
            .for_each(|range| add(u32::from(range.start()), u32::from(range.end()))),
    }
    set & ORIGIN_BYTES
}

/// Every origin byte `hir` can match anywhere.
fn all_bytes(hir: &Hir) -> u128 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(literal) => {
            literal
                .0
                .iter()
                .filter(|&&b| b < 128)
                .fold(0, |set, &b| set | (1 << b))
                & ORIGIN_BYTES
        }
        HirKind::Class(class) => class_set(class),
        HirKind::Repetition(repetition) => all_bytes(&repetition.sub),
        HirKind::Capture(capture) => all_bytes(&capture.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().fold(0, |set, sub| set | all_bytes(sub))
        }
    }
}

/// `hir` as one piece: any of its bytes, as often as it likes.
fn opaque(hir: &Hir, at_least_once: bool) -> Piece {
    let non_empty = hir.properties().minimum_len().is_some_and(|len| len > 0);
    Piece {
        set: all_bytes(hir),
        min: u32::from(at_least_once && non_empty),
        max: None,
    }
}

/// The ways through `hir`: alternatives and optional parts taken apart,
/// repetitions of a single byte set kept as one piece, anything larger
/// merged into one piece (which can only widen what the rules see).
fn paths(hir: &Hir) -> Vec<Path> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![Vec::new()],
        HirKind::Literal(literal) => vec![
            literal
                .0
                .iter()
                .map(|&b| Piece::once(if b < 128 { 1 << b } else { 0 }))
                .collect(),
        ],
        // `(?:a|b)` is a class once parsed: a few bytes are alternatives.
        HirKind::Class(class) => {
            let set = class_set(class);
            if (1..=4).contains(&set.count_ones()) {
                (0u8..128)
                    .filter(|&b| set & (1 << b) != 0)
                    .map(|b| vec![Piece::once(1 << b)])
                    .collect()
            } else {
                vec![vec![Piece::once(set)]]
            }
        }
        HirKind::Capture(capture) => paths(&capture.sub),
        HirKind::Concat(subs) => {
            let mut all: Vec<Path> = vec![Vec::new()];
            for sub in subs {
                let mut ways = paths(sub);
                if all.len() * ways.len() > MAX_PATHS {
                    ways = vec![vec![opaque(sub, true)]];
                }
                all = all
                    .iter()
                    .flat_map(|head| {
                        ways.iter().map(move |tail| {
                            let mut path = head.clone();
                            path.extend_from_slice(tail);
                            path
                        })
                    })
                    .collect();
            }
            all
        }
        HirKind::Alternation(subs) => {
            let all: Vec<Path> = subs.iter().flat_map(paths).collect();
            if all.len() > MAX_PATHS {
                vec![vec![opaque(hir, true)]]
            } else {
                all
            }
        }
        HirKind::Repetition(repetition) => {
            let ways = paths(&repetition.sub);
            let (min, max) = (repetition.min, repetition.max);
            if let [single] = ways.as_slice()
                && let [piece] = single.as_slice()
                && piece.min == 1
                && piece.max == Some(1)
            {
                return vec![vec![Piece {
                    set: piece.set,
                    min,
                    max,
                }]];
            }
            match (min, max) {
                (0, Some(0)) => vec![Vec::new()],
                (1, Some(1)) => ways,
                (0, Some(1)) if ways.len() < MAX_PATHS => {
                    let mut all = vec![Vec::new()];
                    all.extend(ways);
                    all
                }
                // More than once: any number of earlier rounds merged into
                // one piece, then the last round taken apart, so that what
                // the repetition ends with (`(?:[a-z]+\.)*` ends with a
                // dot) is still seen by what follows.
                _ if ways.len() < MAX_PATHS => {
                    let earlier = opaque(&repetition.sub, false);
                    let mut all = if min == 0 {
                        vec![Vec::new()]
                    } else {
                        Vec::new()
                    };
                    all.extend(ways.into_iter().map(|last| {
                        let mut path = vec![earlier];
                        path.extend(last);
                        path
                    }));
                    all
                }
                _ => vec![vec![opaque(&repetition.sub, min > 0)]],
            }
        }
    }
}

/// A piece as a word for an example origin: "evil" where the piece can
/// spell it, else a character it matches; `open_end` when nothing literal
/// follows in the host, so a piece that matches dots spells a whole name.
fn filler(piece: &Piece, open_end: bool, after: Option<u8>) -> String {
    let spells = |word: &str| word.bytes().all(|b| piece.set & (1 << b) != 0);
    if open_end && spells("evil.example") {
        return match after {
            // After a wildcard part: the name goes on with a new label.
            None => ".example".to_owned(),
            // After a literal name: a new domain starts.
            Some(byte) if LABEL_BYTES & (1 << byte) != 0 => ".evil.example".to_owned(),
            Some(_) => "evil.example".to_owned(),
        };
    }
    if open_end && after == Some(b'.') && spells("example") {
        return "example".to_owned();
    }
    if piece.min == 0 {
        return String::new();
    }
    if spells("evil") {
        return "evil".to_owned();
    }
    (0u8..128)
        .filter(|&b| piece.set & (1 << b) != 0)
        .max_by_key(|b| (b.is_ascii_lowercase(), b.is_ascii_digit()))
        .map(|b| char::from(b).to_string())
        .unwrap_or_default()
}

/// An origin one way through the pattern matches, for messages.
fn example(path: &[Piece]) -> String {
    let last_var = path.iter().rposition(|piece| piece.literal().is_none());
    let port_start = port_start(path);
    path.iter()
        .enumerate()
        .map(|(index, piece)| match piece.literal() {
            Some(byte) => char::from(byte).to_string(),
            None => {
                let open_end = Some(index) == last_var && port_start == path.len();
                let after = match index.checked_sub(1).map(|i| path[i].literal()) {
                    Some(None) => None,
                    Some(Some(byte)) => Some(byte),
                    None => Some(b'/'),
                };
                filler(piece, open_end, after)
            }
        })
        .collect()
}

/// Where the port of a way through the pattern starts: a literal `:`
/// followed only by digits to the end; the path's length when it has none.
fn port_start(path: &[Piece]) -> usize {
    let digits = path
        .iter()
        .rev()
        .take_while(|piece| piece.set & !DIGITS == 0 && piece.set != 0)
        .count();
    let colon = path.len() - digits;
    if digits > 0 && colon > 0 && path[colon - 1].literal() == Some(b':') {
        colon - 1
    } else {
        path.len()
    }
}

/// An origin `pattern` matches, from its longest way through, for a message.
fn example_origin(pattern: &str) -> Option<String> {
    let hir = parse_hir(pattern).ok()?;
    paths(&hir)
        .into_iter()
        .filter(|path| path.iter().all(|piece| piece.set != 0 || piece.min == 0))
        .max_by_key(Vec::len)
        .map(|path| example(&path))
        .filter(|origin| origin.contains("://"))
}

/// Judges every way through the pattern as a wildcard origin would be.
fn judge_paths(source: &str, hir: &Hir, credentials: bool) -> Result<(), Problem> {
    let colon = 1u128 << b':';
    let ways: Vec<Path> = paths(hir)
        .into_iter()
        .filter(|path| path.iter().all(|piece| piece.set != 0 || piece.min == 0))
        .map(|path| {
            path.into_iter()
                .filter(|piece| piece.set != 0)
                .collect::<Path>()
        })
        // Without a `:` there is no `scheme://`: no origin matches.
        .filter(|path| path.iter().any(|piece| piece.set & colon != 0))
        .collect();
    if ways.is_empty() {
        return Err(Problem::new(
            ProblemKind::RegexMatchesNothing,
            source,
            format!(
                "regex \"{source}\" can never match an `Origin` header: browsers send `scheme://host[:port]` in lowercase"
            ),
            "write the scheme and host in lowercase, such as regex(r\"^https://[a-z0-9-]+\\.myapp\\.com$\")",
        ));
    }
    // The longest ways first: their examples show the most of the pattern.
    let mut ways = ways;
    ways.sort_by_key(|path| std::cmp::Reverse(path.len()));
    for path in &ways {
        judge_path(source, path, credentials)?;
    }
    Ok(())
}

fn judge_path(source: &str, path: &[Piece], credentials: bool) -> Result<(), Problem> {
    // The host starts after the first literal `://`; the scheme is what
    // comes before it, when that is literal too.
    let separator = path.windows(3).position(|window| {
        window
            .iter()
            .map(Piece::literal)
            .collect::<Option<Vec<u8>>>()
            == Some(b"://".to_vec())
    });
    let scheme: Option<Vec<u8>> =
        separator.and_then(|end| path[..end].iter().map(Piece::literal).collect());
    let host_start = separator.map(|end| end + 3);
    let host_end = port_start(path).max(host_start.unwrap_or(0));
    let host = &path[host_start.unwrap_or(0)..host_end];
    let tail_len = host
        .iter()
        .rev()
        .take_while(|p| p.literal().is_some())
        .count();
    let tail: String = host[host.len() - tail_len..]
        .iter()
        .filter_map(Piece::literal)
        .map(char::from)
        .collect();
    let open = host_start.is_none() || tail_len < host.len();
    let scheme = scheme.as_deref();

    if credentials {
        let loopback = !open && ["localhost", "127.0.0.1", "[::1]"].contains(&tail.as_str());
        let secure = scheme == Some(b"https") || (scheme == Some(b"http") && loopback);
        if !secure {
            return Err(Problem::new(
                ProblemKind::InsecureOriginWithCredentials,
                source,
                format!(
                    "regex \"{source}\" may match plain http:// origins such as \"{}\" (or it does not say which scheme it matches), but `credentials = true` sends cookies to them",
                    example(path)
                ),
                "start the regex with `^https://` so only TLS origins match, or allow it without credentials",
            ));
        }
    }
    if !open {
        return Ok(());
    }
    // The host has a wildcard part; `tail` is the literal name after it.
    let before = host
        .len()
        .checked_sub(tail_len + 1)
        .map(|index| host[index]);
    let runs_in =
        before.is_some_and(|piece| piece.set & LABEL_BYTES != 0) && !tail.starts_with('.');
    let domain = match tail.split_once('.') {
        Some((_, domain)) => domain,
        None => "",
    };
    if runs_in && (domain.is_empty() || is_public_suffix(domain)) && !tail.is_empty() {
        let mut origin = String::from_utf8_lossy(scheme.unwrap_or(b"https")).into_owned();
        origin.push_str("://evil");
        origin.push_str(&tail);
        return Err(Problem::new(
            ProblemKind::RegexSuffixMatch,
            source,
            format!(
                "regex \"{source}\" lets a wildcard part run straight into \"{tail}\" with no dot between them, so it also matches \"{origin}\""
            ),
            format!(
                "put an escaped dot between the wildcard part and the domain, so it reads `...\\.{}`",
                tail.replace('.', "\\.")
            ),
        ));
    }
    if domain.is_empty() || tail.is_empty() {
        if credentials {
            return Err(Problem::new(
                ProblemKind::RegexAnyHost,
                source,
                format!(
                    "regex \"{source}\" lets the host be any domain (it matches \"{}\"), and with `credentials = true` that is `origins = any` with credentials: every such site gets the user's session",
                    example(path)
                ),
                "end the host with your own domain, such as regex(r\"^https://[a-z0-9-]+\\.myapp\\.com$\"), or remove `credentials = true`",
            ));
        }
        return Ok(());
    }
    if is_public_suffix(domain) {
        return Err(Problem::new(
            ProblemKind::WildcardTooBroad,
            source,
            format!(
                "regex \"{source}\" matches any host under \"{domain}\" (such as \"{}\"), a public suffix where anyone can register a name, as \"https://*.{domain}\" would",
                example(path)
            ),
            format!(
                "list your own sites under it, such as \"https://myproject.{domain}\", or match only names you own"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(source: &str, credentials: bool) -> Option<ProblemKind> {
        check_origin_regex(source, credentials)
            .err()
            .map(|p| p.kind())
    }

    #[test]
    fn credentials_need_https_regexes() {
        for ok in [
            r"^https://\w+\.myapp\.com$",
            r"https://[a-z]+\.myapp\.com",
            r"^(?:https://a\.com|https://b\.com)$",
            r"^http://localhost:\d+$",
            r"^http://(localhost|127\.0\.0\.1)(:\d+)?$",
            r"^(?i)https://[a-z]+\.myapp\.com$",
            r"^https://(www\.)?myapp\.com$",
            r"^https://[a-z0-9-]+\.preview\.myapp\.com(:\d+)?$",
        ] {
            assert_eq!(check_regex_with_credentials(ok), Ok(()), "{ok}");
        }
        for bad in [
            r"^https?://\w+\.myapp\.com$",
            r"^http://\w+\.myapp\.com$",
            r"^(http|https)://myapp\.com$",
            r".*\.myapp\.com",
            r"^[a-z]+://myapp\.com$",
            r"^[a-z]+://[a-z]+\.myapp\.com$",
            r"^http://localhost\.evil\.com$",
            r"^http://localhost[a-z]*$",
        ] {
            assert_eq!(
                kind_of(bad, true),
                Some(ProblemKind::InsecureOriginWithCredentials),
                "{bad}"
            );
        }
    }

    #[test]
    fn any_host_with_credentials_is_refused() {
        for bad in [
            r"^https://.*$",
            r"^https://.+$",
            r"^https://[^/]+$",
            r"^https://\w+(\.\w+)*$",
            r"^https://[a-z0-9.-]+$",
            r"^https://[a-z]+\.myapp\.[a-z]+$",
            r"^https://[a-z]+\.myapp\.com.*$",
            r"^https://[a-z]+\.myapp\.com\w*$",
        ] {
            let problem = check_origin_regex(bad, true).unwrap_err();
            assert_eq!(
                problem.kind(),
                ProblemKind::RegexAnyHost,
                "{bad}: {problem}"
            );
            // Without credentials these are `origins = any` in other words.
            assert_eq!(kind_of(bad, false), None, "{bad}");
        }
        let message = check_origin_regex(r"^https://.*$", true).unwrap_err();
        assert!(
            message.message().contains("\"https://evil.example\""),
            "{message}"
        );
    }

    #[test]
    fn public_suffixes_are_refused_as_wildcards_are() {
        for (bad, suffix) in [
            (r"^https://[a-z0-9-]+\.vercel\.app$", "vercel.app"),
            (r"^https://\w+\.github\.io$", "github.io"),
            (r"^https://[a-z]+\.co\.uk$", "co.uk"),
            (r"^https://.*\.com$", "com"),
            (
                r"^https://[a-z]+\.s3\.us-east-1\.amazonaws\.com$",
                "s3.us-east-1.amazonaws.com",
            ),
            (r"^https://(?:[a-z]+\.)?[a-z]+\.pages\.dev$", "pages.dev"),
        ] {
            for credentials in [false, true] {
                let problem = check_origin_regex(bad, credentials).unwrap_err();
                assert_eq!(problem.kind(), ProblemKind::WildcardTooBroad, "{bad}");
                assert!(problem.message().contains(suffix), "{problem}");
            }
        }
        for fine in [
            r"^https://myproject\.vercel\.app$",
            r"^https://(?:a|b)\.vercel\.app$",
            r"^https://[a-z]+\.myorg\.github\.io$",
            r"^https://[a-z]+\.myapp\.co\.uk$",
        ] {
            assert_eq!(kind_of(fine, true), None, "{fine}");
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
            (
                r"^https://([a-z0-9-]+.)?myapp\.com$",
                r"^https://([a-z0-9-]+\.)?myapp\.com$",
            ),
            (
                r"^https://(\w+.)+myapp\.com$",
                r"^https://(\w+\.)+myapp\.com$",
            ),
            (r"^https://\w+.?myapp\.com$", r"^https://\w+\.?myapp\.com$"),
        ] {
            let problem = check_regex(source).unwrap_err();
            assert_eq!(problem.kind(), ProblemKind::RegexUnescapedDot, "{source}");
            assert!(problem.help().contains(fixed), "{}", problem.help());
        }
        for (source, example) in [
            (
                r"^https://([a-z0-9-]+.)?myapp\.com$",
                "https://evilxmyapp.com",
            ),
            (
                r"^https://(www|api.v2)\.myapp\.com$",
                "https://apixv2.myapp.com",
            ),
            (r"^https://api.myapp\.com$", "https://apixmyapp.com"),
        ] {
            let problem = check_regex(source).unwrap_err();
            assert!(
                problem
                    .message()
                    .contains(&format!("so it also matches \"{example}\"")),
                "{problem}"
            );
        }
    }

    #[test]
    fn flags_wildcards_running_into_a_label() {
        for (source, example) in [
            (r"^https://.*myapp\.com$", "https://evilmyapp.com"),
            (r"^https://\w+myapp\.com$", "https://evilmyapp.com"),
            (r"^https://[a-z.]+myapp\.com$", "https://evilmyapp.com"),
            (r"^https://(\w+)?myapp\.com$", "https://evilmyapp.com"),
            (r"^https://(?:[a-z]+|x)myapp\.com$", "https://evilmyapp.com"),
            (r"^https://a?myapp\.co\.uk$", "https://evilmyapp.co.uk"),
            (r"^https://(\w+)*myapp\.com$", "https://evilmyapp.com"),
            (
                r"^https://(?:[a-z]+\.[a-z]+)+myapp\.com$",
                "https://evilmyapp.com",
            ),
        ] {
            let problem = check_regex(source).unwrap_err();
            assert_eq!(problem.kind(), ProblemKind::RegexSuffixMatch, "{source}");
            assert!(problem.message().contains(example), "{problem}");
        }
        let help = check_regex(r"^https://.*myapp\.com$").unwrap_err();
        assert!(help.help().contains(r"^https://.*\.myapp\.com$"), "{help}");
        for fine in [
            r"^https://(www\.)?myapp\.com$",
            r"^https://(?:[a-z0-9-]+\.)*myapp\.com$",
            r"^https://(?:[a-z0-9-]+\.)+myapp\.com$",
            r"^https://(?:[a-z0-9-]+\.){1,3}myapp\.com$",
            r"^https://[a-z]+\.myapp\.com$",
            r"^https://app[0-9]+\.myapp\.com$",
            r"^https://[a-z]+-app\.myapp\.com$",
            r"^https://[a-z]+app\.myapp\.com$",
        ] {
            assert_eq!(check_regex(fine), Ok(()), "{fine}");
        }
    }

    #[test]
    fn comments_of_extended_patterns_stay_inside_their_pattern() {
        let source = "(?x) ^https://[a-z]+\\.myapp\\.com$  # staging";
        let runtime = check_origin_regex(source, true).unwrap();
        let regex = regex::Regex::new(&runtime).unwrap();
        assert!(regex.is_match("https://x.myapp.com"));
        assert!(!regex.is_match("https://x.myapp.com.evil.com"));
        // The comment no longer hides the scheme from the credentials rule.
        let http = "(?x) ^http://[a-z]+\\.myapp\\.com$  # staging";
        assert_eq!(
            kind_of(http, true),
            Some(ProblemKind::InsecureOriginWithCredentials)
        );
        // Without `(?x)`, the closing newline is not matched literally.
        let plain = check_origin_regex(r"^https://a\.com$", false).unwrap();
        assert!(regex::Regex::new(&plain).unwrap().is_match("https://a.com"));
        assert!(
            !regex::Regex::new(&plain)
                .unwrap()
                .is_match("https://a.com\n")
        );
    }

    #[test]
    fn a_pattern_that_matches_no_origin_is_refused() {
        for bad in [
            r"^HTTPS://myapp\.com$",
            r"^https://MyApp\.com$",
            r"^https://café\.com$",
            r"myapp\.com",
            r"[a-z]+\.myapp\.com",
        ] {
            assert_eq!(
                kind_of(bad, false),
                Some(ProblemKind::RegexMatchesNothing),
                "{bad}"
            );
        }
        assert_eq!(kind_of(r"(?i)^HTTPS://MyApp\.com$", true), None);
    }

    #[test]
    fn reports_syntax_errors() {
        for source in [
            r"^https://(api\.myapp\.com$",
            r"[z-a]",
            r"\p{NotAClass}",
            "a{5,2}",
            r"^https://\w{1000}\w{1000}\w{1000}\.myapp\.com$",
        ] {
            let problem = check_regex(source).unwrap_err();
            assert_eq!(problem.kind(), ProblemKind::RegexSyntax, "{source}");
        }
    }

    #[test]
    fn large_patterns_do_not_explode() {
        let many = (0..40).map(|i| format!("(a{i}|b{i})?")).collect::<String>();
        let source = format!(r"^https://{many}x\.myapp\.com$");
        assert_eq!(check_regex_with_credentials(&source), Ok(()));
    }
}
