//! `route!(get(list).post(create))`: an axum method router of annotated
//! handlers, plus the `OPTIONS` handler that decides each preflight with
//! the policy of the handler routed for the requested method.
//!
//! The chain is read as written (method functions and method calls); each
//! handler expression is bound once, its policy found through its type
//! (the `#[cors]` extractor it takes first), and the chain is rebuilt on
//! axum's own `MethodRouter`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, Ident};

use crate::errors::Errors;

/// The methods `route!` routes, in the order of the runtime's table
/// (`ROUTABLE_METHODS`), with the axum function for each.
pub(crate) const METHODS: [(&str, &str); 6] = [
    ("get", "GET"),
    ("head", "HEAD"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
];

/// Which macro reads the chain, for the wording of its errors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Macro {
    /// axum's `route!(get(a).post(b))`.
    Route,
    /// actix-web's `resource!("/path", get(a).post(b))`.
    Resource,
}

impl Macro {
    /// An error worded for `route!`, reworded for this macro.
    fn words(self, text: &str) -> String {
        match self {
            Macro::Route => text.to_owned(),
            Macro::Resource => text
                .replace("`route!(", "`resource!(\"/path\", ")
                .replace("`route!`", "`resource!`")
                .replace("the `MethodRouter` that", "the actix `Resource` that"),
        }
    }
}

/// One `method(handler)` of the chain.
pub(crate) struct Routed {
    /// The method function or method, as written (`get`, `.post`).
    pub(crate) method: Ident,
    /// Its index in [`METHODS`].
    pub(crate) index: usize,
    pub(crate) handler: Expr,
}

/// The whole `route!(...)`.
pub fn expand_route(input: TokenStream) -> TokenStream {
    let chain = match syn::parse2::<Expr>(input) {
        Ok(chain) => chain,
        Err(error) => {
            let message = format!(
                "{error}\nhelp: `route!` takes a method-router chain of #[cors] handlers, such as `route!(get(list_posts).post(create_post))`"
            );
            return syn::Error::new(error.span(), message).to_compile_error();
        }
    };
    match read_routes(&chain, Macro::Route) {
        Ok(routed) => expand(&routed),
        Err(errors) => errors,
    }
}

/// Reads a chain into its routes, refusing a method routed twice and an
/// empty chain. Shared with the actix-web `resource!`.
pub(crate) fn read_routes(chain: &Expr, which: Macro) -> Result<Vec<Routed>, TokenStream> {
    let mut errors = Errors::default();
    let mut routed = Vec::new();
    read_chain(chain, which, &mut routed, &mut errors);
    for (position, route) in routed.iter().enumerate() {
        if let Some(first) = routed[..position].iter().find(|r| r.index == route.index) {
            errors.push(
                route.method.span(),
                which.words(&format!(
                    "`{}` is routed twice in this `route!` (first to `{}`)\nhelp: keep one handler per method; a method serves one handler",
                    route.method,
                    handler_text(&first.handler)
                )),
            );
        }
    }
    if routed.is_empty() && errors.is_empty() {
        errors.push(
            chain.span(),
            which.words(
                "`route!` needs at least one handler\nhelp: write `route!(get(list_posts))`",
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into_compile_errors());
    }
    Ok(routed)
}

/// Walks `get(a).post(b)...` from its end back to the first function.
fn read_chain(expr: &Expr, which: Macro, routed: &mut Vec<Routed>, errors: &mut Errors) {
    match expr {
        Expr::MethodCall(call) => {
            read_chain(&call.receiver, which, routed, errors);
            let args: Vec<&Expr> = call.args.iter().collect();
            push_route(&call.method, &args, which, routed, errors);
        }
        Expr::Call(call) => {
            let Expr::Path(path) = &*call.func else {
                errors.push_spanned(&call.func, which.words(not_a_chain()));
                return;
            };
            let Some(segment) = path.path.segments.last() else {
                errors.push_spanned(&call.func, which.words(not_a_chain()));
                return;
            };
            let args: Vec<&Expr> = call.args.iter().collect();
            push_route(&segment.ident, &args, which, routed, errors);
        }
        Expr::Group(group) => read_chain(&group.expr, which, routed, errors),
        Expr::Paren(paren) => read_chain(&paren.expr, which, routed, errors),
        other => errors.push_spanned(other, which.words(not_a_chain())),
    }
}

fn not_a_chain() -> &'static str {
    "`route!` takes a method-router chain such as `get(list_posts).post(create_post)`\nhelp: write each method with its handler: `route!(get(a).post(b))`"
}

