//! Credentials and how each security scheme applies them.

use super::client::{Client, Op};
use crate::error::Error;

/// How a security scheme is applied.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Scheme {
    Bearer,
    Basic,
    ApiKeyHeader(&'static str),
    ApiKeyQuery(&'static str),
    ApiKeyCookie(&'static str),
}

/// A secret string: compared and cloned like a string, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Prints `"***"` in place of a secret field.
#[doc(hidden)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// The credentials the client holds. Printing them shows no secret.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub bearer: Option<Secret>,
    /// When the bearer token stops being valid, as the server wrote it.
    pub bearer_expires: Option<String>,
    pub basic: Option<(String, Secret)>,
    /// API keys by security scheme name.
    pub api_keys: std::collections::BTreeMap<String, Secret>,
}

/// Checks that `value` can travel in a header: printable ASCII, no CR, LF
/// or other control characters. Checked when a credential is set, so a bad
/// token fails there, not on a later call.
pub(crate) fn check_header_value(name: &str, value: &str) -> Result<(), Error> {
    match reqwest::header::HeaderValue::from_str(value) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::InvalidHeaderValue { name: name.to_string() }),
    }
}

/// Checks a credential as the scheme `scheme` would send it (basic
/// credentials travel base64-encoded and query keys percent-encoded, so
/// only header and cookie values are restricted).
pub(crate) fn check_credential(scheme: Option<Scheme>, value: &str) -> Result<(), Error> {
    match scheme {
        Some(Scheme::Bearer) => check_header_value("Authorization", value),
        Some(Scheme::ApiKeyHeader(header)) => check_header_value(header, value),
        Some(Scheme::ApiKeyCookie(cookie)) => check_header_value(cookie, value),
        Some(Scheme::Basic | Scheme::ApiKeyQuery(_)) => Ok(()),
        None => check_header_value("an API key", value),
    }
}

impl Credentials {
    /// Every credential `build` and the setters would refuse.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if let Some(token) = &self.bearer {
            check_credential(Some(Scheme::Bearer), token.expose())?;
        }
        for (scheme, key) in &self.api_keys {
            check_credential(scheme_of(scheme), key.expose())?;
        }
        Ok(())
    }

    /// Adds the credentials of the first of `op`'s security alternatives
    /// whose every scheme has a credential; API keys sent as cookies go to
    /// `cookies` (the request carries one `Cookie` header).
    pub(crate) fn apply(
        &self,
        op: &Op,
        mut rb: reqwest::RequestBuilder,
        cookies: &mut Vec<String>,
    ) -> reqwest::RequestBuilder {
        let has = |name: &str| match scheme_of(name) {
            Some(Scheme::Bearer) => self.bearer.is_some(),
            Some(Scheme::Basic) => self.basic.is_some(),
            Some(Scheme::ApiKeyHeader(_) | Scheme::ApiKeyQuery(_) | Scheme::ApiKeyCookie(_)) => {
                self.api_keys.contains_key(name)
            }
            None => false,
        };
        let Some(chosen) = op.security.iter().find(|set| set.iter().all(|s| has(s))) else {
            return rb;
        };
        for name in chosen.iter() {
            let key = self.api_keys.get(*name).map(Secret::expose);
            match (scheme_of(name), key) {
                (Some(Scheme::Bearer), _) => {
                    if let Some(t) = &self.bearer {
                        rb = rb.bearer_auth(t.expose());
                    }
                }
                (Some(Scheme::Basic), _) => {
                    if let Some((u, p)) = &self.basic {
                        rb = rb.basic_auth(u, Some(p.expose()));
                    }
                }
                (Some(Scheme::ApiKeyHeader(header)), Some(k)) => rb = rb.header(header, k),
                (Some(Scheme::ApiKeyQuery(param)), Some(k)) => rb = rb.query(&[(param, k)]),
                (Some(Scheme::ApiKeyCookie(cookie)), Some(k)) => cookies.push(format!("{cookie}={k}")),
                _ => {}
            }
        }
        rb
    }
}

impl Client {
    pub(super) fn read_credentials(&self) -> std::sync::RwLockReadGuard<'_, Credentials> {
        self.inner.credentials.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write_credentials(&self) -> std::sync::RwLockWriteGuard<'_, Credentials> {
        self.inner.credentials.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sets the bearer token used by operations that take bearer auth
    /// (shared by all clones of this client).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeaderValue`] when the token holds characters a
    /// header cannot carry (CR, LF, other control characters, non-ASCII);
    /// the credentials are then left as they were.
    pub fn set_bearer_token(&self, token: impl Into<String>, expires: Option<String>) -> Result<(), Error> {
        let token = token.into();
        check_credential(Some(Scheme::Bearer), &token)?;
        let mut c = self.write_credentials();
        c.bearer = Some(Secret::new(token));
        c.bearer_expires = expires;
        Ok(())
    }

    /// The current bearer token, if any.
    pub fn bearer_token(&self) -> Option<Secret> {
        self.read_credentials().bearer.clone()
    }

    /// When the current bearer token expires, as the server wrote it.
    pub fn bearer_token_expires(&self) -> Option<String> {
        self.read_credentials().bearer_expires.clone()
    }

    pub fn set_basic_auth(&self, username: impl Into<String>, password: impl Into<String>) {
        self.write_credentials().basic = Some((username.into(), Secret::new(password)));
    }

    /// Sets the key of an API-key security scheme, by scheme name; the
    /// generated `set_<scheme>` methods call this.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeaderValue`] when the scheme sends the key in a
    /// header or cookie and the key holds characters a header cannot carry.
    #[doc(hidden)]
    pub fn set_scheme_key(&self, scheme: &str, key: impl Into<String>) -> Result<(), Error> {
        let key = key.into();
        check_credential(scheme_of(scheme), &key)?;
        self.write_credentials().api_keys.insert(scheme.to_string(), Secret::new(key));
        Ok(())
    }

    /// Forgets every credential.
    pub fn clear_credentials(&self) {
        *self.write_credentials() = Credentials::default();
    }

    /// The request with the client's credentials for `op` (cookies added to `cookies`).
    pub(crate) fn apply_auth(
        &self,
        op: &Op,
        rb: reqwest::RequestBuilder,
        cookies: &mut Vec<String>,
    ) -> reqwest::RequestBuilder {
        self.read_credentials().apply(op, rb, cookies)
    }
}

fn scheme_of(name: &str) -> Option<Scheme> {
    crate::client::SECURITY_SCHEMES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}
