//! Reading an answer's body with a bound: a body larger than the limit is refused, before it is
//! read when its `Content-Length` says so, and as soon as it grows past the limit otherwise, so
//! a hostile or broken server cannot make a client buffer without bound.

use bytes::{Bytes, BytesMut};

/// The largest answer a client reads by default: 256 MiB (streamed downloads are not bound by it).
pub const DEFAULT_MAX_BODY: usize = 256 * 1024 * 1024;

/// Why a body was not read.
#[derive(Debug)]
pub enum BodyError {
    /// Larger than the limit (`declared`: what `Content-Length` said, when it said).
    TooLarge {
        /// The limit.
        limit: usize,
        /// The declared length.
        declared: Option<u64>,
    },
    /// The body was not received whole.
    Transport(reqwest::Error),
}

/// Reads `resp`'s body, at most `limit` bytes.
pub async fn read_limited(mut resp: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    if let Some(n) = resp.content_length()
        && n > limit as u64
    {
        return Err(BodyError::TooLarge { limit, declared: Some(n) });
    }
    let mut out = BytesMut::new();
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
        if out.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit, declared: None });
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out.freeze())
}
