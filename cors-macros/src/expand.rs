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

use cors_rules::encoding::Writer;

use crate::check::CheckedPolicy;

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

fn strs(items: &[String]) -> impl Iterator<Item = &str> {
    items.iter().map(String::as_str)
}

/// The `Policy` expression of a checked policy: its settings written as
/// one string (one literal is far cheaper for the compiler than a
/// `static` built field by field), which the runtime reads on first use in
/// the same order (`cors-runtime/src/policy.rs`, `decode`).
fn policy_expr(names: &PolicyNames<'_>, policy: &CheckedPolicy) -> TokenStream {
    let name = &names.label;
    let mut writer = Writer::default();
    writer.flag(policy.any_origin);
    writer.list(strs(&policy.exact));
    writer.list(strs(&policy.patterns));
    writer.list(strs(&policy.regexes));
    writer.list(strs(&policy.methods));
    writer.flag(policy.headers.is_none());
    writer.list(strs(policy.headers.as_deref().unwrap_or_default()));
    writer.list(strs(&policy.expose_headers));
    writer.flag(policy.credentials);
    writer.text(
        &policy
            .max_age
            .map(|seconds| seconds.to_string())
            .unwrap_or_default(),
    );
    writer.flag(policy.private_network);
    writer.flag(policy.csrf);
    writer.list(strs(&policy.origin_entries));
    let text = writer.finish();
    if policy.env.is_empty() && policy.predicates.is_empty() && policy.async_predicates.is_empty() {
        return quote!(::handler_cors::Policy::__encoded(#name, #text));
    }
    let env = (0..policy.env.len()).map(|index| {
        let name = names.env_static(index);
        quote!(&#name)
    });
    let predicates =
        (0..policy.predicates.len()).map(|index| predicate_name(names.key, false, index));
    let async_predicates =
        (0..policy.async_predicates.len()).map(|index| predicate_name(names.key, true, index));
    quote! {
        ::handler_cors::Policy::__encoded_with(
            #name,
            #text,
            &[#(#env),*],
            &[#(#predicates),*],
            &[#(#async_predicates),*],
        )
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

/// The `inventory` registration of a view function or named policy:
/// `kind` and `origin` name variants of the runtime's `EntryKind` and
/// `PolicyOrigin`; `source` is a type implementing `PolicySource`.
/// Emitted through the facade's `__register!`, which drops it when the
/// facade's `map` feature is off (each registration costs compile time).
pub fn registration(kind: &str, origin: &str, name: &str, source: &TokenStream) -> TokenStream {
    let kind = Ident::new(kind, Span::call_site());
    let origin = Ident::new(origin, Span::call_site());
    quote!(::handler_cors::__register!(#kind #origin #name #source);)
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
    let origin = match &policy {
        HandlerPolicy::Own { .. } => "Own",
        HandlerPolicy::Named(_) => "Named",
    };
    let origin = Ident::new(origin, Span::call_site());
    let label = bare(name);
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
        #beside
        ::handler_cors::__handler_items!(#vis #name #label #origin #body);
    };
    (items, source)
}
