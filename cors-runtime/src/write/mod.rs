//! Writing a decision into response headers: actual responses, preflight
//! answers, `Vary`, and the refusal of cross-origin request protection.

pub mod actual;
pub mod csrf;
pub mod preflight;
pub mod vary;

use http::{HeaderMap, HeaderName, HeaderValue};

/// Where an answer's headers are written: an `http::HeaderMap` (axum, the
/// tests), or a framework's own map through its adapter (actix-web's speaks
/// `http` 0.2), so that no answer is built in one map and copied into
/// another. The writers in this module are the only code that writes CORS
/// headers; they are generic over this.
pub trait ResponseHeaders {
    /// Sets `name` to `value`, replacing any value it had.
    fn insert(&mut self, name: HeaderName, value: HeaderValue);
    /// Adds a value of `name`, keeping those it had.
    fn append(&mut self, name: HeaderName, value: HeaderValue);
    /// Removes every value of `name`.
    fn remove(&mut self, name: &HeaderName);
    /// Whether `name` has a value.
    fn contains_key(&self, name: &HeaderName) -> bool;
    /// The bytes of each value of `name`, in order.
    fn value_bytes<'a>(
        &'a self,
        name: &HeaderName,
    ) -> impl Iterator<Item = &'a [u8]> + use<'a, Self>;
    /// Removes every `Access-Control-*` header.
    fn remove_access_control(&mut self);
}

impl ResponseHeaders for HeaderMap {
    fn insert(&mut self, name: HeaderName, value: HeaderValue) {
        HeaderMap::insert(self, name, value);
    }

    fn append(&mut self, name: HeaderName, value: HeaderValue) {
        HeaderMap::append(self, name, value);
    }

    fn remove(&mut self, name: &HeaderName) {
        HeaderMap::remove(self, name);
    }

    fn contains_key(&self, name: &HeaderName) -> bool {
        HeaderMap::contains_key(self, name)
    }

    fn value_bytes<'a>(&'a self, name: &HeaderName) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        self.get_all(name).into_iter().map(HeaderValue::as_bytes)
    }

    fn remove_access_control(&mut self) {
        actual::remove_access_control(self);
    }
}
