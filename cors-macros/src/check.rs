//! [`PolicySpec`] -> [`CheckedPolicy`]: every value goes through the shared
//! rules of `cors-rules`, and every broken rule becomes an error at the span
//! of the value that broke it. No rule is written here.

use proc_macro2::Span;

use cors_rules::header::{check_exposed_header, check_request_header, request_header_warning};
use cors_rules::method::{check_method, duplicates, method_warning};
use cors_rules::origin_list::check_var_name;
use cors_rules::pattern::{OriginEntry, parse_origin_entry};
use cors_rules::policy::{
    any_with_credentials, any_with_csrf, any_with_private_network, check_entry_with_credentials,
    check_max_age, max_age_warning,
};
use cors_rules::regex_check::{check_origin_regex, check_regex_set};

use crate::errors::Errors;
use crate::spec::{HeadersSpec, OriginEntrySpec, Origins, PolicySpec, Spanned};
use crate::warnings::Warning;

/// The methods a policy allows when `methods` is not given.
const DEFAULT_METHODS: &[&str] = &["GET", "HEAD", "POST"];

/// A policy whose every value passed the rules, ready to expand.
pub struct CheckedPolicy {
    /// `policy = NAMED`: everything else below is unused.
    pub named: Option<syn::Path>,
    pub any_origin: bool,
    pub env: Vec<EnvOut>,
    pub predicates: Vec<syn::Path>,
    pub async_predicates: Vec<syn::Path>,
    pub exact: Vec<String>,
    /// Each wildcard entry as written (the runtime parses it again with
    /// the same parser).
    pub patterns: Vec<String>,
    /// Each `regex(...)` as the runtime compiles it (anchored, one by one).
    pub regexes: Vec<String>,
    pub methods: Vec<String>,
    /// `None` for `headers = any`.
    pub headers: Option<Vec<String>>,
    pub expose_headers: Vec<String>,
    pub credentials: bool,
    pub max_age: Option<u32>,
    pub private_network: bool,
    /// `csrf = true`.
    pub csrf: bool,
    /// Each origin entry as written, for the inventory of the program.
    pub origin_entries: Vec<String>,
    /// Settings that are harmless but do nothing: warnings, not errors.
    pub warnings: Vec<Warning>,
    /// The user's `#[allow(...)]`s, which the warnings' items carry.
    pub allow: Vec<syn::Attribute>,
}

/// An `env("VAR", default = [...])` entry whose default passed the rules.
pub struct EnvOut {
    pub var: String,
    pub default: Vec<String>,
}

