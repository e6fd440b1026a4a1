//! The `#[cors(...)]` attribute of handler-cors.
//!
//! One direction of flow, one file per stage:
//!
//! * `parse`: attribute tokens -> `spec::PolicySpec`, keeping every span;
//! * `check`: the spec -> a `check::CheckedPolicy`, each value run through
//!   the shared rules of `cors-rules`; every problem becomes a spanned error;
//! * `handler`: the annotated item (an `async fn`) checked and rewritten;
//! * `expand`: the checked policy -> the `static POLICY` and `preflight`.
//!
//! Errors are gathered in `errors::Errors` and reported together; on any
//! error the user's item is emitted unchanged beside them.
//!
//! Use this through the `handler-cors` crate, which documents the attribute.

#![warn(missing_docs)]

use proc_macro::TokenStream;

mod check;
mod errors;
mod expand;
mod handler;
mod impl_block;
mod krate;
mod named;
mod parse;
mod route;
mod spec;
mod warnings;

/// Gives an async axum handler its own CORS policy. See the `handler-cors`
/// crate for the keys and what the server answers.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    let (args, path) = krate::take_crate_path(args.into());
    with_crate_path(handler::expand_attribute(args, item.into()), path)
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
