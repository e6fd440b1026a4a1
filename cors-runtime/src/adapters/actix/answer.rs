//! The future of every answer this adapter computes: ready at once for
//! policies without `with(async ...)`, boxed only for those that await a
//! predicate. actix-web runs each request on one thread, so the boxed
//! future need not be `Send`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An answer, ready or awaiting a `with(async ...)` predicate.
pub enum Answer<T> {
    /// The answer (taken on the first poll).
    Ready(Option<T>),
    /// An answer that awaits a predicate.
    Pending(Pin<Box<dyn Future<Output = T>>>),
}

impl<T> std::fmt::Debug for Answer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Answer::Ready(_) => "Answer::Ready",
            Answer::Pending(_) => "Answer::Pending",
        })
    }
}

impl<T: Unpin> Future for Answer<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.get_mut() {
            Answer::Ready(value) => match value.take() {
                Some(value) => Poll::Ready(value),
                // Polled again after it answered: never by an executor
                // that follows the `Future` contract.
                None => Poll::Pending,
            },
            Answer::Pending(future) => future.as_mut().poll(cx),
        }
    }
}