/// Checks every value of `spec`; `attribute` is where to point when a
/// required key is missing.
pub fn check_policy(spec: PolicySpec, attribute: Span, errors: &mut Errors) -> CheckedPolicy {
    let credentials = spec.credentials.as_ref().is_some_and(|c| c.value);
    let mut checked = CheckedPolicy {
        named: None,
        any_origin: false,
        env: Vec::new(),
        predicates: Vec::new(),
        async_predicates: Vec::new(),
        exact: Vec::new(),
        patterns: Vec::new(),
        regexes: Vec::new(),
        methods: Vec::new(),
        headers: Some(Vec::new()),
        expose_headers: Vec::new(),
        credentials,
        max_age: None,
        private_network: spec.private_network.as_ref().is_some_and(|p| p.value),
        csrf: spec.csrf.as_ref().is_some_and(|c| c.value),
        origin_entries: Vec::new(),
        warnings: Vec::new(),
        allow: Vec::new(),
    };

    if let Some(named) = spec.policy {
        let others: Vec<&str> = [
            ("origins", spec.origins.is_some()),
            ("methods", spec.methods.is_some()),
            ("headers", spec.headers.is_some()),
            ("expose_headers", spec.expose_headers.is_some()),
            ("credentials", spec.credentials.is_some()),
            ("max_age", spec.max_age.is_some()),
            ("private_network", spec.private_network.is_some()),
            ("csrf", spec.csrf.is_some()),
        ]
        .iter()
        .filter(|(_, given)| *given)
        .map(|(key, _)| *key)
        .collect();
        if !others.is_empty() {
            let listed = others
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            errors.push(
                named.span,
                format!(
                    "`policy = ...` uses a whole named policy, so it cannot be combined with {listed}\nhelp: move {listed} into the `policy!(...)` declaration, or remove `policy` and write the keys here"
                ),
            );
        }
        checked.named = Some(named.value);
        return checked;
    }

    match spec.origins {
        None if spec.misspelled.contains(&"origins") => {}
        None => errors.push(
            attribute,
            "missing `origins`: a policy must say which origins it allows\nhelp: write `origins = [\"https://myapp.com\"]`, or `origins = any` for a public route",
        ),
        Some(Spanned { value: Origins::Any(span), .. }) => {
            checked.any_origin = true;
            if credentials {
                errors.problem(span, &any_with_credentials());
            }
            if checked.private_network {
                errors.problem(span, &any_with_private_network());
            }
            if let Some(csrf) = spec.csrf.as_ref().filter(|c| c.value) {
                errors.problem(csrf.span, &any_with_csrf());
            }
        }
        Some(Spanned {
            value: Origins::List { entries, written },
            span,
        }) => {
            if written == 0 {
                errors.push(span, "`origins = []` allows no origin at all\nhelp: list the origins, or write `origins = any` for a public route");
            }
            check_origins(&entries, credentials, &mut checked, errors);
        }
    }

    let methods = match spec.methods {
        Some(methods) => methods,
        None => DEFAULT_METHODS
            .iter()
            .map(|m| Spanned {
                value: (*m).to_owned(),
                span: attribute,
            })
            .collect(),
    };
    for method in &methods {
        match check_method(&method.value) {
            Ok(()) => {
                if let Some(warning) = method_warning(&method.value) {
                    checked.warnings.push(Warning::new(method.span, &warning));
                }
                checked.methods.push(method.value.clone());
            }
            Err(problem) => errors.problem(method.span, &problem),
        }
    }
    report_duplicates(&methods, false, "method", errors);
    if methods.is_empty() {
        errors.push(attribute, "`methods = []` allows no method\nhelp: list the methods, such as `methods = [GET, POST]`, or leave `methods` out for GET, HEAD and POST");
    }

    match spec.headers {
        None => {}
        Some(HeadersSpec::Any) => checked.headers = None,
        Some(HeadersSpec::List(names)) => {
            let mut lower: Vec<String> = names
                .iter()
                .filter_map(|name| match check_request_header(&name.value) {
                    Ok(lower) => {
                        if let Some(warning) = request_header_warning(&name.value) {
                            checked.warnings.push(Warning::new(name.span, &warning));
                        }
                        Some(lower)
                    }
                    Err(problem) => {
                        errors.problem(name.span, &problem);
                        None
                    }
                })
                .collect();
            report_duplicates(&names, true, "header", errors);
            lower.sort();
            lower.dedup();
            checked.headers = Some(lower);
        }
    }

    if let Some(names) = spec.expose_headers {
        for name in &names {
            match check_exposed_header(&name.value) {
                Ok(lower) => checked.expose_headers.push(lower),
                Err(problem) => errors.problem(name.span, &problem),
            }
        }
        report_duplicates(&names, true, "exposed header", errors);
        checked.expose_headers.dedup();
    }

    if let Some(max_age) = spec.max_age {
        match check_max_age(max_age.value) {
            Ok(seconds) => {
                if let Some(warning) = max_age_warning(max_age.value) {
                    checked.warnings.push(Warning::new(max_age.span, &warning));
                }
                checked.max_age = Some(seconds);
            }
            Err(problem) => errors.problem(max_age.span, &problem),
        }
    }
    checked
}

