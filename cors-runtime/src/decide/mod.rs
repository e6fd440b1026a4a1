//! Pure decisions: an actual request's origin, a preflight's grant, which
//! handler's policy decides a preflight on a shared path, and cross-origin
//! request protection (`csrf = true`).

pub mod csrf;
pub mod origin;
pub mod preflight;
