//! The methods a preflight may ask for.

use http::HeaderValue;

/// The configured methods with their header values built at compile time.
#[derive(Debug)]
pub struct AllowMethods {
    names: &'static [&'static str],
    /// `Access-Control-Allow-Methods`: the configured methods.
    value: HeaderValue,
    /// `Allow` for a plain `OPTIONS`: the methods plus `OPTIONS`.
    allow: HeaderValue,
}

impl AllowMethods {
    #[doc(hidden)]
    pub const fn __new(
        names: &'static [&'static str],
        value: HeaderValue,
        allow: HeaderValue,
    ) -> AllowMethods {
        AllowMethods {
            names,
            value,
            allow,
        }
    }

    /// The configured method names.
    pub fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// Whether a preflight asking for `method` is allowed. Methods are
    /// case-sensitive, as HTTP defines them.
    pub fn allows(&self, method: &[u8]) -> bool {
        self.names.iter().any(|name| name.as_bytes() == method)
    }

    /// The `Access-Control-Allow-Methods` value.
    pub fn header_value(&self) -> &HeaderValue {
        &self.value
    }

    /// The `Allow` value for a plain `OPTIONS`.
    pub fn allow_value(&self) -> &HeaderValue {
        &self.allow
    }
}
