//! The generated client's memory stays bounded whatever the server sends:
//! huge and endless bodies stop at the body size limit, error pages are read
//! only in part, a compression bomb stops at the limit after decompression.
//! Errors say why, safely: transport errors name their root cause, excerpts
//! escape control characters, credentials a header cannot carry are refused
//! when set. Servers are raw loopback sockets (`oagen_tests::raw_server`).

use oagen_tests::raw_server::{write_chunked, RawServer};
use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use whatsapp_business_api::{Client, Error, DEFAULT_MAX_BODY_SIZE};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MIB: usize = 1024 * 1024;

/// `GetProfilePhoto`'s image, read whole: the call answers once the head
/// arrived, the body is read by `bytes` (both within the limit).
trait Photo {
    async fn photo(&self) -> Result<Vec<u8>, Error>;
}

impl Photo for Client {
    async fn photo(&self) -> Result<Vec<u8>, Error> {
        self.get_profile_photo_image_jpeg(None).await?.bytes().await
    }
}

fn client(base_url: &str, limit: Option<usize>) -> Client {
    let mut builder = Client::builder()
        .base_url(base_url)
        .bearer_token("bodies-token")
        .timeout(Duration::from_secs(10));
    if let Some(limit) = limit {
        builder = builder.max_body_size(limit);
    }
    builder.build().expect("the client builds")
}

/// A server answering once with `head` (status line and headers, no blank
/// line) and `total` body bytes of `fill`, chunked.
fn chunked_server(head: &'static str, fill: u8, total: usize) -> RawServer {
    RawServer::start(
        1,
        Box::new(move |stream, written| {
            write!(stream, "{head}\r\nTransfer-Encoding: chunked\r\n\r\n")?;
            write_chunked(stream, &[fill; 64 * 1024], total, written)
        }),
    )
}

