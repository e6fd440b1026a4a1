//! Gathers every error of one attribute, each with the span of the token at
//! fault, so the user sees them all in one compile.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

use cors_rules::Problem;

/// The errors found so far.
#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// An error at `span` with a message that ends in a `help:` line.
    pub fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// An error spanning all of `tokens`.
    pub fn push_spanned(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// A rule broken at `span`, worded by the shared validator.
    pub fn problem(&mut self, span: Span, problem: &Problem) {
        self.push(span, problem);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error as `compile_error!` invocations.
    pub fn into_compile_errors(self) -> TokenStream {
        self.errors
            .iter()
            .map(syn::Error::to_compile_error)
            .collect()
    }
}

#[cfg(test)]
impl Errors {
    /// The messages, for tests.
    pub fn messages(&self) -> Vec<String> {
        self.errors.iter().map(ToString::to_string).collect()
    }
}
