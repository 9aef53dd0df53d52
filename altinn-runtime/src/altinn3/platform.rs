//! What the generated `platform::*` modules call: the Altinn 3 platform APIs (Storage,
//! Correspondence, Broker, Dialogporten, the Resource Registry, Authentication) and the apps'
//! own API, on the Altinn 3 [`Client`] (its environment, authentication, subscription key and
//! 429/503 retry policy).
//!
//! A generated function builds a [`Request`] (path relative to its host, parameters, body) and
//! sends it with [`Client::call`] (the answer read whole, up to the client's limit),
//! [`Client::download`] (a [`Download`] streamed, of any size) or [`Client::items`] (every item
//! of a paged list, page by page). Uploads take an [`Upload`]: bytes, a file or any stream of
//! bytes, sent as they are read; `multipart/form-data` bodies are a [`Multipart`] of text fields
//! and [`FilePart`]s.

use std::fmt;
use std::path::Path;

use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use url::Url;

pub use super::client::{Client, Response};
pub use super::problem::{Error, Result};
pub use crate::api::lenient;
pub use crate::api::{Link, Links, segment};
pub use reqwest::Method;

/// A value of an enumeration a document declares as integers: .NET services declare their enums
/// as numbers and send either the number or the name (the Resource Registry's `ResourceType` is
/// `4` in the schema and `"AltinnApp"` on the wire). Kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum IntEnum {
    /// The number.
    Number(i64),
    /// The name.
    Name(String),
}

impl fmt::Display for IntEnum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntEnum::Number(n) => write!(f, "{n}"),
            IntEnum::Name(s) => f.write_str(s),
        }
    }
}

/// The host a request goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// The platform host of the client's environment (`https://platform.altinn.no/`).
    Platform,
    /// The host of an organisation's apps (`https://{org}.apps.altinn.no/`); the path starts
    /// with `{org}/{app}/`.
    App(String),
}

/// A request body that is read once, as it is sent: bytes, a file or a stream.
pub struct Upload {
    body: reqwest::Body,
    length: Option<u64>,
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.length {
            Some(n) => write!(f, "Upload({n} bytes)"),
            None => f.write_str("Upload(length unknown)"),
        }
    }
}

impl Upload {
    /// Bytes in memory.
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        let data: Bytes = data.into();
        Upload { length: Some(data.len() as u64), body: reqwest::Body::from(data) }
    }

    /// A file, read in chunks as it is sent (never whole in memory).
    pub async fn file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let io = |source| Error::Io { path: path.display().to_string(), source };
        let file = tokio::fs::File::open(path).await.map_err(io)?;
        let length = file.metadata().await.map_err(io)?.len();
        let stream = tokio_util::io::ReaderStream::with_capacity(file, 64 * 1024);
        Ok(Upload { body: reqwest::Body::wrap_stream(stream), length: Some(length) })
    }

    /// Any stream of byte chunks; `length` (when known) is sent as `Content-Length`, else the
    /// body is sent chunked.
    pub fn stream<S, B, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = std::result::Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Upload { body: reqwest::Body::wrap_stream(stream.map_ok(Into::into)), length }
    }

    /// Its length, when known.
    pub fn length(&self) -> Option<u64> {
        self.length
    }
}

impl From<Vec<u8>> for Upload {
    fn from(v: Vec<u8>) -> Self {
        Upload::bytes(v)
    }
}

impl From<Bytes> for Upload {
    fn from(v: Bytes) -> Self {
        Upload::bytes(v)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(v: &'static [u8]) -> Self {
        Upload::bytes(v)
    }
}

impl From<String> for Upload {
    fn from(v: String) -> Self {
        Upload::bytes(v)
    }
}

/// A file of a `multipart/form-data` form: its name, content type and content.
#[derive(Debug)]
pub struct FilePart {
    file_name: String,
    content_type: String,
    content: Upload,
}

impl FilePart {
    /// A file named `file_name` (sent in `Content-Disposition`) of `content_type`.
    pub fn new(file_name: impl Into<String>, content_type: impl Into<String>, content: impl Into<Upload>) -> Self {
        FilePart { file_name: file_name.into(), content_type: content_type.into(), content: content.into() }
    }

    /// A local file, streamed; named by its file name, its type from its extension.
    pub async fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
        let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        let content_type = extension.as_deref().and_then(super::rules::mime_of_extension).unwrap_or("application/octet-stream").to_string();
        Ok(FilePart { file_name: name, content_type, content: Upload::file(path).await? })
    }

