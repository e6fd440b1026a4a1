//! Writing a decision into response headers: actual responses, preflight
//! answers, and `Vary`.

pub mod actual;
pub mod preflight;
pub mod vary;
