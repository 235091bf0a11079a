//! Measures what an upload, or decoding an answer full of undeclared
//! properties, costs the generated client, in a process of its own so that
//! its peak resident set (`VmHWM`) is the client's. A loopback server thread
//! on 127.0.0.1 answers `POST /v1/media` (`UploadMedia`), hashing the body as
//! it reads it in 64 KiB pieces.
//!
//! Usage: `peak_upload MODE SIZE_MIB DIR`, MODE one of
//! - `file`: uploads a SIZE_MIB file written in DIR (`Upload::file`);
//! - `bytes`: uploads the same bytes from memory (`Vec<u8>`);
//! - `extra`: uploads 4 bytes; the answer is about SIZE_MIB of JSON whose
//!   objects carry undeclared arrays (kept in `additional_properties`).
//!
//! Prints one line: `sent=N received=N sent_hash=H received_hash=H
//! decoded=N body=N peak_kib=N`.

use std::hash::Hasher;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use whatsapp_business_api::client::UploadMediaContentType;
use whatsapp_business_api::{Client, Upload};

/// The bytes of the upload: a pattern that is not all one value.
fn pattern(i: usize) -> u8 {
    (i.wrapping_mul(31) ^ (i >> 11)) as u8
}

/// Writes the JSON answer of `extra` mode, chunked as it is made (so the
/// server holds 64 KiB of it at a time): about `size` bytes of objects each
/// carrying undeclared arrays. Returns its length.
fn write_extra_answer(stream: &mut TcpStream, size: usize) -> std::io::Result<usize> {
    let mut total = 0;
    let mut piece = Vec::with_capacity(80 * 1024);
    piece.extend_from_slice(b"{\"media\": [");
    let mut i = 0usize;
    loop {
        let last = total + piece.len() >= size;
        if last {
            piece.extend_from_slice(b"]}");
        }
        if last || piece.len() >= 64 * 1024 {
            write!(stream, "{:x}\r\n", piece.len())?;
            stream.write_all(&piece)?;
            stream.write_all(b"\r\n")?;
            total += piece.len();
            piece.clear();
        }
        if last {
            stream.write_all(b"0\r\n\r\n")?;
            return Ok(total);
        }
        if i > 0 {
            piece.push(b',');
        }
        write!(
            piece,
            "{{\"id\": \"m{i}\", \"tags\": [\"a\", \"bb\", \"ccc\"], \"scores\": [1, 2, 3, 4, 5, 6, 7, 8, {i}], \"nested\": [[0.5, 1.5], []]}}"
        )?;
        i += 1;
    }
}

/// Reads one request (head, then its `Content-Length` body hashed piece by
/// piece) and answers: `extra` bytes of JSON (see [`write_extra_answer`]),
/// or a short JSON. Returns the bytes received, their hash and the length
/// of the answer.
fn serve(listener: TcpListener, extra: Option<usize>) -> (u64, u64, usize) {
    let Ok((mut stream, _)) = listener.accept() else {
        return (0, 0, 0);
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut head = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let (mut received, mut hasher) = (0u64, std::hash::DefaultHasher::new());
    let length = loop {
        let Ok(n) = stream.read(&mut buf) else { return (0, 0, 0) };
        if n == 0 || head.len() > 64 * 1024 {
            return (0, 0, 0);
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
            let length: u64 = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            let body = &head[end + 4..];
            hasher.write(body);
            received += body.len() as u64;
            break length;
        }
    };
    while received < length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                hasher.write(&buf[..n]);
                received += n as u64;
            }
        }
    }
    let answered = match extra {
        Some(size) => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            );
            write_extra_answer(&mut stream, size).unwrap_or(0)
        }
        None => {
            let answer = br#"{"media": [{"id": "m1"}]}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                answer.len()
            );
            let _ = stream.write_all(answer);
            answer.len()
        }
    };
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.read(&mut buf);
    (received, hasher.finish(), answered)
}

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).cloned().unwrap_or_else(|| "file".into());
    let size = args.get(2).and_then(|a| a.parse::<usize>().ok()).unwrap_or(64) << 20;
    let dir = std::path::PathBuf::from(args.get(3).cloned().unwrap_or_else(|| ".".into()));
    let path = dir.join("peak-upload.bin");
    let (mut sent, mut sent_hash) = (0u64, std::hash::DefaultHasher::new());
    if mode == "file" {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create the file"));
        let mut block = vec![0u8; 64 * 1024];
        while (sent as usize) < size {
            let n = block.len().min(size - sent as usize);
            for (j, b) in block[..n].iter_mut().enumerate() {
                *b = pattern(sent as usize + j);
            }
            file.write_all(&block[..n]).expect("write the file");
            sent_hash.write(&block[..n]);
            sent += n as u64;
        }
        file.flush().expect("flush");
    }
    let extra = (mode == "extra").then_some(size);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    let server = std::thread::spawn(move || serve(listener, extra));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let outcome = runtime.block_on(async {
        let client = Client::builder()
            .base_url(format!("http://127.0.0.1:{port}/v1"))
            .bearer_token("peak-upload")
            .timeout(Duration::from_secs(60))
            .build()
            .expect("the client builds");
        let upload: Upload = match mode.as_str() {
            "file" => Upload::file(&path).await.expect("the file opens"),
            "bytes" => {
                let bytes: Vec<u8> = (0..size).map(pattern).collect();
                sent_hash.write(&bytes);
                sent = bytes.len() as u64;
                bytes.into()
            }
            _ => {
                sent_hash.write(b"data");
                sent = 4;
                b"data".into()
            }
        };
        client.upload_media(upload, UploadMediaContentType::ImageJpeg).await
    });
    let _ = std::fs::remove_file(&path);
    let (received, received_hash, body_len) = server.join().unwrap_or((0, 0, 0));
    match outcome {
        Ok(answer) => {
            let decoded = answer.media.map_or(0, |m| m.len());
            println!(
                "sent={sent} received={received} sent_hash={} received_hash={received_hash} decoded={decoded} body={body_len} peak_kib={}",
                sent_hash.finish(),
                peak_kib()
            );
        }
        Err(e) => println!("error: {e}"),
    }
}
