//! `policy!(pub STRICT, origins = [...], ...)`: a policy declared once and
//! used by name (`#[cors(policy = STRICT)]`, `STRICT.layer()`).
//!
//! The name becomes a unit struct: a type the generated extractors can
//! name, and a value with `layer()` and `policy()` (the
//! [`Policy`](https://docs.rs/handler-cors), for inspection).

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Visibility};

use crate::check::check_policy;
use crate::errors::Errors;
use crate::expand::{PolicyNames, bare, define_policy, predicate_wrappers, registration};
use crate::parse::parse_policy;

/// The whole `policy!(...)` invocation.
pub fn expand_named(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let mut tokens = input.into_iter();
    let head: TokenStream = tokens
        .by_ref()
        .take_while(|token| !matches!(token, TokenTree::Punct(p) if p.as_char() == ','))
        .collect();
    let keys: TokenStream = tokens.collect();

    let parser = |stream: ParseStream<'_>| {
        let attrs = stream.call(Attribute::parse_outer)?;
        let vis: Visibility = stream.parse()?;
        let name: Ident = stream.parse()?;
        Ok((attrs, vis, name))
    };
    let (attrs, vis, name) = match parser.parse2(head) {
        Ok(parts) => parts,
        Err(error) => {
            let message = "a `policy!` starts with the policy's name, then a comma and the keys\nhelp: write `handler_cors::policy!(pub STRICT, origins = [\"https://myapp.com\"], ...)`";
            return syn::Error::new(error.span(), message).to_compile_error();
        }
    };

    let spec = parse_policy(keys, &mut errors);
    let mut checked = check_policy(spec, name.span(), &mut errors);
    checked.allow = crate::warnings::lint_attributes(&attrs);
    if let Some(path) = &checked.named {
        errors.push_spanned(
            path,
            "`policy = ...` names an existing policy; a `policy!` declaration writes the keys itself\nhelp: write the keys here, such as `origins = [\"https://myapp.com\"]`",
        );
    }
    let static_name = Ident::new(&format!("__CORS_POLICY_{}", bare(&name)), Span::call_site());
    let (definition, wrappers) = if errors.is_empty() {
        let names = PolicyNames {
            label: name.to_string(),
            key: &name,
        };
        (
            define_policy(TokenStream::new(), &static_name, "", &names, &checked),
            predicate_wrappers(&name, &checked),
        )
    } else {
        (
            quote! {
                #[allow(non_upper_case_globals)]
                static #static_name: ::handler_cors::Policy = ::handler_cors::Policy::UNCONFIGURED;
            },
            TokenStream::new(),
        )
    };
    let errors = errors.into_compile_errors();
    let registration = registration("NamedPolicy", "Own", &bare(&name), &quote!(#name));
    let doc = format!(
        "The named CORS policy `{name}`: use it with `#[cors(policy = {name})]` on handlers or impl blocks, or router-wide with `{name}.layer()` (axum) or `{name}.middleware()` (actix-web)."
    );
    quote! {
        ::handler_cors::__require_framework!();
        #errors
        #wrappers
        #definition

        #(#attrs)*
        #[doc = #doc]
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy)]
        #vis struct #name;

        impl ::handler_cors::__private::PolicySource for #name {
            const POLICY: &'static ::handler_cors::Policy = &#static_name;
        }
        #registration

        impl #name {
            /// The compiled policy.
            pub fn policy(self) -> &'static ::handler_cors::Policy {
                &#static_name
            }

            /// This policy as a tower `Layer` for a whole router or nest:
            /// handlers with their own `#[cors]` keep their own answers.
            pub fn layer(self) -> ::handler_cors::CorsLayer {
                ::handler_cors::CorsLayer::new(&#static_name)
            }

            /// This policy as an actix-web middleware for an app or a
            /// scope (`.wrap(NAME.middleware())`): handlers with their own
            /// `#[cors]` keep their own answers.
            pub fn middleware(self) -> ::handler_cors::CorsMiddleware {
                ::handler_cors::CorsMiddleware::new(&#static_name)
            }
        }
    }
}
