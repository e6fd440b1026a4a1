//! Writing a decision into response headers: actual responses, preflight
//! answers, `Vary`, and the refusal of cross-origin request protection.

pub mod actual;
pub mod csrf;
pub mod preflight;
pub mod vary;
