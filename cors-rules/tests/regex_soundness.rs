//! Regexes built at random from the pieces origin regexes are made of: the
//! rules never panic, and a regex they accept with credentials never
//! matches an origin it must not (another registrable domain, a public
//! suffix's customer, plain http, a longer host), as the runtime runs it.

use cors_rules::regex_check::check_origin_regex;
use proptest::prelude::*;

/// Parts of host patterns, good and bad.
const PIECES: &[&str] = &[
    r"[a-z]+",
    r"[a-z0-9-]+",
    r"\w+",
    r".*",
    r".+",
    r"[^/]+",
    r".",
    r"\.",
    r"myapp",
    r"com",
    r"vercel\.app",
    r"co\.uk",
    r"(?:[a-z]+\.)*",
    r"(?:[a-z]+\.)?",
    r"(\w+)?",
    r"(?:www|api)",
    r"(?:x|[a-z]+)",
    r"-",
    r"\.myapp\.com",
    r"\.myapp\.co\.uk",
    r"myapp\.com",
    r"\.com",
    r"\.vercel\.app",
    r"\.preview\.myapp\.com",
];

const SCHEMES: &[&str] = &[
    r"^https://",
    r"^http://",
    r"^https?://",
    r"",
    r"(?i)^https://",
];

const ENDS: &[&str] = &["$", r"(:\d+)?$", r".*$", "", r"(?x) $ # comment"];

/// Origins no regex accepted with credentials may admit: the generator
/// cannot spell any of their registrable domains as a literal of its own.
const HOSTILE: &[&str] = &[
    "https://evilmyapp.com",
    "https://evil.example",
    "https://evil.com",
    "http://x.myapp.com",
    "http://myapp.com",
    "https://x.vercel.app",
    "https://evil.co.uk",
    "https://x.myapp.com.evil.example",
    "https://myapp.com.evil.example",
    "https://xmyapp.com",
];

fn pattern() -> impl Strategy<Value = String> {
    (
        prop::sample::select(SCHEMES),
        prop::collection::vec(prop::sample::select(PIECES), 0..5),
        prop::sample::select(ENDS),
    )
        .prop_map(|(scheme, pieces, end)| format!("{scheme}{}{end}", pieces.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn accepted_with_credentials_admits_no_stranger(source in pattern()) {
        for credentials in [false, true] {
            let Ok(runtime) = check_origin_regex(&source, credentials) else {
                continue;
            };
            if !credentials {
                continue;
            }
            let regex = regex::Regex::new(&runtime).unwrap();
            for hostile in HOSTILE {
                prop_assert!(
                    !regex.is_match(hostile),
                    "{source} accepted with credentials but admits {hostile}"
                );
            }
        }
    }
}

#[test]
fn the_generator_reaches_accepted_patterns() {
    for source in [
        r"^https://[a-z]+\.myapp\.com$",
        r"^https://(?:[a-z]+\.)*myapp\.com(:\d+)?$",
        r"(?i)^https://\w+\.myapp\.com$",
    ] {
        assert!(check_origin_regex(source, true).is_ok(), "{source}");
    }
}