    /// The file name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }
}

/// A `multipart/form-data` body: text fields and files, in order.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<(String, PartBody)>,
}

#[derive(Debug)]
enum PartBody {
    Text(String),
    File(FilePart),
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field.
    pub fn text(mut self, name: &str, value: impl ToString) -> Self {
        self.parts.push((name.to_string(), PartBody::Text(value.to_string())));
        self
    }

    /// A text field when there is a value.
    pub fn text_opt<T: ToString>(self, name: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.text(name, v),
            None => self,
        }
    }

    /// A text field for each value.
    pub fn text_each<T: ToString>(self, name: &str, values: impl IntoIterator<Item = T>) -> Self {
        values.into_iter().fold(self, |form, v| form.text(name, v))
    }

    /// A file, when there is one.
    pub fn file_opt(self, name: &str, file: Option<FilePart>) -> Self {
        match file {
            Some(f) => self.file(name, f),
            None => self,
        }
    }

    /// A file part for each file.
    pub fn file_each(self, name: &str, files: impl IntoIterator<Item = FilePart>) -> Self {
        files.into_iter().fold(self, |form, f| form.file(name, f))
    }

    /// A file.
    pub fn file(mut self, name: &str, file: FilePart) -> Self {
        self.parts.push((name.to_string(), PartBody::File(file)));
        self
    }

    /// The field names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(n, _)| n.as_str())
    }

    fn into_form(self) -> Result<reqwest::multipart::Form> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in self.parts {
            form = match part {
                PartBody::Text(t) => form.text(name, t),
                PartBody::File(f) => {
                    let p = match f.content.length {
                        Some(n) => reqwest::multipart::Part::stream_with_length(f.content.body, n),
                        None => reqwest::multipart::Part::stream(f.content.body),
                    };
                    let p = p
                        .file_name(f.file_name)
                        .mime_str(&f.content_type)
                        .map_err(|_| Error::Usage(format!("not a media type: {:?}", f.content_type)))?;
                    form.part(name, p)
                }
            };
        }
        Ok(form)
    }
}

#[derive(Debug)]
enum Body {
    Bytes(Bytes, String),
    Upload(Upload, String),
    Multipart(Multipart),
}

/// One request to a platform API or an app, before it is sent.
#[derive(Debug)]
pub struct Request {
    method: Method,
    host: Host,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Body>,
    accept: Option<String>,
    anonymous: bool,
}

