//! Waiting through a [`Client`]: call, decide, sleep, until a waiter's acceptors say success or
//! failure, or the time allowed runs out.

use std::fmt;
use std::time::{Duration, Instant};

use super::{State, Waiter};
use crate::client::{Client, SendError, Sign, Transport};
use crate::operation::Operation;

/// A wait that ended in success: the last call's result (an error, for a waiter whose success
/// is an error such as `ResourceNotFoundException`) and the number of calls made.
#[derive(Debug)]
#[non_exhaustive]
pub struct Waited<O, E> {
    /// The result of the call that ended the wait.
    pub last: Result<O, E>,
    /// How many calls the wait made.
    pub attempts: u32,
}

/// Why a wait ended without success: `O` and `E` are the operation's output and error, `T` the
/// transport's error.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<O, E, T> {
    /// An acceptor said the resource will not get there (or the call failed in a way none
    /// expects): the result that said so.
    Failure {
        /// The result of the last call (boxed: an output can be large).
        last: Box<Result<O, E>>,
        /// How many calls the wait made.
        attempts: u32,
    },
    /// The time allowed ran out while the acceptors still said retry.
    TimedOut {
        /// The result of the last call (boxed: an output can be large).
        last: Box<Result<O, E>>,
        /// How many calls the wait made.
        attempts: u32,
    },
    /// A call could not be made (prepared or sent, after the client's own retries).
    Send(SendError<E, T>),
}

impl<O, E, T> fmt::Display for WaitError<O, E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failure { attempts, .. } => write!(f, "the waiter failed after {attempts} call(s)"),
            WaitError::TimedOut { attempts, .. } => write!(f, "the waiter timed out after {attempts} call(s)"),
            WaitError::Send(_) => f.write_str("a waiter's call could not be made"),
        }
    }
}

impl<O: fmt::Debug, E, T> std::error::Error for WaitError<O, E, T>
where
    E: std::error::Error + 'static,
    T: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Failure { last, .. } | WaitError::TimedOut { last, .. } => match last.as_ref() {
                Err(error) => Some(error),
                Ok(_) => None,
            },
            WaitError::Send(error) => Some(error),
        }
    }
}

/// The result of a wait for the waiter `W`.
pub type WaitResult<W, T> = Result<
    Waited<<<W as Waiter>::Input as Operation>::Output, <<W as Waiter>::Input as Operation>::Error>,
    WaitError<<<W as Waiter>::Input as Operation>::Output, <<W as Waiter>::Input as Operation>::Error, T>,
>;

impl<T: Transport, S: Sign> Client<T, S> {
    /// Calls `input`'s operation until the waiter `W` says success or failure, sleeping between
    /// calls as [`Waiter::backoff`] says, starting no call after `max_wait` has passed (a call
    /// in progress, with the client's own retries of it, is not cut short).
    ///
    /// # Errors
    ///
    /// The waiter failed, timed out, or a call could not be made.
    pub fn wait<W: Waiter>(&self, input: &W::Input, max_wait: Duration) -> WaitResult<W, T::Error> {
        let started = Instant::now();
        let backoff = W::backoff(max_wait);
        let mut attempts: u32 = 0;
        loop {
            attempts = attempts.saturating_add(1);
            let last = match self.send(input) {
                Ok(output) => Ok(output),
                Err(SendError::Operation(error)) => Err(error),
                Err(other) => return Err(WaitError::Send(other)),
            };
            match W::state(input, last.as_ref()) {
                State::Success => return Ok(Waited { last, attempts }),
                State::Failure => return Err(WaitError::Failure { last: Box::new(last), attempts }),
                State::Retry => {}
            }
            match backoff.delay(attempts, started.elapsed()) {
                Some(delay) => std::thread::sleep(delay),
                None => return Err(WaitError::TimedOut { last: Box::new(last), attempts }),
            }
        }
    }
}
