//! The attribute as written: a typed model that keeps the span of every
//! value, so later stages can point at the exact token at fault.

use proc_macro2::Span;

/// A value and where the user wrote it.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// `origins = ...`.
pub enum Origins {
    /// `origins = any`.
    Any(Span),
    /// `origins = [...]`: the entries that could be read, and how many
    /// were written (so a list of unreadable entries is not also "empty").
    List {
        entries: Vec<OriginEntrySpec>,
        written: usize,
    },
}

/// One entry of `origins = [...]`.
pub enum OriginEntrySpec {
    /// `"https://myapp.com"`, `"https://*.myapp.com"`.
    Literal(Spanned<String>),
    /// `regex("...")`.
    Regex(Spanned<String>),
    /// `env("VAR")` or `env("VAR", default = [...])`.
    Env {
        var: Spanned<String>,
        default: Vec<Spanned<String>>,
    },
    /// `with(path::to::predicate)` or `with(async path::to::predicate)`.
    With { path: syn::Path, is_async: bool },
}

/// `headers = ...`.
pub enum HeadersSpec {
    /// `headers = any`.
    Any,
    /// `headers = [...]`.
    List(Vec<Spanned<String>>),
}

/// Every key of one `#[cors(...)]`; `None` where the key was not given.
#[derive(Default)]
pub struct PolicySpec {
    /// `policy = path::to::NAMED`: a policy declared with `policy!`.
    pub policy: Option<Spanned<syn::Path>>,
    pub origins: Option<Spanned<Origins>>,
    pub methods: Option<Vec<Spanned<String>>>,
    pub headers: Option<HeadersSpec>,
    pub expose_headers: Option<Vec<Spanned<String>>>,
    pub credentials: Option<Spanned<bool>>,
    pub max_age: Option<Spanned<u64>>,
    pub private_network: Option<Spanned<bool>>,
    /// `csrf = true`: cross-origin request protection with these origins.
    pub csrf: Option<Spanned<bool>>,
    /// Keys that were unknown but close to a real one: the real key is then
    /// not reported missing as well.
    pub misspelled: Vec<&'static str>,
}