impl Request {
    /// A request to `path` (relative to the platform host, no leading `/`).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            host: Host::Platform,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            accept: None,
            anonymous: false,
        }
    }

    /// Sent to the host of `org`'s apps instead of the platform host.
    pub fn app_host(mut self, org: &str) -> Self {
        self.host = Host::App(org.to_string());
        self
    }

    /// Sent without a token.
    pub fn public(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// A query parameter.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// A query parameter when there is a value.
    pub fn query_opt<T: ToString>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// A query parameter for each value (`?id=1&id=2`).
    pub fn query_each<T: ToString>(self, key: &str, values: impl IntoIterator<Item = T>) -> Self {
        values.into_iter().fold(self, |req, v| req.query(key, v))
    }

    /// A query parameter without a value, when `on`.
    pub fn flag(mut self, key: &str, on: bool) -> Self {
        if on {
            self.query.push((key.to_string(), String::new()));
        }
        self
    }

    /// A header.
    pub fn header(mut self, name: &str, value: impl ToString) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// A header when there is a value.
    pub fn header_opt<T: ToString>(self, name: &str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    /// `Accept` (default `application/json`).
    pub fn accept(mut self, accept: &str) -> Self {
        self.accept = Some(accept.to_string());
        self
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let data = serde_json::to_vec(body).map_err(|e| Error::Usage(format!("cannot encode the body: {e}")))?;
        self.body = Some(Body::Bytes(data.into(), "application/json".into()));
        Ok(self)
    }

    /// A body of bytes in memory.
    pub fn bytes(mut self, data: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = Some(Body::Bytes(data.into(), content_type.to_string()));
        self
    }

    /// A streamed body (sent as it is read; never retried).
    pub fn upload(mut self, body: impl Into<Upload>, content_type: &str) -> Self {
        self.body = Some(Body::Upload(body.into(), content_type.to_string()));
        self
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = Some(Body::Multipart(form));
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, relative to its host.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The absolute URL in the client's environment.
    pub fn url(&self, client: &Client) -> Result<Url> {
        let env = client.environment();
        let base = match &self.host {
            Host::Platform => Ok(env.platform_url().clone()),
            Host::App(org) => env.app_host_url(org),
        }
        .map_err(|e| Error::Usage(format!("no host for {:?}: {e}", self.host)))?;
        let mut url = base.join(self.path.trim_start_matches('/')).map_err(|e| Error::Usage(format!("bad path {:?}: {e}", self.path)))?;
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &self.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    fn into_client_request(self, client: &Client) -> Result<super::client::Request> {
        let url = self.url(client)?;
        Self::to_client(self.method, url, self.headers, self.body, self.accept, self.anonymous)
    }

    fn to_client(
        method: Method,
        url: Url,
        headers: Vec<(String, String)>,
        body: Option<Body>,
        accept: Option<String>,
        anonymous: bool,
    ) -> Result<super::client::Request> {
        let mut req = super::client::Request::new(method, url);
        if anonymous {
            req = req.anonymous();
        }
        if let Some(a) = &accept {
            req = req.accept(a);
        }
        for (n, v) in &headers {
            req = req.header(n, v)?;
        }
        Ok(match body {
            None => req,
            Some(Body::Bytes(data, ct)) => req.bytes(data, &ct),
            Some(Body::Upload(u, ct)) => req.stream(u.body, &ct, u.length),
            Some(Body::Multipart(m)) => req.multipart(m.into_form()?),
        })
    }
}

/// Where the next page of a list is, as a page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// The same request with this query parameter set to a token (Dialogporten's
    /// `continuationToken`).
    Query {
        /// The parameter.
        param: &'static str,
        /// Its value.
        token: String,
    },
    /// A link to the next page (Storage's `next`): absolute on the same host, or relative.
    Url(String),
    /// The last page.
    End,
}

impl Next {
    /// The page at `link`, when the page gives one.
    pub fn link(link: Option<String>) -> Next {
        link.map_or(Next::End, Next::Url)
    }

    /// The same request with `param` set to `token`, when the page gives one and does not say
    /// there are no more (`more` is `Some(false)`).
    pub fn token(param: &'static str, token: Option<String>, more: Option<bool>) -> Next {
        match token {
            Some(token) if more != Some(false) => Next::Query { param, token },
            _ => Next::End,
        }
    }
}

/// A 2xx answer whose body is read as it arrives.
pub struct Download {
    method: String,
    url: String,
    response: reqwest::Response,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("url", &self.url)
            .field("status", &self.response.status().as_u16())
            .field("content_length", &self.content_length())
            .finish()
    }
}

impl Download {
    /// The status.
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// `Content-Length`, when sent.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// `Content-Type`, when sent.
    pub fn content_type(&self) -> Option<&str> {
        self.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// The file name of `Content-Disposition`, when sent.
    pub fn file_name(&self) -> Option<String> {
        let cd = self.headers().get(reqwest::header::CONTENT_DISPOSITION)?.to_str().ok()?;
        cd.split(';').map(str::trim).find_map(|p| p.strip_prefix("filename=")).map(|v| v.trim_matches('"').to_string())
    }

    /// The body, chunk by chunk.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes>> + Send + 'static {
        let (method, url) = (self.method, self.url);
        self.response
            .bytes_stream()
            .map(move |r| r.map_err(|e| Error::Transport { method: method.clone(), url: url.clone(), source: e.without_url() }))
    }

    /// Writes the body to `out` as it arrives; the bytes written.
    pub async fn write_to<W: tokio::io::AsyncWrite + Unpin>(self, out: &mut W, shown: &str) -> Result<u64> {
        use tokio::io::AsyncWriteExt;
        let io = |source| Error::Io { path: shown.to_string(), source };
        let mut stream = std::pin::pin!(self.into_stream());
        let mut n = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            out.write_all(&chunk).await.map_err(io)?;
            n += chunk.len() as u64;
        }
        out.flush().await.map_err(io)?;
        Ok(n)
    }

    /// Saves the body to a file as it arrives (never whole in memory); the bytes written. A
    /// transfer that fails leaves no file behind.
    pub async fn save(self, path: impl AsRef<Path>) -> Result<u64> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let mut file = tokio::fs::File::create(path).await.map_err(|source| Error::Io { path: shown.clone(), source })?;
        match self.write_to(&mut file, &shown).await {
            Ok(n) => Ok(n),
            Err(e) => {
                drop(file);
                let _ = tokio::fs::remove_file(path).await;
                Err(e)
            }
        }
    }
}