fn push_route(
    method: &Ident,
    args: &[&Expr],
    which: Macro,
    routed: &mut Vec<Routed>,
    errors: &mut Errors,
) {
    let name = method.to_string();
    let Some(index) = METHODS.iter().position(|(function, _)| *function == name) else {
        errors.push(method.span(), which.words(&unknown_method(&name)));
        return;
    };
    match args {
        [handler] => routed.push(Routed {
            method: method.clone(),
            index,
            handler: (*handler).clone(),
        }),
        _ => errors.push(
            method.span(),
            format!(
                "`{name}` takes one handler here, but {} were given\nhelp: write `{name}(handler)`",
                args.len()
            ),
        ),
    }
}

fn unknown_method(name: &str) -> String {
    match name {
        "options" => "`route!` answers `OPTIONS` itself, with the policy of the handler routed for each requested method\nhelp: remove `.options(...)`".to_owned(),
        "any" | "on" | "any_service" | "on_service" => format!(
            "`{name}` routes several methods to one handler, so `route!` cannot tell which methods it serves\nhelp: name each method, such as `get(h).post(h)`"
        ),
        "trace" | "connect" => format!(
            "`{name}` is never allowed cross-origin, so it has no place in `route!`\nhelp: mount it outside `route!`"
        ),
        "fallback" | "layer" | "route_layer" | "with_state" => format!(
            "`.{name}(...)` is not a method route\nhelp: call it on the `MethodRouter` that `route!` returns: `route!(get(a)).{name}(...)`"
        ),
        other => format!(
            "`{other}` is not a method `route!` knows\nhelp: use get, head, post, put, patch or delete, such as `route!(get(list).post(create))`"
        ),
    }
}

