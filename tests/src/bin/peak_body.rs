//! Measures what a large answer costs the generated client: serves one
//! `image/jpeg` answer of N MiB on 127.0.0.1 and calls `GetProfilePhoto` for the image
//! once. Run under `/usr/bin/time -v` to read the peak resident set.
//!
//! Usage: `peak_body SIZE_MIB [chunked] [limit=MIB] [save=PATH]` (without
//! `limit`, the client's default body size limit applies; with `save`, the
//! body is streamed to the file at PATH, which is removed after, instead of
//! collected in memory).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use whatsapp_business_api::Client;

fn serve(listener: TcpListener, size: usize, chunked: bool) {
    let Ok((mut stream, _)) = listener.accept() else { return };
    let mut head = [0u8; 4096];
    let _ = stream.read(&mut head);
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {size}")
    };
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n{framing}\r\n\r\n"
    );
    let block = vec![0xA5u8; 1 << 16];
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len());
        let written = if chunked {
            write!(stream, "{n:x}\r\n")
                .and_then(|()| stream.write_all(&block[..n]))
                .and_then(|()| stream.write_all(b"\r\n"))
        } else {
            stream.write_all(&block[..n])
        };
        if written.is_err() {
            return;
        }
        left -= n;
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mib: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let chunked = args.iter().any(|a| a == "chunked");
    let limit: Option<usize> = args.iter().find_map(|a| a.strip_prefix("limit=")?.parse().ok());
    let save: Option<String> = args.iter().find_map(|a| a.strip_prefix("save=").map(str::to_string));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    let server = std::thread::spawn(move || serve(listener, mib << 20, chunked));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let outcome = runtime.block_on(async {
        let mut builder = Client::builder();
        if let Some(limit) = limit {
            builder = builder.max_body_size(limit << 20);
        }
        let client = builder
            .base_url(format!("http://127.0.0.1:{port}/v1"))
            .bearer_token("peak-body")
            .timeout(Duration::from_secs(60))
            .build()
            .expect("the client builds");
        let download = client.get_profile_photo_image_jpeg(None).await?;
        match &save {
            Some(path) => {
                let written = download.save(path).await?;
                let _ = std::fs::remove_file(path);
                Ok(written as usize)
            }
            None => download.bytes().await.map(|b| b.len()),
        }
    });
    match outcome {
        Ok(read) => println!("read {read} bytes"),
        Err(e) => println!("error: {e}"),
    }
    drop(runtime);
    let _ = server.join();
}
