//! The annotated item: checked to be an async handler, then rewritten.
//!
//! The rewrite keeps the user's attributes, visibility, generics, argument
//! patterns and body tokens (so errors inside the body still point into the
//! user's code). It adds one leading extractor and wraps the return type; the
//! body runs in an `async move` block so its `return`s and `?`s keep their
//! meaning.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{FnArg, Item};

use crate::check::check_policy;
use crate::errors::Errors;
use crate::expand::{
    HandlerPolicy, PolicyNames, bare, define_policy, handler_items, predicate_wrappers,
};
use crate::parse::parse_policy;
use crate::rewrite::{HandlerFn, check_signature, rewrite};

/// `#[cors(args)] item`: the whole attribute.
pub fn expand_attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    // The quick parse leaves the body as tokens; only what is not a
    // function is parsed whole, to say what it is.
    let mut function = match syn::parse2::<HandlerFn>(item.clone()) {
        Ok(function) => function,
        Err(_) => match syn::parse2::<Item>(item.clone()) {
            Ok(Item::Fn(function)) => HandlerFn::from(function),
            Ok(other) => {
                errors.push_spanned(
                    item_head(&other),
                    "#[cors] goes on an async handler function\nhelp: move it onto an `async fn` that axum routes to",
                );
                return with_errors(item, errors);
            }
            // Not an item rustc accepts either: let rustc report it.
            Err(_) => return with_errors(item, errors),
        },
    };
    // Above an actix-web route attribute, the service is generated here.
    let actix_route = crate::actix_route::take(&mut function.attrs, &mut errors);
    let spec = parse_policy(args, &mut errors);
    let mut checked = check_policy(spec, Span::call_site(), &mut errors);
    checked.allow = crate::warnings::lint_attributes(&function.attrs);
    check_signature(&function.sig, &mut errors);

    if !errors.is_empty() {
        let name = function.sig.ident.clone();
        let errors = errors.into_compile_errors();
        if matches!(function.sig.inputs.first(), Some(FnArg::Receiver(_))) {
            // A method: the items could not sit beside it in an impl block.
            return quote!(#function #errors);
        }
        let (items, source) = handler_items(
            &function.vis,
            &name,
            unconfigured_policy(&name),
            actix_route.is_some(),
        );
        let service = actix_route.as_ref().map(|route| {
            let handler = crate::actix_route::handler_name(&name);
            function.sig.ident = handler.clone();
            function.vis = syn::Visibility::Inherited;
            crate::actix_route::service(&name, &handler, route)
        });
        // A handler with a sound signature is still rewritten (with a
        // policy allowing nothing), so `route!` and the rest of the program
        // see what they would see without the mistake.
        let handler = if function.sig.asyncness.is_some() {
            rewrite(function, &source)
        } else {
            quote!(#function)
        };
        return quote!(#handler #items #service #errors);
    }
    let name = function.sig.ident.clone();
    let policy = match &checked.named {
        Some(path) => HandlerPolicy::Named(path.clone()),
        None => {
            let names = PolicyNames {
                label: name.to_string(),
                key: &name,
            };
            let static_name = policy_static(&name);
            HandlerPolicy::Own {
                definition: define_policy(quote!(), &static_name, "", &names, &checked),
                static_name,
            }
        }
    };
    let (items, source) = handler_items(&function.vis, &name, policy, actix_route.is_some());
    let wrappers = predicate_wrappers(&name, &checked);
    let service = actix_route.as_ref().map(|route| {
        // The function takes a hidden name: the handler's own name is the
        // service's.
        let handler = crate::actix_route::handler_name(&name);
        function.sig.ident = handler.clone();
        function.vis = syn::Visibility::Inherited;
        function.attrs.push(syn::parse_quote!(#[doc(hidden)]));
        crate::actix_route::service(&name, &handler, route)
    });
    let handler = rewrite(function, &source);
    quote!(#handler #wrappers #items #service)
}

/// The name of the static holding a handler's own policy.
fn policy_static(name: &syn::Ident) -> syn::Ident {
    syn::Ident::new(&format!("__CORS_POLICY_{}", bare(name)), Span::call_site())
}

/// The policy emitted beside a compile error: it allows nothing, and lets
/// the rest of the program (routes naming `preflight`) still resolve.
fn unconfigured_policy(name: &syn::Ident) -> HandlerPolicy {
    let static_name = policy_static(name);
    HandlerPolicy::Own {
        definition: quote! {
            #[doc(hidden)]
            #[allow(non_upper_case_globals)]
            static #static_name: ::handler_cors::Policy = ::handler_cors::Policy::UNCONFIGURED;
        },
        static_name,
    }
}

fn with_errors(item: TokenStream, errors: Errors) -> TokenStream {
    let errors = errors.into_compile_errors();
    quote!(#item #errors)
}

/// The tokens to underline for an item that is not a function: its
/// keyword and name where it has them.
fn item_head(item: &Item) -> TokenStream {
    match item {
        Item::Struct(s) => {
            let (keyword, name) = (&s.struct_token, &s.ident);
            quote!(#keyword #name)
        }
        Item::Enum(e) => {
            let (keyword, name) = (&e.enum_token, &e.ident);
            quote!(#keyword #name)
        }
        Item::Mod(m) => {
            let (keyword, name) = (&m.mod_token, &m.ident);
            quote!(#keyword #name)
        }
        Item::Trait(t) => {
            let (keyword, name) = (&t.trait_token, &t.ident);
            quote!(#keyword #name)
        }
        other => quote!(#other),
    }
}

#[cfg(test)]
mod tests {
    use super::expand_attribute;
    use proc_macro2::TokenStream;
    use quote::quote;

    /// Attribute syntax, right and wrong, to shuffle: the parser's own keys
    /// and these values and punctuation.
    const OTHER_PIECES: &[&str] = &[
        "any",
        "regex",
        "env",
        "with",
        "default",
        "=",
        ",",
        "true",
        "false",
        "GET",
        "get",
        "\"https://a.com\"",
        "\"https://*.a.com\"",
        "\"*\"",
        "\"null\"",
        "r\"^https://a.b$\"",
        "\"x-a\"",
        "\"cookie\"",
        "600",
        "999999999999",
        "-",
        "[",
        "]",
        "(",
        ")",
        "::",
        "crate",
        "\"\"",
        "1.5",
        "'a'",
        "#",
    ];

    fn pieces() -> Vec<&'static str> {
        crate::parse::KEYS
            .iter()
            .chain(OTHER_PIECES)
            .copied()
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3_000, ..Default::default() })]

        /// Any sequence of attribute-like tokens gives output (errors or
        /// code), never a panic.
        #[test]
        fn never_panics_on_arbitrary_attribute_tokens(
            pieces in proptest::collection::vec(proptest::sample::select(pieces()), 0..30)
        ) {
            // Unbalanced brackets are not a token stream: rustc never sends those.
            if let Ok(args) = pieces.join(" ").parse::<TokenStream>() {
                let item = quote!(async fn handler() -> &'static str { "ok" });
                let output = expand_attribute(args.clone(), item);
                proptest::prop_assert!(!output.is_empty());
                let block = quote!(impl View { async fn list() {} });
                let _ = expand_attribute(args.clone(), block);
                let _ = crate::named::expand_named(quote!(pub NAME, #args));
            }
        }

        /// Arbitrary printable text that happens to tokenize, too.
        #[test]
        fn never_panics_on_arbitrary_text(text in "[ -~]{0,60}") {
            if let Ok(args) = text.parse::<TokenStream>() {
                let _ = expand_attribute(args.clone(), quote!(async fn h() {}));
                let _ = crate::named::expand_named(args);
            }
        }
    }

    /// Found by the fuzzer: raw identifiers in names that generated
    /// identifiers are built from.
    #[test]
    fn raw_identifiers_are_fine() {
        let output = crate::named::expand_named(quote!(r#rA));
        assert!(!output.is_empty());
        let _ = crate::named::expand_named(quote!(pub r#type, origins = any));
        let _ = expand_attribute(
            quote!(origins = [with(r#fn)]),
            quote!(
                async fn r#type() {}
            ),
        );
        let _ = expand_attribute(
            quote!(origins = [env("A")]),
            quote!(impl r#View { async fn r#match() {} }),
        );
        let _ = expand_attribute(
            quote!(policy = r#P),
            quote!(
                async fn r#loop() {}
            ),
        );
    }

    #[test]
    fn never_panics_on_odd_items() {
        let args = quote!(origins = ["https://a.com"]);
        for item in [
            quote!(),
            quote!(
                struct S;
            ),
            quote!(impl S { async fn f(&self) {} }),
            quote!(
                fn f(self) {}
            ),
            quote!(
                async fn f(&mut self, x: u8) {}
            ),
            quote!(
                const fn f() {}
            ),
            quote!(async fn),
            quote!(fn ! ? {}),
            quote!(
                async unsafe extern "C" fn f() {}
            ),
        ] {
            let _ = expand_attribute(args.clone(), item);
        }
    }

    #[test]
    fn keeps_the_handler_beside_errors() {
        let output = expand_attribute(
            quote!(origins = ["https://a.com/"]),
            quote!(
                async fn handler() {}
            ),
        )
        .to_string();
        assert!(output.contains("async fn handler"));
        assert!(output.contains("compile_error"));
        assert!(output.contains("UNCONFIGURED"));
    }
}
