//! The rows of DESIGN.md's "What the server answers" as data, run against
//! the same routes on every framework (`tests/answers.rs` on axum,
//! `tests/actix_answers.rs` on actix-web). Each suite mounts:
//!
//! * `/strict`: `GET, POST, PUT` of a credentialed policy (exact, wildcard,
//!   any-port and regex origins, `expose_headers`, `max_age = 600`,
//!   `private_network`), whose handler sets `Vary: Accept-Encoding`;
//! * `/public`: `GET` open to any origin, any requested header;
//! * `/meddling`: a handler that sets CORS headers of its own;
//! * `/create`: a handler taking a JSON body, mounted for every method;
//! * `/comments`: `GET` (any origin) and `POST` (credentialed) handlers on
//!   one path, through the framework's `route!`-like helper.

#![allow(dead_code)]

pub const ACAO: &str = "access-control-allow-origin";
pub const ACAC: &str = "access-control-allow-credentials";
pub const ACAM: &str = "access-control-allow-methods";
pub const ACAH: &str = "access-control-allow-headers";
pub const ACEH: &str = "access-control-expose-headers";
pub const ACMA: &str = "access-control-max-age";
pub const ACAPN: &str = "access-control-allow-private-network";
pub const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
pub const PREFLIGHT_VARY_PN: &str = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";

/// What a header of the answer must be.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// Exactly one line with this value.
    Is(&'static str),
    /// No line at all.
    Absent,
    /// Present, and its value contains this text.
    Contains(&'static str),
}

/// The status an answer must have.
#[derive(Debug, Clone, Copy)]
pub enum Status {
    Exactly(u16),
    /// Any 4xx: frameworks word extractor rejections differently.
    ClientError,
}

/// One request and what its answer must be.
#[derive(Debug)]
pub struct Case {
    pub name: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    /// Request headers, appended in order (so a name may repeat). Values
    /// are taken as bytes, so non-ASCII values can be sent.
    pub headers: &'static [(&'static str, &'static str)],
    pub body: &'static str,
    pub status: Status,
    pub expect: &'static [(&'static str, Expect)],
    /// Every `Access-Control-*` header must be absent (a refusal).
    pub refused: bool,
}

/// An answer, reduced to what the rows check.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// Every header line, lowercase name first.
    pub headers: Vec<(String, String)>,
}

impl Answer {
    fn lines(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Checks one answer against its row, naming the row on failure.
pub fn check(case: &Case, answer: &Answer) {
    let name = case.name;
    match case.status {
        Status::Exactly(code) => assert_eq!(answer.status, code, "{name}: status"),
        Status::ClientError => assert!(
            (400..500).contains(&answer.status),
            "{name}: status {} is not a client error",
            answer.status
        ),
    }
    for (header, expect) in case.expect {
        let lines = answer.lines(header);
        match expect {
            Expect::Is(value) => assert_eq!(lines, [*value], "{name}: {header}"),
            Expect::Absent => assert!(lines.is_empty(), "{name}: {header} is {lines:?}"),
            Expect::Contains(text) => assert!(
                lines.len() == 1 && lines[0].contains(text),
                "{name}: {header} is {lines:?}, not containing {text}"
            ),
        }
    }
    if case.refused {
        let granted: Vec<_> = answer
            .headers
            .iter()
            .filter(|(n, _)| n.starts_with("access-control-"))
            .collect();
        assert!(granted.is_empty(), "{name}: a refusal carries {granted:?}");
    }
}

const fn get(
    name: &'static str,
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    expect: &'static [(&'static str, Expect)],
    refused: bool,
) -> Case {
    Case {
        name,
        method: "GET",
        path,
        headers,
        body: "",
        status: Status::Exactly(200),
        expect,
        refused,
    }
}

const fn preflight(
    name: &'static str,
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    status: u16,
    expect: &'static [(&'static str, Expect)],
) -> Case {
    Case {
        name,
        method: "OPTIONS",
        path,
        headers,
        body: "",
        status: Status::Exactly(status),
        expect,
        refused: status == 403,
    }
}

const MYAPP: (&str, &str) = ("origin", "https://myapp.com");

/// A refused actual request to `/strict`: the handler runs, no CORS
/// headers, `Vary` still says the answer depends on the origin.
const fn strict_refused(
    name: &'static str,
    headers: &'static [(&'static str, &'static str)],
) -> Case {
    get(
        name,
        "/strict",
        headers,
        &[("vary", Expect::Is("Accept-Encoding, Origin"))],
        true,
    )
}

/// A refused preflight to `/strict`.
const fn strict_preflight_refused(
    name: &'static str,
    headers: &'static [(&'static str, &'static str)],
) -> Case {
    preflight(
        name,
        "/strict",
        headers,
        403,
        &[("vary", Expect::Is(PREFLIGHT_VARY_PN))],
    )
}

