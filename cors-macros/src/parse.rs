//! Attribute tokens -> [`PolicySpec`].
//!
//! A plain function over `proc_macro2` tokens, so it runs (and is tested)
//! outside the compiler. It never stops at the first mistake: the input is
//! cut at top-level commas and each `key = value` is read on its own, so one
//! bad key does not hide the next.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::{LitInt, LitStr};

use crate::errors::Errors;
use crate::spec::{HeadersSpec, OriginEntrySpec, Origins, PolicySpec, Spanned};

/// Every key the attribute knows, in the order the docs list them.
pub const KEYS: &[&str] = &[
    "policy",
    "origins",
    "methods",
    "headers",
    "expose_headers",
    "credentials",
    "max_age",
    "private_network",
    "csrf",
];

/// Names other CORS libraries use for our keys.
const ALIASES: &[(&str, &str)] = &[
    ("origin", "origins"),
    ("allow_origin", "origins"),
    ("allow_origins", "origins"),
    ("allowed_origins", "origins"),
    ("cors_allowed_origins", "origins"),
    ("allow_credentials", "credentials"),
    ("supports_credentials", "credentials"),
    ("cors_allow_credentials", "credentials"),
    ("method", "methods"),
    ("allow_methods", "methods"),
    ("allowed_methods", "methods"),
    ("header", "headers"),
    ("allow_headers", "headers"),
    ("allowed_headers", "headers"),
    ("expose", "expose_headers"),
    ("exposed_headers", "expose_headers"),
    ("expose_header", "expose_headers"),
    ("preflight_max_age", "max_age"),
    ("cors_preflight_max_age", "max_age"),
    ("allow_private_network", "private_network"),
    ("csrf_protection", "csrf"),
    ("cross_origin_protection", "csrf"),
];

/// Reads the attribute's arguments.
pub fn parse_policy(tokens: TokenStream, errors: &mut Errors) -> PolicySpec {
    let mut spec = PolicySpec::default();
    let mut seen = Vec::new();
    for segment in split_commas(tokens) {
        parse_key_value(&segment, &mut spec, &mut seen, errors);
    }
    spec
}

/// Cuts a token stream at its top-level commas, dropping empty pieces
/// (a trailing comma).
pub fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut pieces = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => pieces.push(Vec::new()),
            _ => pieces.last_mut().expect("never empty").push(token),
        }
    }
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

fn stream(tokens: &[TokenTree]) -> TokenStream {
    tokens.iter().cloned().collect()
}

fn parse_key_value(
    segment: &[TokenTree],
    spec: &mut PolicySpec,
    seen: &mut Vec<String>,
    errors: &mut Errors,
) {
    let TokenTree::Ident(key) = &segment[0] else {
        errors.push_spanned(
            stream(segment),
            "expected a key such as `origins = [...]`\nhelp: write `key = value` pairs separated by commas",
        );
        return;
    };
    let name = key.to_string();
    let value = match segment.get(1) {
        None => None,
        Some(TokenTree::Punct(eq)) if eq.as_char() == '=' => {
            if segment.len() == 2 {
                errors.push(
                    eq.span(),
                    format!("`{name} =` has no value\nhelp: {}", example(&name)),
                );
                return;
            }
            Some(&segment[2..])
        }
        Some(other) => {
            errors.push(
                other.span(),
                format!("expected `=` after `{name}`\nhelp: {}", example(&name)),
            );
            return;
        }
    };
    let span = key.span();
    if !KEYS.contains(&name.as_str()) {
        let suggestion = suggest_key(&name);
        spec.misspelled.extend(suggestion);
        errors.push(span, unknown_key(&name, suggestion));
        return;
    }
    let already = seen.contains(&name);
    seen.push(name.clone());
    if already {
        errors.push(
            span,
            format!("key `{name}` is given twice\nhelp: keep one `{name} = ...`"),
        );
        return;
    }
    match name.as_str() {
        "credentials" | "private_network" | "csrf" => {
            let flag = match value {
                None => Some(Spanned { value: true, span }),
                Some(tokens) => parse_bool(&name, tokens, errors),
            };
            match name.as_str() {
                "credentials" => spec.credentials = flag,
                "private_network" => spec.private_network = flag,
                _ => spec.csrf = flag,
            }
            return;
        }
        _ => {}
    }
    let Some(value) = value else {
        errors.push(
            span,
            format!("`{name}` needs a value\nhelp: {}", example(&name)),
        );
        return;
    };
    match name.as_str() {
        "origins" => {
            spec.origins = parse_origins(value, errors).map(|origins| Spanned {
                value: origins,
                span,
            })
        }
        "methods" => {
            spec.methods =
                parse_list(&name, value, errors).map(|items| parse_methods(items, errors))
        }
        "headers" => {
            spec.headers = match value {
                [TokenTree::Ident(any)] if any == "any" => Some(HeadersSpec::Any),
                _ => parse_list(&name, value, errors)
                    .map(|items| HeadersSpec::List(parse_strings(&name, items, errors))),
            }
        }
        "expose_headers" => {
            spec.expose_headers =
                parse_list(&name, value, errors).map(|items| parse_strings(&name, items, errors))
        }
        "max_age" => spec.max_age = parse_seconds(value, errors),
        "policy" => match syn::parse2::<syn::Path>(stream(value)) {
            Ok(path) => spec.policy = Some(Spanned { value: path, span }),
            Err(_) => errors.push_spanned(
                stream(value),
                format!(
                    "`policy` takes the name of a policy declared with `policy!`, found `{}`\nhelp: {}",
                    stream(value),
                    example("policy")
                ),
            ),
        },
        _ => unreachable!("every key is matched above"),
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "origins" => "write `origins = [\"https://myapp.com\"]` or `origins = any`",
        "methods" => "write `methods = [GET, POST]`",
        "headers" => "write `headers = [\"authorization\", \"content-type\"]` or `headers = any`",
        "expose_headers" => "write `expose_headers = [\"x-total-count\"]`",
        "credentials" => "write `credentials = true`, or just `credentials`",
        "max_age" => "write `max_age = 600` (seconds)",
        "private_network" => "write `private_network = true`",
        "csrf" => "write `csrf = true`, or just `csrf`",
        "policy" => {
            "write `policy = STRICT` after `handler_cors::policy!(pub STRICT, origins = [...])`"
        }
        _ => "write `key = value`",
    }
}

