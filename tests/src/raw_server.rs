//! A loopback HTTP server that writes raw bytes, for answers no well-behaved
//! server library would send: endless bodies, broken chunking, compression
//! bombs. Each server answers a bounded number of connections and stops when
//! dropped; every write is bounded in time. Use it from a multi-thread tokio
//! runtime: dropping the server waits for its thread, and the client's
//! connection must keep running meanwhile to hang up.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How a connection is answered: gets the stream (request head already read)
/// and a counter of body bytes written, to add to.
pub type Handler = dyn Fn(&mut TcpStream, &AtomicUsize) -> std::io::Result<()> + Send + Sync;

/// A running raw server on 127.0.0.1.
pub struct RawServer {
    port: u16,
    stop: Arc<AtomicBool>,
    written: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

impl RawServer {
    /// Serves at most `connections` connections with `handler`.
    pub fn start(connections: usize, handler: Box<Handler>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicUsize::new(0));
        let (stop2, written2) = (stop.clone(), written.clone());
        let thread = std::thread::spawn(move || {
            let mut served = 0;
            // At most 30 s in all, whatever the client does.
            for _ in 0..3000 {
                if stop2.load(Ordering::Relaxed) || served >= connections {
                    return;
                }
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        served += 1;
                        let _ = stream.set_nonblocking(false);
                        let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
                        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                        read_head(&mut stream);
                        let _ = handler(&mut stream, &written2);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        RawServer {
            port,
            stop,
            written,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/v1`, the base URL of the WhatsApp client.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// Body bytes the handlers wrote so far.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads up to the end of the request head (the tests send no bodies).
fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while head.len() < 64 * 1024 && !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
}

/// Writes `block` as chunks until `total` body bytes are written (or the
/// client hangs up), then the last chunk.
pub fn write_chunked(stream: &mut TcpStream, block: &[u8], total: usize, written: &AtomicUsize) -> std::io::Result<()> {
    let mut left = total;
    while left > 0 {
        let n = left.min(block.len());
        write!(stream, "{n:x}\r\n")?;
        stream.write_all(&block[..n])?;
        stream.write_all(b"\r\n")?;
        written.fetch_add(n, Ordering::Relaxed);
        left -= n;
    }
    stream.write_all(b"0\r\n\r\n")
}
