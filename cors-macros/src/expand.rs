//! [`CheckedPolicy`] -> tokens: the policy as a `static` built from header
//! values and tables computed here, at compile time, and the module beside
//! the handler that holds it with the `preflight` handler.
//!
//! Generated code names runtime items only through
//! `::handler_cors::__private`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::Visibility;

use cors_rules::exact_table;
use cors_rules::pattern::PortPattern;
use cors_rules::regex_check::anchored;

use crate::check::{CheckedPolicy, PatternOut};

/// The `Policy::__new(...)` expression for a checked policy.
pub fn policy_expr(name: &Ident, policy: &CheckedPolicy) -> TokenStream {
    let origins = origins_expr(name, policy);
    let name = name.to_string();
    let methods = &policy.methods;
    let methods_value = methods.join(", ");
    let mut allow = methods.clone();
    if !allow.iter().any(|m| m == "OPTIONS") {
        allow.push("OPTIONS".to_owned());
    }
    let allow_value = allow.join(", ");
    let headers = match &policy.headers {
        None => quote!(::handler_cors::__private::AllowHeaders::Mirror),
        Some(names) if names.is_empty() => {
            quote!(::handler_cors::__private::AllowHeaders::__list(
                &[],
                ::core::option::Option::None
            ))
        }
        Some(names) => {
            let value = names.join(", ");
            quote!(::handler_cors::__private::AllowHeaders::__list(
                &[#(#names),*],
                ::core::option::Option::Some(::handler_cors::__private::HeaderValue::from_static(#value)),
            ))
        }
    };
    let expose = &policy.expose_headers;
    let expose_value = if expose.is_empty() {
        quote!(::core::option::Option::None)
    } else {
        let value = expose.join(", ");
        quote!(::core::option::Option::Some(::handler_cors::__private::HeaderValue::from_static(#value)))
    };
    let credentials = policy.credentials;
    let max_age = match policy.max_age {
        None => quote!(::core::option::Option::None),
        Some(seconds) => {
            let text = seconds.to_string();
            quote!(::core::option::Option::Some((#seconds, ::handler_cors::__private::HeaderValue::from_static(#text))))
        }
    };
    let private_network = policy.private_network;
    quote! {
        ::handler_cors::Policy::__new(
            #name,
            #origins,
            ::handler_cors::__private::AllowMethods::__new(
                &[#(#methods),*],
                ::handler_cors::__private::HeaderValue::from_static(#methods_value),
                ::handler_cors::__private::HeaderValue::from_static(#allow_value),
            ),
            #headers,
            &[#(#expose),*],
            #expose_value,
            #credentials,
            #max_age,
            #private_network,
        )
    }
}

/// The policy that allows nothing, emitted beside compile errors.
pub fn unconfigured_policy() -> TokenStream {
    quote!(::handler_cors::Policy::UNCONFIGURED)
}

fn origins_expr(name: &Ident, policy: &CheckedPolicy) -> TokenStream {
    if policy.any_origin {
        return quote!(::handler_cors::__private::AllowOrigin::Any);
    }
    let exact: Vec<&str> = policy.exact.iter().map(String::as_str).collect();
    let slots = exact_table::build(&exact)
        .into_iter()
        .map(|slot| slot.map_or("", |index| exact[index]));
    let patterns = policy.patterns.iter().map(pattern_expr);
    let regex = if policy.regexes.is_empty() {
        quote!(::core::option::Option::None)
    } else {
        let joined = policy
            .regexes
            .iter()
            .map(|source| format!("(?:{source})"))
            .collect::<Vec<_>>()
            .join("|");
        let source = anchored(&joined);
        quote!(::core::option::Option::Some(::handler_cors::__private::OriginRegex::__new(#source)))
    };
    let env = (0..policy.env.len()).map(|index| {
        let name = env_static_name(index);
        quote!(&#name)
    });
    let predicates = (0..policy.predicates.len()).map(|index| {
        let wrapper = predicate_name(name, false, index);
        quote!(super::#wrapper)
    });
    let async_predicates = (0..policy.async_predicates.len()).map(|index| {
        let wrapper = predicate_name(name, true, index);
        quote!(super::#wrapper)
    });
    quote! {
        ::handler_cors::__private::AllowOrigin::List(::handler_cors::__private::OriginList::__new(
            &[#(#slots),*],
            &[#(#patterns),*],
            #regex,
            &[#(#env),*],
            &[#(#predicates),*],
            &[#(#async_predicates),*],
        ))
    }
}

fn predicate_name(handler: &Ident, is_async: bool, index: usize) -> Ident {
    let kind = if is_async { "async_with" } else { "with" };
    Ident::new(&format!("__cors_{kind}_{handler}_{index}"), handler.span())
}

/// Functions beside the handler that call the user's `with(...)`
/// predicates, so their paths resolve where the user wrote them; the
/// policy in the module beside refers to them through `super::`.
pub fn predicate_wrappers(handler: &Ident, policy: &CheckedPolicy) -> TokenStream {
    let sync = policy.predicates.iter().enumerate().map(|(index, path)| {
        let wrapper = predicate_name(handler, false, index);
        quote! {
            #[doc(hidden)]
            #[allow(non_snake_case)]
            fn #wrapper(origin: &str) -> bool {
                let predicate: fn(&str) -> bool = #path;
                predicate(origin)
            }
        }
    });
    let asynchronous = policy
        .async_predicates
        .iter()
        .enumerate()
        .map(|(index, path)| {
            let wrapper = predicate_name(handler, true, index);
            quote! {
                #[doc(hidden)]
                #[allow(non_snake_case)]
                fn #wrapper(origin: &str) -> ::handler_cors::__private::PredicateFuture<'_> {
                    ::std::boxed::Box::pin(#path(origin))
                }
            }
        });
    quote!(#(#sync)* #(#asynchronous)*)
}

fn env_static_name(index: usize) -> Ident {
    Ident::new(
        &format!("__CORS_ENV_{index}"),
        proc_macro2::Span::call_site(),
    )
}

/// The statics holding `env(...)` entries (each loads its variable once),
/// and the registration of the policy for the startup check.
pub fn env_registration(policy: &CheckedPolicy) -> TokenStream {
    if policy.env.is_empty() {
        return TokenStream::new();
    }
    let credentials = policy.credentials;
    let statics = policy.env.iter().enumerate().map(|(index, entry)| {
        let name = env_static_name(index);
        let (var, default) = (&entry.var, &entry.default);
        quote! {
            #[doc(hidden)]
            static #name: ::handler_cors::__private::EnvOrigins =
                ::handler_cors::__private::EnvOrigins::__new(#var, &[#(#default),*], #credentials);
        }
    });
    quote! {
        #(#statics)*
        ::handler_cors::__private::inventory::submit! {
            ::handler_cors::__private::EnvPolicy(&POLICY)
        }
    }
}

fn pattern_expr(pattern: &PatternOut) -> TokenStream {
    let scheme = &pattern.scheme;
    let host = &pattern.host;
    let host = if pattern.subdomains {
        quote!(::handler_cors::__private::HostPattern::Subdomains(#host))
    } else {
        quote!(::handler_cors::__private::HostPattern::Exact(#host))
    };
    let port = match pattern.port {
        PortPattern::Default => quote!(::handler_cors::__private::PortPattern::Default),
        PortPattern::Exact(port) => quote!(::handler_cors::__private::PortPattern::Exact(#port)),
        PortPattern::Any => quote!(::handler_cors::__private::PortPattern::Any),
    };
    quote!(::handler_cors::__private::OriginPattern { scheme: #scheme, host: #host, port: #port })
}

/// The module beside the handler: `POLICY`, `preflight`, and the hidden
/// type that hands the policy to the extractor.
pub fn policy_module(
    vis: &Visibility,
    name: &Ident,
    policy: &TokenStream,
    extra: &TokenStream,
) -> TokenStream {
    let doc = format!(
        "The CORS policy of [`{name}`](fn@{name}) and its `OPTIONS` handler, generated by `#[cors]`."
    );
    let policy_doc = format!("The compiled CORS policy of `{name}`.");
    let preflight_doc = format!(
        "Answers `OPTIONS` preflights for `{name}`: mount it with `.options({name}::preflight)` beside the handler's own method."
    );
    quote! {
        ::handler_cors::__require_framework!();

        #[doc = #doc]
        #vis mod #name {
            #[doc = #policy_doc]
            pub static POLICY: ::handler_cors::Policy = #policy;

            #[doc = #preflight_doc]
            pub async fn preflight(
                request: ::handler_cors::__private::Request,
            ) -> ::handler_cors::__private::Response {
                ::handler_cors::__private::answer_preflight(&POLICY, request).await
            }

            #[doc(hidden)]
            pub struct __CorsPolicy;

            impl ::handler_cors::__private::PolicySource for __CorsPolicy {
                const POLICY: &'static ::handler_cors::Policy = &POLICY;
            }

            #extra
        }
    }
}