fn handler_text(handler: &Expr) -> String {
    quote!(#handler).to_string().replace(' ', "")
}

/// What both `route!` and `resource!` emit before mounting: each handler
/// bound once, and the routed preflight's table.
pub(crate) struct Table {
    /// `let __cors_handler_N = handler;` for each route.
    pub(crate) bindings: Vec<TokenStream>,
    /// The binding of each route.
    pub(crate) names: Vec<Ident>,
    /// The routed preflight: an expression building `Preflight::__routed(...)`.
    pub(crate) preflight: TokenStream,
}

/// The table of a chain; `head_from_get` when the framework routes `HEAD`
/// to the `GET` handler (axum) rather than to nothing (actix-web).
pub(crate) fn table(routed: &[Routed], head_from_get: bool) -> Table {
    // Hygienic names, located at the handler so errors point at it.
    let names: Vec<Ident> = routed
        .iter()
        .enumerate()
        .map(|(position, route)| {
            Ident::new(
                &format!("__cors_handler_{position}"),
                Span::mixed_site().located_at(route.handler.span()),
            )
        })
        .collect();
    // Each handler's policy is looked up once (the trait lookup behind
    // `policy_of` is what a route costs the compiler), also when it serves
    // `HEAD` too.
    let policy_names: Vec<Ident> = (0..routed.len())
        .map(|position| Ident::new(&format!("__cors_policy_{position}"), Span::mixed_site()))
        .collect();
    // Where every handler is a path an item can name too (the usual case),
    // the policies are looked up in a small function of their own: rustc
    // type-checks it apart from the function building the router, where
    // each pending trait lookup slows down all the others (200 routes in
    // one `Router` chain: 0.45 s of type checking with the lookups inline,
    // 0.22 s with them apart).
    let apart = routed
        .iter()
        .all(|route| nameable_from_an_item(&route.handler));
    let bindings = routed
        .iter()
        .zip(&names)
        .map(|(route, name)| {
            let handler = &route.handler;
            quote_spanned!(handler.span()=> let #name = #handler;)
        })
        .collect();
    let lookups = routed
        .iter()
        .zip(&names)
        .zip(&policy_names)
        .map(|((route, name), policy)| {
            let handler = &route.handler;
            // A path (the usual case) is named again as written, so an
            // error about it points at the user's token; anything else is
            // read through its binding.
            let named = match handler {
                Expr::Path(_) => quote!(#handler),
                _ => quote!(#name),
            };
            quote_spanned! {handler.span()=>
                let #policy = ::core::option::Option::Some(::handler_cors::__private::policy_of(&#named));
            }
        });
    let get = routed
        .iter()
        .position(|route| METHODS[route.index].0 == "get");
    let mut policies = Vec::new();
    let mut allow = Vec::new();
    for (index, (function, method)) in METHODS.iter().enumerate() {
        let position = routed.iter().position(|route| route.index == index).or(
            if *function == "head" && head_from_get {
                get
            } else {
                None
            },
        );
        match position {
            Some(position) => {
                let policy = &policy_names[position];
                policies.push(quote!(#policy));
                allow.push(*method);
            }
            None => policies.push(quote!(::core::option::Option::None)),
        }
    }
    allow.push("OPTIONS");
    let allow = allow.join(", ");
    let routed_preflight = quote! {
        #(#lookups)*
        ::handler_cors::__private::Preflight::__routed([#(#policies),*], #allow)
    };
    let preflight = if apart {
        let function = Ident::new("__cors_routed_preflight", Span::mixed_site());
        quote! {{
            fn #function() -> ::handler_cors::__private::Preflight {
                #routed_preflight
            }
            #function()
        }}
    } else {
        quote!({ #routed_preflight })
    };
    Table {
        bindings,
        names,
        preflight,
    }
}

/// Whether a handler expression means the same inside an item written
/// beside it: a path without `Self` or generic arguments (an item cannot
/// see its parent's `Self`, generics or local variables; a handler is a
/// function, so a local variable holding one is the rare case left out:
/// see `route!`'s documentation).
fn nameable_from_an_item(handler: &Expr) -> bool {
    let Expr::Path(path) = handler else {
        return false;
    };
    path.qself.is_none()
        && path.attrs.is_empty()
        && path
            .path
            .segments
            .iter()
            .all(|segment| segment.ident != "Self" && segment.arguments.is_none())
}

fn expand(routed: &[Routed]) -> TokenStream {
    // axum routes HEAD to the GET handler when no HEAD handler is given.
    let Table {
        bindings,
        names,
        preflight: table,
    } = table(routed, true);
    let mut router = TokenStream::new();
    for (position, route) in routed.iter().enumerate() {
        let name = &names[position];
        let function = Ident::new(METHODS[route.index].0, route.method.span());
        if position == 0 {
            router = quote!(::handler_cors::__private::routing::#function(#name));
        } else {
            router = quote!(#router.#function(#name));
        }
    }
    let preflight = Ident::new("__cors_preflight", Span::mixed_site());
    quote! {{
        ::handler_cors::__require_framework!();
        #(#bindings)*
        let #preflight = #table;
        ::handler_cors::__private::with_preflight(#router, #preflight)
    }}
}

#[cfg(test)]
mod tests {
    use super::nameable_from_an_item;

    #[test]
    fn handler_paths_are_looked_up_apart_and_the_rest_inline() {
        for apart in ["list", "api::list", "crate::api::list", "PostsView::list"] {
            let handler: syn::Expr = syn::parse_str(apart).unwrap();
            assert!(nameable_from_an_item(&handler), "{apart}");
        }
        for inline in [
            "Self::list",
            "list::<u8>",
            "View::<T>::list",
            "<V as T>::list",
            "make()",
            "(list)",
        ] {
            let handler: syn::Expr = syn::parse_str(inline).unwrap();
            assert!(!nameable_from_an_item(&handler), "{inline}");
        }
    }
}
