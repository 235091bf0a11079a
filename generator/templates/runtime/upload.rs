//! Request bodies that stream: bytes in memory, a file read piece by piece
//! while it is sent, or any stream of byte chunks.

use bytes::Bytes;
use futures_core::Stream;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// Size of the pieces a file is read in while it is sent.
const FILE_PIECE: usize = 64 * 1024;

/// The body of an upload (a binary request body or a file part of a
/// `multipart/form-data` body): bytes already in memory, a file, or a
/// stream of chunks. Files and streams are sent as they are read, so memory
/// stays small whatever their size.
///
/// `Vec<u8>`, `bytes::Bytes`, `&[u8]`, `&[u8; N]`, `String` and `&str` convert into
/// it; [`Upload::file`] reads a file as it is sent; [`Upload::stream`] sends
/// any `Stream<Item = Result<Bytes, E>>` (e.g. a channel or a pipe).
///
/// Bytes and files can be sent again (on a retry, or a `307`/`308`
/// redirect); a stream can be sent once: a call that would send it a second
/// time ends with [`Error::Request`](crate::Error::Request) instead.
pub struct Upload(Source);

enum Source {
    Bytes(Bytes),
    File { path: PathBuf, len: u64 },
    /// Taken when sent.
    Stream(Mutex<Option<ByteStream>>, Option<u64>),
}

impl Upload {
    /// The file at `path`, read piece by piece each time the request is
    /// sent (its length, read now, is sent as `Content-Length`).
    ///
    /// # Errors
    ///
    /// When the file cannot be opened or is not a regular file.
    pub async fn file(path: impl Into<PathBuf>) -> std::io::Result<Upload> {
        let path = path.into();
        let meta = tokio::fs::metadata(&path).await?;
        if !meta.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("`{}` is not a regular file", path.display()),
            ));
        }
        Ok(Upload(Source::File { path, len: meta.len() }))
    }

    /// A stream of chunks, sent as they come (chunked transfer encoding);
    /// a chunk that is an error ends the request with a transport error.
    pub fn stream<S, E>(stream: S) -> Upload
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Upload(Source::Stream(Mutex::new(Some(Box::pin(MapErr(Box::pin(stream))))), None))
    }

    /// A stream of chunks that add up to `len` bytes, sent with that
    /// `Content-Length` (for servers that refuse chunked uploads).
    pub fn stream_with_length<S, E>(stream: S, len: u64) -> Upload
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Upload(Source::Stream(Mutex::new(Some(Box::pin(MapErr(Box::pin(stream))))), Some(len)))
    }

    /// The length in bytes, when known before sending.
    pub fn len(&self) -> Option<u64> {
        match &self.0 {
            Source::Bytes(b) => Some(b.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Stream(_, len) => *len,
        }
    }

    /// Known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Can be sent more than once (bytes and files, not streams).
    pub(crate) fn replayable(&self) -> bool {
        !matches!(self.0, Source::Stream(..))
    }

    /// The body for one sending of the request, and its length when known.
    pub(crate) async fn to_body(&self) -> Result<(reqwest::Body, Option<u64>), String> {
        match &self.0 {
            Source::Bytes(b) => Ok((reqwest::Body::from(b.clone()), Some(b.len() as u64))),
            Source::File { path, len } => {
                let file = tokio::fs::File::open(path)
                    .await
                    .map_err(|e| format!("cannot open `{}`: {e}", path.display()))?;
                let pieces = FileStream { file, buf: vec![0; FILE_PIECE].into_boxed_slice(), left: *len };
                Ok((reqwest::Body::wrap_stream(pieces), Some(*len)))
            }
            Source::Stream(slot, len) => {
                let taken = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                let stream = taken.ok_or_else(|| "the streamed body was sent already and cannot be sent again".to_string())?;
                Ok((reqwest::Body::wrap_stream(stream), *len))
            }
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload(Source::Bytes(bytes.into()))
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload(Source::Bytes(bytes))
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Upload(Source::Bytes(Bytes::copy_from_slice(bytes)))
    }
}

impl<const N: usize> From<&[u8; N]> for Upload {
    fn from(bytes: &[u8; N]) -> Self {
        Upload(Source::Bytes(Bytes::copy_from_slice(bytes)))
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload(Source::Bytes(text.into()))
    }
}

impl From<&str> for Upload {
    fn from(text: &str) -> Self {
        Upload(Source::Bytes(Bytes::copy_from_slice(text.as_bytes())))
    }
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::Bytes(b) => write!(f, "Upload({} bytes)", b.len()),
            Source::File { path, len } => write!(f, "Upload(file {}, {len} bytes)", path.display()),
            Source::Stream(..) => f.write_str("Upload(stream)"),
        }
    }
}

/// A stream whose error type is boxed.
struct MapErr<S>(Pin<Box<S>>);

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(Into::into)))
    }
}

/// A file read in pieces of [`FILE_PIECE`] bytes, up to the length it had
/// when the upload was made (a file that grows is not read past it).
struct FileStream {
    file: tokio::fs::File,
    buf: Box<[u8]>,
    left: u64,
}

impl Stream for FileStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.left == 0 {
            return Poll::Ready(None);
        }
        let want = this.buf.len().min(usize::try_from(this.left).unwrap_or(usize::MAX));
        let mut read = tokio::io::ReadBuf::new(&mut this.buf[..want]);
        match tokio::io::AsyncRead::poll_read(Pin::new(&mut this.file), cx, &mut read) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(Ok(())) if read.filled().is_empty() => {
                let message = format!("the file ended {} bytes before its length", this.left);
                this.left = 0;
                Poll::Ready(Some(Err(message.into())))
            }
            Poll::Ready(Ok(())) => {
                let chunk = Bytes::copy_from_slice(read.filled());
                this.left -= chunk.len() as u64;
                Poll::Ready(Some(Ok(chunk)))
            }
        }
    }
}
