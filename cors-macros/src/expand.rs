//! [`CheckedPolicy`] -> tokens: the policy as a `static` built from header
//! values and tables computed here, at compile time; the module beside a
//! handler that holds it with the `preflight` handler; the type a named
//! policy (`policy!`) declares.
//!
//! Generated code names runtime items only through
//! `::handler_cors::__private`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::Visibility;

use cors_rules::exact_table;
use cors_rules::pattern::PortPattern;

use crate::check::{CheckedPolicy, PatternOut};

/// An identifier's text without the `r#` of a raw identifier, for building
/// the names of generated items (`r#type` -> `__cors_with_type_0`).
pub fn bare(ident: &Ident) -> String {
    use syn::ext::IdentExt;
    ident.unraw().to_string()
}

/// The names one policy's items derive from.
pub struct PolicyNames<'a> {
    /// What `Policy::handler()` reports: the handler or named policy.
    pub label: String,
    /// The base of the mangled names of statics and helper functions.
    pub key: &'a Ident,
}

impl PolicyNames<'_> {
    fn env_static(&self, index: usize) -> Ident {
        let key = bare(self.key).to_uppercase();
        Ident::new(&format!("__CORS_ENV_{key}_{index}"), Span::call_site())
    }
}

/// The `static` of a checked policy, with the statics of its `env(...)`
/// entries and its registration for the startup check.
pub fn define_policy(
    vis: TokenStream,
    static_name: &Ident,
    doc: &str,
    names: &PolicyNames<'_>,
    policy: &CheckedPolicy,
) -> TokenStream {
    let value = policy_expr(names, policy);
    let credentials = policy.credentials;
    let env_statics = policy.env.iter().enumerate().map(|(index, entry)| {
        let name = names.env_static(index);
        let (var, default) = (&entry.var, &entry.default);
        quote! {
            #[doc(hidden)]
            #[allow(non_upper_case_globals)]
            static #name: ::handler_cors::__private::EnvOrigins =
                ::handler_cors::__private::EnvOrigins::__new(#var, &[#(#default),*], #credentials);
        }
    });
    let registration = (!policy.env.is_empty()).then(|| {
        quote! {
            ::handler_cors::__private::inventory::submit! {
                ::handler_cors::__private::EnvPolicy(&#static_name)
            }
        }
    });
    let warnings = crate::warnings::tokens(&policy.warnings, &policy.allow);
    quote! {
        #warnings
        #(#env_statics)*
        #[doc = #doc]
        #[allow(non_upper_case_globals)]
        #vis static #static_name: ::handler_cors::Policy = #value;
        #registration
    }
}

/// The `Policy::__new(...)` expression for a checked policy.
fn policy_expr(names: &PolicyNames<'_>, policy: &CheckedPolicy) -> TokenStream {
    let origins = origins_expr(names, policy);
    let name = &names.label;
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
    let csrf = policy.csrf;
    let entries = &policy.origin_entries;
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
            #csrf,
            &[#(#entries),*],
        )
    }
}

fn origins_expr(names: &PolicyNames<'_>, policy: &CheckedPolicy) -> TokenStream {
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
        // One anchored pattern per entry, as checked: no entry's flags or
        // comments reach another.
        let sources = &policy.regexes;
        quote!(::core::option::Option::Some(::handler_cors::__private::OriginRegex::__set(&[#(#sources),*])))
    };
    let env = (0..policy.env.len()).map(|index| {
        let name = names.env_static(index);
        quote!(&#name)
    });
    let predicates =
        (0..policy.predicates.len()).map(|index| predicate_name(names.key, false, index));
    let async_predicates =
        (0..policy.async_predicates.len()).map(|index| predicate_name(names.key, true, index));
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
    let handler_text = bare(handler);
    Ident::new(
        &format!("__cors_{kind}_{handler_text}_{index}"),
        handler.span(),
    )
}

/// Functions beside the handler that call the user's `with(...)`
/// predicates, so their paths resolve where the user wrote them.
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

/// The `inventory` registration of a handler, view function or named
/// policy: `kind` and `origin` name variants of the runtime's `EntryKind`
/// and `PolicyOrigin`; `source` is a type implementing `PolicySource`.
/// Emitted through the facade's `__register!`, which drops it when the
/// facade's `map` feature is off (each registration costs compile time).
pub fn registration(kind: &str, origin: &str, name: &str, source: &TokenStream) -> TokenStream {
    let kind = Ident::new(kind, Span::call_site());
    let origin = Ident::new(origin, Span::call_site());
    quote! {
        ::handler_cors::__register! {
            ::handler_cors::__private::Registration::__new(
                ::handler_cors::__private::EntryKind::#kind,
                ::handler_cors::__private::PolicyOrigin::#origin,
                #name,
                ::core::module_path!(),
                <#source as ::handler_cors::__private::PolicySource>::POLICY,
            )
        }
    }
}

/// Where a handler's policy comes from.
pub enum HandlerPolicy {
    /// The handler's own policy: the definition of its static, named
    /// `static_name`.
    Own {
        definition: TokenStream,
        static_name: Ident,
    },
    /// A named policy (`policy = STRICT`): the path of its type.
    Named(syn::Path),
}

/// The items beside a handler: a type of the handler's own name (so
/// `name::POLICY` and `name::preflight` read like a module's items, but
/// resolve where the handler is written, inside a function body too)
/// holding `POLICY` and `preflight`. Returns them and the type the
/// handler's extractor names.
///
/// With `unit`, the type is a unit struct: a value too, the actix-web
/// service of a handler under a route attribute (`.service(name)`).
pub fn handler_items(
    vis: &Visibility,
    name: &Ident,
    policy: HandlerPolicy,
    unit: bool,
) -> (TokenStream, TokenStream) {
    let doc = format!(
        "The CORS policy of [`{name}`](fn@{name}) and its `OPTIONS` handler, generated by `#[cors]`: `{name}::POLICY`, `{name}::preflight`."
    );
    let preflight_doc = format!(
        "Answers `OPTIONS` for `{name}` alone; `route!` mounts it for you (`.options({name}::preflight)` on a single route works too)."
    );
    let policy_doc = format!("The compiled CORS policy of `{name}`.");
    let origin = match &policy {
        HandlerPolicy::Own { .. } => "Own",
        HandlerPolicy::Named(_) => "Named",
    };
    let registration = registration("Handler", origin, &bare(name), &quote!(#name));
    let (beside, source) = match policy {
        HandlerPolicy::Own {
            definition,
            static_name,
        } => (
            quote! {
                #definition

                impl ::handler_cors::__private::PolicySource for #name {
                    const POLICY: &'static ::handler_cors::Policy = &#static_name;
                }
            },
            quote!(#name),
        ),
        HandlerPolicy::Named(path) => {
            // The user's path is written once, so a misspelled name is
            // reported once.
            let alias = Ident::new(&format!("__cors_named_{}", bare(name)), Span::call_site());
            (
                quote! {
                    #[doc(hidden)]
                    #[allow(non_camel_case_types)]
                    type #alias = #path;

                    impl ::handler_cors::__private::PolicySource for #name {
                        const POLICY: &'static ::handler_cors::Policy =
                            <#alias as ::handler_cors::__private::PolicySource>::POLICY;
                    }
                },
                quote!(#alias),
            )
        }
    };
    let body = if unit {
        quote!(;)
    } else {
        quote!({ _generated_by_cors: () })
    };
    let items = quote! {
        ::handler_cors::__require_framework!();
        #beside
        #registration

        #[doc = #doc]
        #[allow(non_camel_case_types)]
        #vis struct #name #body

        #[allow(non_upper_case_globals)]
        impl #name {
            #[doc = #policy_doc]
            pub const POLICY: &'static ::handler_cors::Policy =
                <#name as ::handler_cors::__private::PolicySource>::POLICY;

            #[doc = #preflight_doc]
            pub const preflight: ::handler_cors::__private::Preflight =
                ::handler_cors::__private::Preflight::new(Self::POLICY);
        }
    };
    (items, source)
}