impl Client {
    /// Sends a platform or app request; the answer is read whole (up to the client's limit).
    pub async fn call(&self, req: Request) -> Result<Response> {
        let req = req.into_client_request(self)?;
        self.send(req).await
    }

    /// Sends a platform or app request and gives its answer as a stream.
    pub async fn download(&self, req: Request) -> Result<Download> {
        let req = req.into_client_request(self)?;
        let (method, url) = (req.method().to_string(), req.url().to_string());
        let response = self.send_streaming(req).await?;
        Ok(Download { method, url, response })
    }

    /// Every item of a paged list: the first request's answer is a page `P`; `split` gives its
    /// items and where the next page is. Pages are fetched as the stream is read. A `next` link
    /// to another host than the first request's is refused (it would be sent the token).
    pub fn items<P, T>(&self, first: Request, split: fn(P) -> (Vec<T>, Next)) -> impl Stream<Item = Result<T>> + 'static
    where
        P: DeserializeOwned + 'static,
        T: 'static,
    {
        enum State {
            Start(Box<Request>),
            More(Box<PageRequest>),
            Done,
        }
        struct PageRequest {
            method: Method,
            url: Url,
            headers: Vec<(String, String)>,
            accept: Option<String>,
            anonymous: bool,
        }
        let client = self.clone();
        let pages = futures::stream::unfold(State::Start(Box::new(first)), move |state| {
            let client = client.clone();
            async move {
                let pr = match state {
                    State::Done => return None,
                    State::Start(req) => {
                        let req = *req;
                        if req.body.is_some() {
                            return Some((Err(Error::Usage("a paged request has no body".into())), State::Done));
                        }
                        match req.url(&client) {
                            Ok(url) => {
                                PageRequest { method: req.method, url, headers: req.headers, accept: req.accept, anonymous: req.anonymous }
                            }
                            Err(e) => return Some((Err(e), State::Done)),
                        }
                    }
                    State::More(pr) => *pr,
                };
                let sent = Request::to_client(pr.method.clone(), pr.url.clone(), pr.headers.clone(), None, pr.accept.clone(), pr.anonymous);
                let page: Result<P> = match sent {
                    Ok(r) => match client.send(r).await {
                        Ok(resp) => resp.json::<P>(),
                        Err(e) => Err(e),
                    },
                    Err(e) => Err(e),
                };
                let page = match page {
                    Ok(p) => p,
                    Err(e) => return Some((Err(e), State::Done)),
                };
                let (items, next) = split(page);
                let next_url = match next {
                    Next::End => None,
                    Next::Query { param, token } => {
                        let mut u = pr.url.clone();
                        let kept: Vec<(String, String)> =
                            u.query_pairs().filter(|(k, _)| k != param).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
                        u.query_pairs_mut().clear().extend_pairs(kept).append_pair(param, &token);
                        Some(Ok(u))
                    }
                    Next::Url(link) => Some(match pr.url.join(&link) {
                        Ok(u) if u.origin() == pr.url.origin() => Ok(u),
                        Ok(u) => Err(Error::Usage(format!(
                            "the next page link points at another host ({}); not followed",
                            u.origin().ascii_serialization()
                        ))),
                        Err(e) => Err(Error::Usage(format!("the next page link {link:?} is not a URL: {e}"))),
                    }),
                };
                let state = match next_url {
                    // A server that answers the same page again would never end.
                    Some(Ok(u)) if u == pr.url => State::Done,
                    Some(Ok(u)) => State::More(Box::new(PageRequest { url: u, ..pr })),
                    Some(Err(e)) => return Some((Ok((items, Some(e))), State::Done)),
                    None => State::Done,
                };
                Some((Ok((items, None)), state))
            }
        });
        pages.flat_map(|page: Result<(Vec<T>, Option<Error>)>| {
            let items: Vec<Result<T>> = match page {
                Ok((items, err)) => items.into_iter().map(Ok).chain(err.map(Err)).collect(),
                Err(e) => vec![Err(e)],
            };
            futures::stream::iter(items)
        })
    }
}
