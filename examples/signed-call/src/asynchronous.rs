//! The same calls from async code: [`Client::prepare`](cloudtrail::client::Client::prepare)
//! gives the signed request, any async HTTP client sends it, and the operation's
//! `parse_response` reads the answer. The "async client" here runs the blocking one on a thread
//! of its own and wakes the caller when it is done, to keep this crate free of an async
//! runtime; `reqwest` or `hyper` on `tokio` take its place in a real program.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use crate::{Http, Received};

/// A response on its way: filled in by the thread that sends the request.
struct Pending {
    result: Option<Result<Received, ureq::Error>>,
    waker: Option<Waker>,
}

/// The future of one request.
pub struct Sending(Arc<Mutex<Pending>>);

impl Future for Sending {
    type Output = Result<Received, ureq::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut pending = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match pending.result.take() {
            Some(result) => Poll::Ready(result),
            None => {
                pending.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Http {
    /// Sends one request without blocking the caller: the future resolves when the response
    /// has arrived.
    pub fn call_async(&self, method: &str, url: &str, headers: &crate::Headers, body: Vec<u8>) -> Sending {
        let shared = Arc::new(Mutex::new(Pending { result: None, waker: None }));
        let (http, method, url, headers) = (self.clone(), method.to_owned(), url.to_owned(), headers.to_vec());
        let filled = Arc::clone(&shared);
        std::thread::spawn(move || {
            let result = http.call(&method, &url, &headers, body);
            let mut pending = filled.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            pending.result = Some(result);
            if let Some(waker) = pending.waker.take() {
                waker.wake();
            }
        });
        Sending(shared)
    }
}

/// Calls a CloudTrail operation from async code: prepare (resolve, build, sign), send, parse.
///
/// # Errors
///
/// The call could not be prepared or sent, or the service answered with the operation's error.
pub async fn call_cloudtrail<O, S>(
    client: &cloudtrail::Client<Http, S>,
    input: &O,
) -> Result<O::Output, Box<dyn std::error::Error + Send + Sync>>
where
    O: cloudtrail::operation::Operation,
    O::Error: Send + Sync,
    S: cloudtrail::client::Sign,
{
    let request = client.prepare(input)?;
    let (status, headers, body) = client.transport().call_async(request.method, &request.url, &request.headers, request.body).await?;
    let headers = headers.iter().map(|(name, value)| (name.as_str(), value.as_slice()));
    Ok(O::parse_response(status, headers, &body)?)
}

/// Wakes the thread that waits in [`block_on`].
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs a future to its end on this thread: the smallest executor there is, for the example.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park();
    }
}
