//! Pure decisions: an actual request's origin, a preflight's grant, and
//! which handler's policy decides a preflight on a shared path.

pub mod origin;
pub mod preflight;
