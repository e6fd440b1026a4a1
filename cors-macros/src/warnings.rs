//! Warnings from a proc macro on stable Rust.
//!
//! Stable Rust has no API for a macro to emit a warning, but rustc warns
//! wherever code uses an item marked `#[deprecated(note = "...")]`, with the
//! note as the message and the span of the use as the place. So for each
//! setting that is harmless but does nothing, the expansion defines such an
//! item and uses it at the span of the user's token: the warning names the
//! value, says what to write instead, and points at the token. Users
//! silence it the way Rust users silence any lint: `#[allow(deprecated)]`
//! on the handler (forwarded here), the module or the crate.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;
use syn::Attribute;

use cors_rules::Problem;

/// A warning and the token it is about.
pub struct Warning {
    pub span: Span,
    pub note: String,
}

impl Warning {
    /// A harmless setting, worded by the shared validator.
    pub fn new(span: Span, problem: &Problem) -> Warning {
        Warning {
            span,
            note: problem.to_string(),
        }
    }
}

/// The lint attributes of the user's item that must reach the generated
/// items holding the warnings: `#[allow(...)]` on the handler is where
/// users put `#[allow(deprecated)]`.
pub fn lint_attributes(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("allow"))
        .cloned()
        .collect()
}

/// One item per warning: a deprecated `const fn` whose note is the
/// message, called at the span of the offending token.
pub fn tokens(warnings: &[Warning], allow: &[Attribute]) -> TokenStream {
    warnings
        .iter()
        .map(|warning| {
            let note = &warning.note;
            quote_spanned! {warning.span=>
                #(#allow)*
                const _: () = {
                    #[deprecated(note = #note)]
                    const fn handler_cors_warning() {}
                    handler_cors_warning()
                };
            }
        })
        .collect()
}
