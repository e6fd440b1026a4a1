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
mod named;
mod parse;
mod route;
mod spec;

/// Gives an async axum handler its own CORS policy. See the `handler-cors`
/// crate for the keys and what the server answers.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand_attribute(args.into(), item.into()).into()
}

/// Declares a named policy: `policy!(pub STRICT, origins = [...], ...)`.
/// See the `handler-cors` crate.
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    named::expand_named(input.into()).into()
}

/// An axum method router of annotated handlers with their preflights:
/// `route!(get(list_posts).post(create_post))`. See the `handler-cors` crate.
#[proc_macro]
pub fn route(input: TokenStream) -> TokenStream {
    route::expand_route(input.into()).into()
}
