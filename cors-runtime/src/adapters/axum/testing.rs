//! Sending a [`Probe`] to an axum `Router`, as the router would serve it.

use std::convert::Infallible;

use axum_core::body::Body;
use axum_core::extract::Request;
use tower_service::Service;

use crate::testing::{CorsAnswer, Probe};

/// The largest body read back from a probed app.
const BODY_LIMIT: usize = 1 << 20;

impl Probe {
    /// Sends this request to `app` (a clone of it) and returns its answer.
    pub async fn send(self, app: &::axum::Router) -> CorsAnswer {
        let mut service = app.clone();
        let mut request = Request::new(Body::from(self.body));
        *request.method_mut() = self.method;
        *request.headers_mut() = self.headers;
        match self.path.parse() {
            Ok(uri) => *request.uri_mut() = uri,
            Err(_) => {
                return CorsAnswer::new(
                    http::StatusCode::BAD_REQUEST,
                    http::HeaderMap::new(),
                    format!("(the probe's path {:?} is not a URI)", self.path),
                );
            }
        }
        let ready: Result<(), Infallible> =
            std::future::poll_fn(|cx| Service::<Request>::poll_ready(&mut service, cx)).await;
        if let Err(never) = ready {
            match never {}
        }
        let response = match service.call(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = match ::axum::body::to_bytes(body, BODY_LIMIT).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => String::new(),
        };
        CorsAnswer::new(parts.status, parts.headers, body)
    }
}
