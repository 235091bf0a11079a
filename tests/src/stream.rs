//! A request body handed to the client as a stream, for upload tests.

/// Pieces of a body, yielded one by one as a `Stream`.
pub struct Pieces(pub std::vec::IntoIter<bytes::Bytes>);

impl futures_core::Stream for Pieces {
    type Item = Result<bytes::Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.next().map(Ok))
    }
}