/// The known key an unknown one most likely meant.
fn suggest_key(name: &str) -> Option<&'static str> {
    let alias = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map(|(_, key)| *key);
    alias.or_else(|| {
        KEYS.iter()
            .map(|key| (edit_distance(&name.to_ascii_lowercase(), key), *key))
            .filter(|(distance, _)| *distance <= 3)
            .min()
            .map(|(_, key)| key)
    })
}

fn unknown_key(name: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(key) => format!("unknown key `{name}`\nhelp: did you mean `{key}`?"),
        None => format!(
            "unknown key `{name}`\nhelp: the keys are {}",
            KEYS.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}

fn parse_bool(key: &str, value: &[TokenTree], errors: &mut Errors) -> Option<Spanned<bool>> {
    match value {
        [TokenTree::Ident(ident)] if ident == "true" || ident == "false" => Some(Spanned {
            value: ident == "true",
            span: ident.span(),
        }),
        _ => {
            errors.push_spanned(
                stream(value),
                format!(
                    "`{key}` takes `true` or `false`, found `{}`\nhelp: {}",
                    stream(value),
                    example(key)
                ),
            );
            None
        }
    }
}

fn parse_seconds(value: &[TokenTree], errors: &mut Errors) -> Option<Spanned<u64>> {
    if let [TokenTree::Literal(literal)] = value
        && let Ok(int) =
            syn::parse2::<LitInt>(TokenStream::from(TokenTree::Literal(literal.clone())))
    {
        {
            return match int.base10_parse::<u64>() {
                Ok(seconds) => Some(Spanned {
                    value: seconds,
                    span: literal.span(),
                }),
                Err(_) => {
                    errors.push(
                        literal.span(),
                        format!(
                            "max_age = {int} is too large\nhelp: write `max_age = 86400` or less"
                        ),
                    );
                    None
                }
            };
        }
    }
    errors.push_spanned(
        stream(value),
        format!(
            "`max_age` takes a whole number of seconds, found `{}`\nhelp: write `max_age = 600`",
            stream(value)
        ),
    );
    None
}

/// Reads `[a, b, c]`, returning its items.
fn parse_list(key: &str, value: &[TokenTree], errors: &mut Errors) -> Option<Vec<Vec<TokenTree>>> {
    match value {
        [TokenTree::Group(group)] if group.delimiter() == Delimiter::Bracket => {
            Some(split_commas(group.stream()))
        }
        [TokenTree::Literal(_)] => {
            errors.push_spanned(
                stream(value),
                format!(
                    "`{key}` takes a list in brackets\nhelp: write `{key} = [{}]`",
                    stream(value)
                ),
            );
            None
        }
        [TokenTree::Ident(ident)] if ident == "any" => {
            errors.push(
                ident.span(),
                format!("`{key}` cannot be `any`\nhelp: {}", example(key)),
            );
            None
        }
        _ => {
            errors.push_spanned(
                stream(value),
                format!(
                    "`{key}` takes a list in brackets, found `{}`\nhelp: {}",
                    stream(value),
                    example(key)
                ),
            );
            None
        }
    }
}

fn parse_str(tokens: &[TokenTree]) -> Option<Spanned<String>> {
    match tokens {
        [TokenTree::Literal(literal)] => {
            syn::parse2::<LitStr>(TokenStream::from(TokenTree::Literal(literal.clone())))
                .ok()
                .map(|lit| Spanned {
                    value: lit.value(),
                    span: literal.span(),
                })
        }
        _ => None,
    }
}

fn parse_strings(
    key: &str,
    items: Vec<Vec<TokenTree>>,
    errors: &mut Errors,
) -> Vec<Spanned<String>> {
    let mut names = Vec::new();
    for item in items {
        match parse_str(&item) {
            Some(name) => names.push(name),
            None => errors.push_spanned(
                stream(&item),
                format!(
                    "`{key}` lists header names as strings, found `{}`\nhelp: write \"{}\"",
                    stream(&item),
                    stream(&item)
                        .to_string()
                        .replace('_', "-")
                        .to_ascii_lowercase()
                ),
            ),
        }
    }
    names
}

fn parse_methods(items: Vec<Vec<TokenTree>>, errors: &mut Errors) -> Vec<Spanned<String>> {
    let mut methods = Vec::new();
    for item in items {
        match item.as_slice() {
            [TokenTree::Ident(ident)] => methods.push(Spanned {
                value: ident.to_string().trim_start_matches("r#").to_owned(),
                span: ident.span(),
            }),
            _ => match parse_str(&item) {
                Some(method) => methods.push(method),
                None => errors.push_spanned(
                    stream(&item),
                    format!(
                        "expected a method such as `GET` or \"PROPFIND\", found `{}`\nhelp: write methods as names (`GET`) or strings (\"PROPFIND\")",
                        stream(&item)
                    ),
                ),
            },
        }
    }
    methods
}

fn parse_origins(value: &[TokenTree], errors: &mut Errors) -> Option<Origins> {
    match value {
        [TokenTree::Ident(ident)] if ident == "any" => Some(Origins::Any(ident.span())),
        _ => parse_list("origins", value, errors).map(|items| Origins::List {
            written: items.len(),
            entries: items
                .iter()
                .filter_map(|item| parse_origin_entry(item, errors))
                .collect(),
        }),
    }
}

fn parse_origin_entry(item: &[TokenTree], errors: &mut Errors) -> Option<OriginEntrySpec> {
    if let Some(literal) = parse_str(item) {
        return Some(OriginEntrySpec::Literal(literal));
    }
    match item {
        [TokenTree::Ident(ident)] if ident == "any" => {
            errors.push(
                ident.span(),
                "`any` inside a list of origins\nhelp: write `origins = any` on its own to allow every origin",
            );
            None
        }
        [TokenTree::Ident(function), TokenTree::Group(args)]
            if args.delimiter() == Delimiter::Parenthesis =>
        {
            let inner = split_commas(args.stream());
            match function.to_string().as_str() {
                "regex" => match inner.as_slice() {
                    [pattern] if parse_str(pattern).is_some() => {
                        parse_str(pattern).map(OriginEntrySpec::Regex)
                    }
                    _ => {
                        errors.push_spanned(
                            stream(item),
                            "`regex(...)` takes one string\nhelp: write `regex(r\"^https://[a-z0-9-]+\\.myapp\\.com$\")`",
                        );
                        None
                    }
                },
                "env" => parse_env(item, &inner, errors),
                "with" => match parse_predicate(args.stream()) {
                    Ok((path, is_async)) => Some(OriginEntrySpec::With { path, is_async }),
                    Err(_) => {
                        errors.push_spanned(
                            stream(item),
                            "`with(...)` takes the path of a `fn(&str) -> bool`\nhelp: write `with(crate::tenants::is_allowed)`",
                        );
                        None
                    }
                },
                other => {
                    errors.push(
                        function.span(),
                        format!("unknown origin form `{other}(...)`\nhelp: {ORIGIN_FORMS}"),
                    );
                    None
                }
            }
        }
        _ => {
            errors.push_spanned(
                stream(item),
                format!(
                    "expected an origin, found `{}`\nhelp: {ORIGIN_FORMS}",
                    stream(item)
                ),
            );
            None
        }
    }
}

/// `path` or `async path`.
fn parse_predicate(tokens: TokenStream) -> syn::Result<(syn::Path, bool)> {
    let mut tokens = tokens.into_iter().peekable();
    let is_async = matches!(tokens.peek(), Some(TokenTree::Ident(ident)) if ident == "async");
    if is_async {
        tokens.next();
    }
    syn::parse2::<syn::Path>(tokens.collect()).map(|path| (path, is_async))
}

const ORIGIN_FORMS: &str = "an origin is a string (\"https://myapp.com\", \"https://*.myapp.com\"), `regex(\"...\")`, `env(\"VAR\")` or `with(path::to::predicate)`";

fn parse_env(
    item: &[TokenTree],
    inner: &[Vec<TokenTree>],
    errors: &mut Errors,
) -> Option<OriginEntrySpec> {
    let usage = "`env(...)` takes a variable name and an optional default\nhelp: write `env(\"CORS_ALLOWED_ORIGINS\")` or `env(\"CORS_ALLOWED_ORIGINS\", default = [\"http://localhost:3000\"])`";
    let Some(var) = inner.first().and_then(|first| parse_str(first)) else {
        errors.push_spanned(stream(item), usage);
        return None;
    };
    let default = match inner.get(1).map(Vec::as_slice) {
        None => Vec::new(),
        Some([TokenTree::Ident(key), TokenTree::Punct(eq), list @ ..])
            if key == "default" && eq.as_char() == '=' =>
        {
            let items = parse_list("default", list, errors)?;
            let mut origins = Vec::new();
            for item in items {
                match parse_str(&item) {
                    Some(origin) => origins.push(origin),
                    None => errors.push_spanned(
                        stream(&item),
                        "a default origin is a string\nhelp: write \"http://localhost:3000\"",
                    ),
                }
            }
            origins
        }
        Some(_) => {
            errors.push_spanned(stream(item), usage);
            return None;
        }
    };
    if inner.len() > 2 {
        errors.push_spanned(stream(item), usage);
        return None;
    }
    Some(OriginEntrySpec::Env { var, default })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn errors_of(tokens: TokenStream) -> Vec<String> {
        let mut errors = Errors::default();
        parse_policy(tokens, &mut errors);
        errors.messages()
    }

    #[test]
    fn reads_every_key() {
        let mut errors = Errors::default();
        let spec = parse_policy(
            quote!(
                origins = ["https://a.com", regex(r"^https://b\.com$")],
                methods = [GET, "PROPFIND"],
                headers = any,
                expose_headers = ["x-total-count"],
                credentials,
                max_age = 600,
                private_network = false,
                csrf,
            ),
            &mut errors,
        );
        assert!(errors.is_empty(), "{:?}", errors.messages());
        assert!(
            matches!(spec.origins.unwrap().value, Origins::List { entries, .. } if entries.len() == 2)
        );
        assert_eq!(
            spec.methods
                .unwrap()
                .iter()
                .map(|m| m.value.clone())
                .collect::<Vec<_>>(),
            ["GET", "PROPFIND"]
        );
        assert!(matches!(spec.headers, Some(HeadersSpec::Any)));
        assert!(spec.credentials.unwrap().value);
        assert_eq!(spec.max_age.unwrap().value, 600);
        assert!(!spec.private_network.unwrap().value);
        assert!(spec.csrf.unwrap().value);
    }

    #[test]
    fn suggests_keys() {
        assert!(errors_of(quote!(origin = any))[0].contains("did you mean `origins`?"));
        assert!(
            errors_of(quote!(allow_credentials = true))[0].contains("did you mean `credentials`?")
        );
        assert!(errors_of(quote!(metods = [GET]))[0].contains("did you mean `methods`?"));
        assert!(errors_of(quote!(zzzzzzzzzz = 1))[0].contains("the keys are"));
    }

    #[test]
    fn gathers_every_error() {
        let messages = errors_of(quote!(
            origins = "https://a.com",
            methods = GET,
            max_age = -1,
            credentials = yes,
            origins = any
        ));
        assert_eq!(messages.len(), 5, "{messages:?}");
    }

    #[test]
    fn never_panics_on_odd_tokens() {
        for tokens in [
            quote!(),
            quote!(,,,),
            quote!(= = =),
            quote!("origins" = any),
            quote!(origins =),
            quote!(origins[x]),
            quote!(origins = [regex()]),
            quote!(origins = [env()]),
            quote!(origins = [env("A", default = "x")]),
            quote!(origins = [env("A", default = ["x", 1], 3)]),
            quote!(origins = [with(1 + 2)]),
            quote!(origins = [foo("x")]),
            quote!(origins = [[["x"]]]),
            quote!(methods = [1, "GET", get()]),
            quote!(max_age = 99999999999999999999999999),
            quote!(max_age = 1.5),
            quote!(headers = [content_type]),
        ] {
            let _ = errors_of(tokens);
        }
    }
}
