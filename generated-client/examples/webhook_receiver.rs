//! A minimal webhook receiver: accepts `POST` requests on 127.0.0.1:8080 and
//! parses each body into a typed [`WebhookEvent`].
//!
//! ```sh
//! cargo run -p whatsapp-business-api --example webhook_receiver
//! curl -d '{"messages":[{"from":"16315551234","id":"ABGG","timestamp":"1518694235","type":"text","text":{"body":"hi"}}]}' \
//!     http://127.0.0.1:8080/
//! ```
//!
//! It speaks just enough HTTP/1.1 for the sketch (one request per
//! connection, `Content-Length` bodies); put it behind a real HTTP server or
//! framework in production.

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use whatsapp_business_api::types::WebhookEvent;
use whatsapp_business_api::webhooks;

fn handle(event: &WebhookEvent) {
    for message in event.messages.iter().flatten() {
        let text = message.text.as_ref().and_then(|t| t.body.as_deref());
        println!(
            "message {:?} from {:?} ({:?}): {:?}",
            message.id, message.from, message.type_, text
        );
    }
    for status in event.statuses.iter().flatten() {
        println!("status of {:?}: {:?}", status.id, status.status);
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:8080").await?;
    println!("listening on http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            let mut line = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                let header = line.trim_end();
                if header.is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut body = vec![0; length.min(1 << 20)];
            if reader.read_exact(&mut body).await.is_err() {
                return;
            }
            let status = match webhooks::parse_event(&body) {
                Ok(event) => {
                    handle(&event);
                    "200 OK"
                }
                Err(err) => {
                    eprintln!("rejected webhook: {err}");
                    "400 Bad Request"
                }
            };
            let reply = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = reader.get_mut().write_all(reply.as_bytes()).await;
        });
    }
}