const STRICT_GRANT: &[(&str, Expect)] = &[
    (ACAC, Expect::Is("true")),
    (ACEH, Expect::Is("x-total-count")),
    ("vary", Expect::Is("Accept-Encoding, Origin")),
    (ACAM, Expect::Absent),
    (ACMA, Expect::Absent),
];

pub const CASES: &[Case] = &[
    // No Origin.
    get(
        "no origin: handler runs, no CORS headers, Vary: Origin merged",
        "/strict",
        &[],
        &[("vary", Expect::Is("Accept-Encoding, Origin"))],
        true,
    ),
    get(
        "no origin on `any`: `*`, no Vary (the answer cannot depend on it)",
        "/public",
        &[],
        &[(ACAO, Expect::Is("*")), ("vary", Expect::Absent)],
        false,
    ),
    // Allowed actual requests.
    get(
        "allowed exact origin",
        "/strict",
        &[MYAPP],
        &[
            (ACAO, Expect::Is("https://myapp.com")),
            (ACAC, Expect::Is("true")),
            (ACEH, Expect::Is("x-total-count")),
            ("vary", Expect::Is("Accept-Encoding, Origin")),
            (ACAM, Expect::Absent),
            (ACMA, Expect::Absent),
        ],
        false,
    ),
    get(
        "allowed subdomain wildcard",
        "/strict",
        &[("origin", "https://api.eu.myapp.com")],
        &[(ACAO, Expect::Is("https://api.eu.myapp.com"))],
        false,
    ),
    get(
        "allowed any port of localhost",
        "/strict",
        &[("origin", "http://localhost:5173")],
        &[(ACAO, Expect::Is("http://localhost:5173"))],
        false,
    ),
    get(
        "allowed by regex",
        "/strict",
        &[("origin", "https://pr-12.preview.other.com")],
        &[(ACAO, Expect::Is("https://pr-12.preview.other.com"))],
        false,
    ),
    get(
        "`any` without credentials answers `*`",
        "/public",
        &[("origin", "https://anyone.example")],
        &[(ACAO, Expect::Is("*")), (ACAC, Expect::Absent)],
        false,
    ),
    get(
        "the policy's headers replace the handler's; Vary not duplicated",
        "/meddling",
        &[MYAPP],
        &[
            (ACAO, Expect::Is("https://myapp.com")),
            (ACAC, Expect::Absent),
            ("vary", Expect::Is("origin")),
        ],
        false,
    ),
    get(
        "a refused origin strips the handler's own CORS headers",
        "/meddling",
        &[("origin", "https://evil.example")],
        &[("vary", Expect::Is("origin"))],
        true,
    ),
    // Refused actual requests: for each, a test that fails if it were allowed.
    strict_refused(
        "refused: attacker suffix",
        &[("origin", "https://myapp.com.evil.com")],
    ),
    strict_refused(
        "refused: attacker prefix",
        &[("origin", "https://evilmyapp.com")],
    ),
    strict_refused(
        "refused: http spelling of an https origin",
        &[("origin", "http://myapp.com")],
    ),
    strict_refused(
        "refused: uppercase spelling",
        &[("origin", "HTTPS://MYAPP.COM")],
    ),
    strict_refused(
        "refused: trailing slash",
        &[("origin", "https://myapp.com/")],
    ),
    strict_refused(
        "refused: default port written out",
        &[("origin", "https://myapp.com:443")],
    ),
    strict_refused("refused: null", &[("origin", "null")]),
    strict_refused(
        "refused: wildcard does not cover the apex's sibling",
        &[("origin", "https://myapp.com.co")],
    ),
    strict_refused(
        "refused: regex is whole-origin",
        &[("origin", "https://pr-1.preview.other.com.evil.com")],
    ),
    strict_refused(
        "refused: several Origin headers",
        &[
            ("origin", "https://myapp.com"),
            ("origin", "https://myapp.com"),
        ],
    ),
    strict_refused(
        "refused: non-ASCII origin",
        &[("origin", "https://myäpp.com")],
    ),
    strict_refused(
        "refused: oversized origin",
        &[(
            "origin",
            "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.myapp.com",
        )],
    ),
    get(
        "refused on `any`: a malformed origin varies",
        "/public",
        &[
            ("origin", "https://a.example"),
            ("origin", "https://b.example"),
        ],
        &[("vary", Expect::Is("Origin"))],
        true,
    ),
    // Preflights.
    preflight(
        "preflight allowed: every header, private network",
        "/strict",
        &[
            MYAPP,
            ("access-control-request-method", "PUT"),
            (
                "access-control-request-headers",
                "authorization,content-type",
            ),
            ("access-control-request-private-network", "true"),
        ],
        204,
        &[
            (ACAO, Expect::Is("https://myapp.com")),
            (ACAC, Expect::Is("true")),
            (ACAM, Expect::Is("GET, POST, PUT")),
            (ACAH, Expect::Is("authorization, content-type, x-csrftoken")),
            (ACMA, Expect::Is("600")),
            (ACAPN, Expect::Is("true")),
            ("vary", Expect::Is(PREFLIGHT_VARY_PN)),
            (ACEH, Expect::Absent),
        ],
    ),
    preflight(
        "preflight allowed without requested headers: no Allow-Headers",
        "/strict",
        &[MYAPP, ("access-control-request-method", "GET")],
        204,
        &[
            (ACAO, Expect::Is("https://myapp.com")),
            (ACAH, Expect::Absent),
            (ACAPN, Expect::Absent),
        ],
    ),
    preflight(
        "preflight on `any` mirrors requested headers",
        "/public",
        &[
            ("origin", "https://anyone.example"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "x-anything"),
        ],
        204,
        &[
            (ACAO, Expect::Is("*")),
            (ACAH, Expect::Is("x-anything")),
            ("vary", Expect::Is(PREFLIGHT_VARY)),
        ],
    ),
    strict_preflight_refused(
        "preflight refused: origin",
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "GET"),
        ],
    ),
    strict_preflight_refused(
        "preflight refused: method",
        &[MYAPP, ("access-control-request-method", "DELETE")],
    ),
    strict_preflight_refused(
        "preflight refused: lowercase method",
        &[MYAPP, ("access-control-request-method", "put")],
    ),
    strict_preflight_refused(
        "preflight refused: one header not allowed",
        &[
            MYAPP,
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "authorization,x-other"),
        ],
    ),
    strict_preflight_refused(
        "preflight refused: malformed request headers",
        &[
            MYAPP,
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content type"),
        ],
    ),
    strict_preflight_refused(
        "preflight refused: several origins",
        &[MYAPP, MYAPP, ("access-control-request-method", "GET")],
    ),
    preflight(
        "preflight refused: private network not configured",
        "/public",
        &[
            ("origin", "https://anyone.example"),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "true"),
        ],
        403,
        &[("vary", Expect::Is(PREFLIGHT_VARY))],
    ),
    preflight(
        "preflight refused: method of `any` policy",
        "/public",
        &[
            ("origin", "https://anyone.example"),
            ("access-control-request-method", "POST"),
        ],
        403,
        &[],
    ),
    Case {
        name: "plain OPTIONS gets Allow",
        method: "OPTIONS",
        path: "/strict",
        headers: &[MYAPP],
        body: "",
        status: Status::Exactly(204),
        expect: &[("allow", Expect::Contains("PUT")), (ACAO, Expect::Absent)],
        refused: true,
    },
    // Rejections carry the answer.
    Case {
        name: "a malformed JSON body from an allowed origin carries CORS headers",
        method: "POST",
        path: "/create",
        headers: &[MYAPP, ("content-type", "application/json")],
        body: "{not json",
        status: Status::ClientError,
        expect: &[
            (ACAO, Expect::Is("https://myapp.com")),
            ("vary", Expect::Is("Origin")),
        ],
        refused: false,
    },
    Case {
        name: "a malformed JSON body from a refused origin carries none",
        method: "POST",
        path: "/create",
        headers: &[
            ("origin", "https://evil.example"),
            ("content-type", "application/json"),
        ],
        body: "{not json",
        status: Status::ClientError,
        expect: &[("vary", Expect::Is("Origin"))],
        refused: true,
    },
    Case {
        name: "a good JSON body runs the handler",
        method: "POST",
        path: "/create",
        headers: &[MYAPP, ("content-type", "application/json")],
        body: r#"{"title":"t"}"#,
        status: Status::Exactly(201),
        expect: &[(ACAO, Expect::Is("https://myapp.com"))],
        refused: false,
    },
    preflight(
        "a handler mounted for OPTIONS answers the preflight from its extractor",
        "/create",
        &[
            MYAPP,
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
        204,
        &[
            (ACAO, Expect::Is("https://myapp.com")),
            (ACAH, Expect::Is("content-type")),
        ],
    ),
    // Several handlers on one path: the routed handler's policy decides.
    preflight(
        "routed: POST is decided by the credentialed POST handler",
        "/comments",
        &[MYAPP, ("access-control-request-method", "POST")],
        204,
        &[
            (ACAO, Expect::Is("https://myapp.com")),
            (ACAC, Expect::Is("true")),
        ],
    ),
    preflight(
        "routed: POST from another origin is refused though GET is open to any",
        "/comments",
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "POST"),
        ],
        403,
        &[],
    ),
    preflight(
        "routed: GET from any origin is decided by the open GET handler",
        "/comments",
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "GET"),
        ],
        204,
        &[(ACAO, Expect::Is("*")), (ACAC, Expect::Absent)],
    ),
    preflight(
        "routed: a method no handler serves is refused though a policy lists it",
        "/comments",
        &[MYAPP, ("access-control-request-method", "DELETE")],
        403,
        &[],
    ),
];