fn expect_too_large(err: Error, limit: usize) {
    match &err {
        Error::BodyTooLarge {
            operation,
            status,
            limit: reported,
        } => {
            assert_eq!((*operation, *status, *reported), ("GetProfilePhoto", 200, limit));
        }
        other => panic!("expected Error::BodyTooLarge, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("GetProfilePhoto") && text.contains(&limit.to_string()),
        "{text}"
    );
}

#[test]
fn the_default_limit_is_32_mib() {
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 32 * MIB);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announced_body_over_the_limit_is_refused_before_reading() {
    let server = RawServer::start(
        1,
        Box::new(|stream, written| {
            let size = 200 * MIB;
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {size}\r\n\r\n"
            )?;
            let block = [0xA5u8; 64 * 1024];
            for _ in 0..size / block.len() {
                stream.write_all(&block)?;
                written.fetch_add(block.len(), Ordering::Relaxed);
            }
            Ok(())
        }),
    );
    let err = client(&server.base_url(), None)
        .photo()
        .await
        .expect_err("200 MiB is over the limit");
    expect_too_large(err, DEFAULT_MAX_BODY_SIZE);
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_body_stops_at_the_limit() {
    let limit = 2 * MIB;
    // 4 GiB would take minutes to send: the client must stop long before.
    let server = chunked_server("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg", 0xA5, 4096 * MIB);
    let started = Instant::now();
    let err = client(&server.base_url(), Some(limit))
        .photo()
        .await
        .expect_err("endless");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped after {:?}",
        started.elapsed()
    );
    expect_too_large(err, limit);
    let written = server.written();
    drop(server);
    assert!(
        written < 64 * MIB,
        "the client stopped reading early; the server wrote {written} bytes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_at_the_limit_is_read_and_a_per_call_limit_raises_it() {
    let body = 3 * MIB;
    let server = RawServer::start(
        2,
        Box::new(move |stream, written| {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
            )?;
            write_chunked(stream, &[7u8; 64 * 1024], body, written)
        }),
    );
    let client = client(&server.base_url(), Some(2 * MIB));
    let err = client.photo().await.expect_err("3 MiB is over 2 MiB");
    expect_too_large(err, 2 * MIB);
    let got = client
        .with_max_body_size(body)
        .photo()
        .await
        .expect("3 MiB is within 3 MiB");
    assert_eq!(got.len(), body);
    assert!(got.iter().all(|b| *b == 7));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn download_streams_to_a_writer_a_file_and_chunk_by_chunk() {
    let body = 3 * MIB;
    let server = RawServer::start(
        3,
        Box::new(move |stream, written| {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
            )?;
            write_chunked(stream, &[9u8; 64 * 1024], body, written)
        }),
    );
    let client = client(&server.base_url(), Some(4 * MIB));
    let download = client
        .get_profile_photo_image_jpeg(None)
        .await
        .expect("the head arrives");
    assert_eq!(download.content_type.as_deref(), Some("image/jpeg"));
    let mut sink: Vec<u8> = Vec::new();
    let written = download.write_to(&mut sink).await.expect("the body is written");
    assert_eq!((written as usize, sink.len()), (body, body));
    assert!(sink.iter().all(|b| *b == 9));

    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-bodies-download.bin");
    let saved = client
        .get_profile_photo_image_jpeg(None)
        .await
        .expect("head")
        .save(&path)
        .await
        .expect("saved");
    let on_disk = std::fs::metadata(&path).expect("the file exists").len();
    std::fs::remove_file(&path).expect("remove the file");
    assert_eq!((saved as usize, on_disk as usize), (body, body));

    let mut download = client.get_profile_photo_image_jpeg(None).await.expect("head");
    let (mut total, mut pieces) = (0, 0);
    while let Some(chunk) = download.chunk().await.expect("a chunk") {
        total += chunk.len();
        pieces += 1;
    }
    assert_eq!(total, body);
    assert!(pieces > 1, "the body came in {pieces} pieces");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_download_to_a_writer_stops_at_the_limit() {
    let limit = 2 * MIB;
    let server = chunked_server("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg", 0xA5, 4096 * MIB);
    let started = Instant::now();
    let download = client(&server.base_url(), Some(limit))
        .get_profile_photo_image_jpeg(None)
        .await
        .expect("head");
    let mut sink: Vec<u8> = Vec::new();
    let err = download.write_to(&mut sink).await.expect_err("endless");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped after {:?}",
        started.elapsed()
    );
    expect_too_large(err, limit);
    assert!(sink.len() <= limit, "wrote {} bytes", sink.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_error_page_is_an_api_error_read_in_part() {
    let server = chunked_server(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html",
        b'x',
        4096 * MIB,
    );
    let started = Instant::now();
    let err = client(&server.base_url(), None)
        .photo()
        .await
        .expect_err("a 500 is an error");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped after {:?}",
        started.elapsed()
    );
    match &err {
        Error::Api {
            status: 500,
            excerpt,
            body: None,
            ..
        } => {
            assert!(excerpt.starts_with("xxxx") && excerpt.ends_with("..."), "{excerpt}");
            assert!(excerpt.len() < 600, "{} bytes", excerpt.len());
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let written = server.written();
    drop(server);
    assert!(written < 64 * MIB, "the server wrote {written} bytes");
}

/// A gzip stream of `blocks` MiB of zeros, built from one compressed MiB
/// repeated (each copy is a run of complete, byte-aligned deflate blocks),
/// so a 512 MiB bomb costs milliseconds to make and about 0.5 MiB to send.
fn gzip_zeros(blocks: usize) -> Vec<u8> {
    let zeros = vec![0u8; MIB];
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(64 * 1024);
    deflate
        .compress_vec(&zeros, &mut block, flate2::FlushCompress::Sync)
        .expect("compress");
    assert_eq!(deflate.total_in(), MIB as u64, "the whole MiB fits the output buffer");
    let mut crc = flate2::Crc::new();
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    for _ in 0..blocks {
        out.extend_from_slice(&block);
        crc.update(&zeros);
    }
    // A final, empty block with fixed codes, then CRC-32 and size.
    out.extend_from_slice(&[0x03, 0x00]);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    out
}

fn gzip_server(body: Vec<u8>) -> RawServer {
    RawServer::start(
        1,
        Box::new(move |stream, written| {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Encoding: gzip";
            write!(stream, "{head}\r\nContent-Length: {}\r\n\r\n", body.len())?;
            stream.write_all(&body)?;
            written.fetch_add(body.len(), Ordering::Relaxed);
            Ok(())
        }),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_answer_is_decompressed_within_the_limit() {
    let server = gzip_server(gzip_zeros(3));
    let got = client(&server.base_url(), Some(4 * MIB))
        .photo()
        .await
        .expect("3 MiB fit");
    assert_eq!(got.len(), 3 * MIB);
    assert!(got.iter().all(|b| *b == 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_bomb_of_512_mib_stops_at_the_limit() {
    let bomb = gzip_zeros(512);
    assert!(
        bomb.len() < 4 * MIB,
        "the bomb is small on the wire: {} bytes",
        bomb.len()
    );
    let server = gzip_server(bomb);
    let started = Instant::now();
    let err = client(&server.base_url(), Some(8 * MIB))
        .photo()
        .await
        .expect_err("a bomb");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped after {:?}",
        started.elapsed()
    );
    expect_too_large(err, 8 * MIB);
}

// ---------------------------------------------------------------------------
// Errors say why, safely
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_chunking_is_a_transport_error_naming_the_root_cause() {
    let server = RawServer::start(
        1,
        Box::new(|stream, _| {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        }),
    );
    let err = client(&server.base_url(), None)
        .photo()
        .await
        .expect_err("broken chunk size");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let text = err.to_string();
    let root = {
        let mut cause: &dyn std::error::Error = &err;
        while let Some(next) = cause.source() {
            cause = next;
        }
        cause.to_string()
    };
    assert!(text.starts_with("GetProfilePhoto: request failed: "), "{text}");
    assert!(
        text.ends_with(&root),
        "Display ends with the root cause `{root}`: {text}"
    );
    assert!(
        text.to_lowercase().contains("chunk"),
        "the cause is the chunk size: {text}"
    );
}

async fn error_page(body: Vec<u8>) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/settings/profile/photo"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(body, "text/plain"))
        .mount(&server)
        .await;
    client(&format!("{}/v1", server.uri()), None)
        .photo()
        .await
        .expect_err("a 502")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn excerpts_escape_control_characters() {
    let err = error_page(b"bad gateway\x1b[2J\r\nforged: line\x07\x00end".to_vec()).await;
    let text = err.to_string();
    assert!(
        !text.chars().any(|c| c.is_control()),
        "no raw control character: {text:?}"
    );
    assert!(
        text.contains(r"bad gateway\u{1b}[2J\r\nforged: line\u{7}\u{0}end"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn excerpts_cut_at_a_character_boundary() {
    // 511 ASCII bytes, then `é` (2 bytes) across the 512-byte cut.
    let mut body = vec![b'a'; 511];
    body.extend_from_slice("ééé".as_bytes());
    let err = error_page(body).await;
    match &err {
        Error::Api { excerpt, .. } => {
            assert_eq!(
                excerpt,
                &format!("{}...", "a".repeat(511)),
                "no half character, no U+FFFD"
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[test]
fn token_with_cr_lf_is_refused_by_the_builder() {
    let err = Client::builder()
        .base_url("http://127.0.0.1:9/v1")
        .bearer_token("token\r\nX-Injected: 1")
        .build()
        .expect_err("CR/LF cannot travel in a header");
    assert!(
        matches!(&err, Error::InvalidHeaderValue { name } if name == "Authorization"),
        "{err:?}"
    );
    assert!(
        !err.to_string().contains("X-Injected"),
        "the secret is not printed: {err}"
    );
}

#[test]
fn token_with_cr_lf_is_refused_when_set_and_the_old_one_kept() {
    let client = client("http://127.0.0.1:9/v1", None);
    let err = client
        .set_bearer_token("new\ntoken", None)
        .expect_err("LF cannot travel in a header");
    assert!(matches!(err, Error::InvalidHeaderValue { .. }), "{err:?}");
    assert_eq!(
        client.bearer_token().map(|t| t.expose().to_string()).as_deref(),
        Some("bodies-token")
    );
    let err = Client::builder()
        .base_url("http://127.0.0.1:9/v1")
        .default_header("X-Api-Key", "key\r\n")
        .build()
        .expect_err("a default header with CR/LF");
    assert!(
        matches!(&err, Error::InvalidHeaderValue { name } if name == "x-api-key"),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_answer_with_a_cr_lf_token_is_an_error_and_stores_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/users/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"users": [{"token": "abc\r\nSet-Cookie: x=1", "expires_after": "2030"}]}),
        ))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .build()
        .expect("builds");
    let err = client
        .login("admin", "secret")
        .await
        .expect_err("the token cannot be used");
    assert!(matches!(err, Error::InvalidHeaderValue { .. }), "{err:?}");
    assert!(client.bearer_token().is_none());
}
