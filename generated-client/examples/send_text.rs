//! Log in to an on-premises WhatsApp Business API host and send a text message.
//!
//! ```sh
//! WA_BASE_URL=https://localhost:9090/v1 WA_USER=admin WA_PASSWORD=secret \
//!     WA_TO=16315551234 cargo run -p whatsapp-business-api --example send_text
//! ```
//!
//! Set `WA_CA_PEM` to the path of the host's self-signed certificate to trust it.

use std::time::Duration;
use whatsapp_business_api::types::{SendMessageRequestBody, Text};
use whatsapp_business_api::{Client, Error, RetryPolicy};

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Client::builder()
        .base_url(env("WA_BASE_URL", "https://localhost:9090/v1"))
        .timeout(Duration::from_secs(20))
        .retry(RetryPolicy::exponential(3));
    if let Ok(path) = std::env::var("WA_CA_PEM") {
        builder = builder.add_root_certificate(std::fs::read(path)?);
    }
    let client = builder.build()?;

    // Exchanges the admin credentials for a bearer token the client keeps.
    client
        .login(&env("WA_USER", "admin"), &env("WA_PASSWORD", "secret"))
        .await?;
    println!("logged in; token expires {:?}", client.bearer_token_expires());

    let message = SendMessageRequestBody::new(env("WA_TO", "16315551234"))
        .with_text(Text::new("Hello from Rust!".to_string()))
        .with_preview_url(false);
    match client.send_message(&message).await {
        Ok(sent) => {
            for m in sent.messages.unwrap_or_default() {
                println!("sent message {:?}", m.id);
            }
        }
        // The API's own error body, when the server sent one.
        Err(Error::Api {
            status,
            body: Some(body),
            ..
        }) => {
            for e in body.errors.iter().flatten() {
                eprintln!("rejected ({status}): {:?} {:?} {:?}", e.code, e.title, e.details);
            }
        }
        Err(other) => eprintln!("send failed: {other}"),
    }
    Ok(())
}