fn check_origins(
    entries: &[OriginEntrySpec],
    credentials: bool,
    checked: &mut CheckedPolicy,
    errors: &mut Errors,
) {
    let mut literals = Vec::new();
    let mut vars = Vec::new();
    let mut regex_spans = Vec::new();
    for entry in entries {
        checked.origin_entries.push(describe(entry));
        match entry {
            OriginEntrySpec::Literal(text) => {
                literals.push(text.clone());
                match check_literal(text, credentials, errors) {
                    Some(OriginEntry::Exact(exact)) => checked.exact.push(exact.to_owned()),
                    Some(OriginEntry::Pattern(_)) => checked.patterns.push(text.value.clone()),
                    None => {}
                }
            }
            OriginEntrySpec::Regex(source) => {
                match check_origin_regex(&source.value, credentials) {
                    Ok(runtime) => {
                        checked.regexes.push(runtime);
                        regex_spans.push(source);
                    }
                    Err(problem) => errors.problem(source.span, &problem),
                }
            }
            OriginEntrySpec::Env { var, default, .. } => {
                vars.push(var.clone());
                if let Err(problem) = check_var_name(&var.value) {
                    errors.problem(var.span, &problem);
                }
                for origin in default {
                    check_literal(origin, credentials, errors);
                }
                report_duplicates(default, false, "default origin", errors);
                checked.env.push(EnvOut {
                    var: var.value.clone(),
                    default: default.iter().map(|origin| origin.value.clone()).collect(),
                });
            }
            OriginEntrySpec::With { path, is_async } => {
                if *is_async {
                    checked.async_predicates.push(path.clone());
                } else {
                    checked.predicates.push(path.clone());
                }
            }
        }
    }
    if regex_spans.len() > 1
        && let Err(detail) = check_regex_set(&checked.regexes)
    {
        errors.push(
            regex_spans[0].span,
            format!(
                "the {} regexes of this policy do not compile together: {detail}\nhelp: merge them into fewer, simpler patterns, or list exact origins",
                regex_spans.len()
            ),
        );
    }
    report_duplicates(&literals, false, "origin", errors);
    report_duplicates(&vars, false, "environment variable", errors);
    checked.exact.dedup();
}

/// An origin entry as the user wrote it, for the inventory.
fn describe(entry: &OriginEntrySpec) -> String {
    match entry {
        OriginEntrySpec::Literal(text) => text.value.clone(),
        OriginEntrySpec::Regex(source) if !source.value.contains('"') => {
            format!("regex(r\"{}\")", source.value)
        }
        OriginEntrySpec::Regex(source) => format!("regex({:?})", source.value),
        OriginEntrySpec::Env { var, default } if default.is_empty() => {
            format!("env({:?})", var.value)
        }
        OriginEntrySpec::Env { var, default } => {
            let default: Vec<String> = default.iter().map(|d| format!("{:?}", d.value)).collect();
            format!("env({:?}, default = [{}])", var.value, default.join(", "))
        }
        OriginEntrySpec::With { path, is_async } => {
            let path = quote::quote!(#path).to_string().replace(' ', "");
            if *is_async {
                format!("with(async {path})")
            } else {
                format!("with({path})")
            }
        }
    }
}

/// One origin string through the shared rules, with the credentials rule.
fn check_literal<'a>(
    text: &'a Spanned<String>,
    credentials: bool,
    errors: &mut Errors,
) -> Option<OriginEntry<'a>> {
    match parse_origin_entry(&text.value) {
        Err(problem) => {
            errors.problem(text.span, &problem);
            None
        }
        Ok(parsed) => {
            if credentials && let Err(problem) = check_entry_with_credentials(&text.value, &parsed)
            {
                errors.problem(text.span, &problem);
                return None;
            }
            Some(parsed)
        }
    }
}

fn report_duplicates(items: &[Spanned<String>], fold_case: bool, what: &str, errors: &mut Errors) {
    let values: Vec<&str> = items.iter().map(|item| item.value.as_str()).collect();
    for (index, problem) in duplicates(&values, fold_case, what) {
        errors.problem(items[index].span, &problem);
    }
}
