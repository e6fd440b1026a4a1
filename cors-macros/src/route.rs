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
const METHODS: [(&str, &str); 6] = [
    ("get", "GET"),
    ("head", "HEAD"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
];

/// One `method(handler)` of the chain.
struct Routed {
    /// The method function or method, as written (`get`, `.post`).
    method: Ident,
    /// Its index in [`METHODS`].
    index: usize,
    handler: Expr,
}

/// The whole `route!(...)`.
pub fn expand_route(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let chain = match syn::parse2::<Expr>(input) {
        Ok(chain) => chain,
        Err(error) => {
            let message = format!(
                "{error}\nhelp: `route!` takes a method-router chain of #[cors] handlers, such as `route!(get(list_posts).post(create_post))`"
            );
            return syn::Error::new(error.span(), message).to_compile_error();
        }
    };
    let mut routed = Vec::new();
    read_chain(&chain, &mut routed, &mut errors);
    for (position, route) in routed.iter().enumerate() {
        if let Some(first) = routed[..position].iter().find(|r| r.index == route.index) {
            errors.push(
                route.method.span(),
                format!(
                    "`{}` is routed twice in this `route!` (first to `{}`)\nhelp: keep one handler per method; a method serves one handler",
                    route.method,
                    handler_text(&first.handler)
                ),
            );
        }
    }
    if routed.is_empty() && errors.is_empty() {
        errors.push(
            chain.span(),
            "`route!` needs at least one handler\nhelp: write `route!(get(list_posts))`",
        );
    }
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    expand(&routed)
}

/// Walks `get(a).post(b)...` from its end back to the first function.
fn read_chain(expr: &Expr, routed: &mut Vec<Routed>, errors: &mut Errors) {
    match expr {
        Expr::MethodCall(call) => {
            read_chain(&call.receiver, routed, errors);
            let args: Vec<&Expr> = call.args.iter().collect();
            push_route(&call.method, &args, routed, errors);
        }
        Expr::Call(call) => {
            let Expr::Path(path) = &*call.func else {
                errors.push_spanned(&call.func, not_a_chain());
                return;
            };
            let Some(segment) = path.path.segments.last() else {
                errors.push_spanned(&call.func, not_a_chain());
                return;
            };
            let args: Vec<&Expr> = call.args.iter().collect();
            push_route(&segment.ident, &args, routed, errors);
        }
        Expr::Group(group) => read_chain(&group.expr, routed, errors),
        Expr::Paren(paren) => read_chain(&paren.expr, routed, errors),
        other => errors.push_spanned(other, not_a_chain()),
    }
}

fn not_a_chain() -> &'static str {
    "`route!` takes a method-router chain such as `get(list_posts).post(create_post)`\nhelp: write each method with its handler: `route!(get(a).post(b))`"
}

fn push_route(method: &Ident, args: &[&Expr], routed: &mut Vec<Routed>, errors: &mut Errors) {
    let name = method.to_string();
    let Some(index) = METHODS.iter().position(|(function, _)| *function == name) else {
        errors.push(method.span(), unknown_method(&name));
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

fn expand(routed: &[Routed]) -> TokenStream {
    // Hygienic names, located at the handler so errors point at it.
    let binding = |position: usize| {
        let at = routed[position].handler.span();
        Ident::new(
            &format!("__cors_handler_{position}"),
            Span::mixed_site().located_at(at),
        )
    };
    let bindings = routed.iter().enumerate().map(|(position, route)| {
        let name = binding(position);
        let handler = &route.handler;
        quote_spanned!(handler.span()=> let #name = #handler;)
    });
    let policy_of = |position: usize| {
        let handler = &routed[position].handler;
        // A path (the usual case) is named again as written, so an error
        // about it points at the user's token; anything else is read
        // through its binding.
        let named = match handler {
            Expr::Path(_) => quote!(#handler),
            _ => {
                let name = binding(position);
                quote!(#name)
            }
        };
        quote_spanned!(handler.span()=> ::core::option::Option::Some(::handler_cors::__private::policy_of(&#named)))
    };
    let get = routed
        .iter()
        .position(|route| METHODS[route.index].0 == "get");
    let mut policies = Vec::new();
    let mut allow = Vec::new();
    for (index, (function, method)) in METHODS.iter().enumerate() {
        // axum routes HEAD to the GET handler when no HEAD handler is given.
        let position = routed
            .iter()
            .position(|route| route.index == index)
            .or(if *function == "head" { get } else { None });
        match position {
            Some(position) => {
                policies.push(policy_of(position));
                allow.push(*method);
            }
            None => policies.push(quote!(::core::option::Option::None)),
        }
    }
    allow.push("OPTIONS");
    let allow = allow.join(", ");
    let mut router = TokenStream::new();
    for (position, route) in routed.iter().enumerate() {
        let name = binding(position);
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
        let #preflight = ::handler_cors::__private::Preflight::__routed([#(#policies),*], #allow);
        #router.options(#preflight)
    }}
}
