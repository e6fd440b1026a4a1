//! The `#[cors(...)]` attribute of handler-cors.
//!
//! One direction of flow, one file per stage:
//!
//! * `parse`: attribute tokens -> `spec::PolicySpec`, keeping every span;
//! * `check`: the spec -> a `check::CheckedPolicy`, each value run through
//!   the shared rules of `cors-rules`; every problem becomes a spanned error,
//!   every harmless dead setting a warning (`warnings`);
//! * `expand`: the checked policy -> its `static` and the type named like
//!   the handler holding `POLICY` and `preflight`;
//! * `rewrite`: an `async fn` checked to be a handler and rewritten;
//! * the items: `handler` (a function), `impl_block` (a view), `named`
//!   (`policy!`), `route` (`route!`); `krate` handles `crate = path`.
//!
//! Errors are gathered in `errors::Errors` and reported together; on any
//! error the user's item is still emitted beside them, with a policy that
//! allows nothing, so one mistake does not cascade.
//!
//! Use this through the `handler-cors` crate, which documents the attribute.

#![warn(missing_docs)]

use proc_macro::TokenStream;

mod actix_route;
mod check;
mod errors;
mod expand;
mod handler;
mod impl_block;
mod krate;
mod named;
mod parse;
mod resource;
mod rewrite;
mod route;
mod spec;
mod warnings;

/// Gives an async axum handler its own CORS policy. See the `handler-cors`
/// crate for the keys and what the server answers.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    let (args, path) = krate::take_crate_path(args.into());
    let item: proc_macro2::TokenStream = item.into();
    let output = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Impl(block)) => {
            impl_block::expand_impl(args, block, errors::Errors::default())
        }
        _ => handler::expand_attribute(args, item),
    };
    with_crate_path(output, path)
}

/// Declares a named policy: `policy!(pub STRICT, origins = [...], ...)`.
/// See the `handler-cors` crate.
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    let (input, path) = krate::take_crate_path(input.into());
    with_crate_path(named::expand_named(input), path)
}

/// An axum method router of annotated handlers with their preflights:
/// `route!(get(list_posts).post(create_post))`. See the `handler-cors` crate.
#[proc_macro]
pub fn route(input: TokenStream) -> TokenStream {
    let (input, path) = krate::take_crate_path(input.into());
    with_crate_path(route::expand_route(input), path)
}

/// An actix-web resource of `#[cors]` handlers whose `OPTIONS` route
/// decides each preflight with the policy of the handler routed for the
/// requested method: `resource!("/posts", get(list).post(create))`.
/// Needs the facade's `actix-web` feature.
#[proc_macro]
pub fn resource(input: TokenStream) -> TokenStream {
    let (input, path) = krate::take_crate_path(input.into());
    with_crate_path(resource::expand_resource(input), path)
}

/// The expansion, naming the runtime through `crate = path` when given.
fn with_crate_path(
    output: proc_macro2::TokenStream,
    path: Option<proc_macro2::TokenStream>,
) -> TokenStream {
    match path {
        Some(path) => krate::rename(output, &path).into(),
        None => output.into(),
    }
}
