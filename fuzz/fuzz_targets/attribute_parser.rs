//! The attribute's parse -> check -> expand pipeline on arbitrary token
//! streams: errors, never a panic. The macro crate's modules are compiled
//! in here as they are (a proc-macro crate exports nothing else).
#![no_main]
#![allow(dead_code)]

#[path = "../../cors-macros/src/actix_route.rs"]
mod actix_route;
#[path = "../../cors-macros/src/check.rs"]
mod check;
#[path = "../../cors-macros/src/errors.rs"]
mod errors;
#[path = "../../cors-macros/src/expand.rs"]
mod expand;
#[path = "../../cors-macros/src/handler.rs"]
mod handler;
#[path = "../../cors-macros/src/impl_block.rs"]
mod impl_block;
#[path = "../../cors-macros/src/krate.rs"]
mod krate;
#[path = "../../cors-macros/src/named.rs"]
mod named;
#[path = "../../cors-macros/src/parse.rs"]
mod parse;
#[path = "../../cors-macros/src/resource.rs"]
mod resource;
#[path = "../../cors-macros/src/rewrite.rs"]
mod rewrite;
#[path = "../../cors-macros/src/route.rs"]
mod route;
#[path = "../../cors-macros/src/spec.rs"]
mod spec;
#[path = "../../cors-macros/src/warnings.rs"]
mod warnings;

use libfuzzer_sys::fuzz_target;
use proc_macro2::TokenStream;
use quote::quote;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(tokens) = text.parse::<TokenStream>() else { return };
    let _ = handler::expand_attribute(tokens.clone(), quote!(async fn handler() {}));
    if let Ok(syn::Item::Impl(block)) = syn::parse2(quote!(impl View { async fn list() {} })) {
        let _ = impl_block::expand_impl(tokens.clone(), block, errors::Errors::default());
    }
    let _ = route::expand_route(tokens.clone());
    let (rest, path) = krate::take_crate_path(tokens.clone());
    if let Some(path) = path {
        let _ = krate::rename(handler::expand_attribute(rest, quote!(async fn h() {})), &path);
    }
    let _ = handler::expand_attribute(quote!(origins = any), tokens.clone());
    let _ = named::expand_named(tokens);
});
