//! Secrets, constant-time comparison, the headers every page carries, and the checks
//! that keep other sites from posting forms on a participant's behalf.

use crate::error::{Error, Result};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

/// Letters for the join code: no 0/O or 1/I/L, which people misread off a projector.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Join code length: 31^6 ≈ 887 million codes, against a server that refuses every
/// wrong one the same way. It only keeps strangers out of the room's session.
pub const CODE_LEN: usize = 6;

/// Random bytes from the operating system. Its generator failing is an error, never
/// a reason to fall back on something predictable.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| {
        Error::Input(format!(
            "the operating system's random generator failed: {e}"
        ))
    })?;
    Ok(b)
}

/// A 128-bit random value as 32 lowercase hex digits (participant tokens, secrets).
pub fn random_hex() -> Result<String> {
    Ok(hex(&random_bytes::<16>()?))
}

/// A short join code people can type from a screen.
pub fn join_code() -> Result<String> {
    // 256 is not a multiple of 31: rejection sampling keeps every letter equally likely.
    let limit = 256 - 256 % CODE_ALPHABET.len();
    let mut out = String::with_capacity(CODE_LEN);
    while out.len() < CODE_LEN {
        for b in random_bytes::<16>()? {
            if (b as usize) < limit && out.len() < CODE_LEN {
                out.push(CODE_ALPHABET[b as usize % CODE_ALPHABET.len()] as char);
            }
        }
    }
    Ok(out)
}

/// Personal code length: 31^8 ≈ 8.5 × 10^11 codes. With a thousand participants a
/// guess is right about once in 850 million; wrong guesses are limited per client and
/// in total (see `limits`), so guessing one in a workshop is not a realistic attack.
pub const PERSONAL_CODE_LEN: usize = 8;

/// Letters from `random` bytes, from the join code's alphabet, each equally likely.
fn code_from(bytes: &[u8], len: usize) -> Option<String> {
    let limit = 256 - 256 % CODE_ALPHABET.len();
    let out: String = bytes
        .iter()
        .filter(|&&b| (b as usize) < limit)
        .take(len)
        .map(|&b| CODE_ALPHABET[b as usize % CODE_ALPHABET.len()] as char)
        .collect();
    (out.len() == len).then_some(out)
}

/// A code as people type it: upper case, spaces and dashes dropped. `None` when it
/// cannot be one (wrong length or letters outside the alphabet).
pub fn normalise_code(typed: &str, len: usize) -> Option<String> {
    let c: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\t'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (c.len() == len && c.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(c)
}

/// A personal code shown the way people read it: `ABCD-EFGH`.
pub fn show_code(code: &str) -> String {
    if code.len() == PERSONAL_CODE_LEN && code.is_ascii() {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

/// The server's key: keyed hashes of tokens (so `.tandem-sessions` holds no usable
/// token), participants' personal codes and form tokens are all derived from it, so
/// that a restarted server, reading the key back, recognises every page it served.
#[derive(Clone)]
pub struct Keyed([u8; 32]);

impl Keyed {
    pub fn new(key: [u8; 32]) -> Self {
        Keyed(key)
    }

    /// HMAC-SHA-256 of `data` under the key, in the named domain (so a value made for
    /// one purpose is never valid for another).
    fn mac(&self, domain: &str, data: &[u8]) -> [u8; 32] {
        use hmac::{KeyInit, Mac};
        let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        m.update(domain.as_bytes());
        m.update(&[0]);
        m.update(data);
        m.finalize().into_bytes().into()
    }

    /// 128 bits of [`Keyed::mac`] as 32 hex digits.
    pub fn hash(&self, domain: &str, data: &str) -> String {
        hex(&self.mac(domain, data.as_bytes())[..16])
    }

    /// A participant's personal code (typed to get back to their answers).
    pub fn personal_code(&self, participant: &str) -> String {
        // 32 bytes always hold 8 letters: rejection drops at most 8 of 256 values.
        let mac = self.mac("personal-code", participant.as_bytes());
        code_from(&mac, PERSONAL_CODE_LEN).unwrap_or_else(|| hex(&mac[..4]).to_uppercase())
    }

    /// The form token of a participant's pages.
    pub fn csrf(&self, participant: &str) -> String {
        self.hash("csrf", participant)
    }

    /// A join form's ticket: random, with the server's signature, so a join page opened
    /// before a restart is still accepted after it.
    pub fn ticket(&self) -> Result<String> {
        let r = random_hex()?;
        Ok(format!("{r}.{}", self.hash("ticket", &r)))
    }

    pub fn valid_ticket(&self, t: &str) -> bool {
        match t.split_once('.') {
            Some((r, sig)) if r.len() == 32 => same(sig, &self.hash("ticket", r)),
            _ => false,
        }
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equality whose time does not depend on where the strings differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The participant cookie's name.
pub const COOKIE: &str = "tandem_p";

/// The participant token in the request's cookies, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value for a participant: not readable by scripts, not sent with
/// other sites' form posts, kept for a day (a workshop, and a phone switched off).
pub fn set_cookie(token: &str) -> String {
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400")
}

/// False when the browser says the post comes from another site (or hides where it
/// comes from: `Origin: null`). Browsers send `Origin` with every cross-site form
/// post; without it the CSRF token decides.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    !host.is_empty() && origin_host == host
}

/// Pages: nothing but our own stylesheet, no script, no framing, forms only to us.
pub const CSP_PAGES: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// The group report is the renderer's self-contained HTML (inline CSS and SVG, no
/// script): inline styles allowed, still no script and nothing fetched.
pub const CSP_REPORT: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers to every response; a handler's own CSP wins.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP_PAGES),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The facilitator's secret is in its address: never let it travel in a Referer to
    // another site. (`no-referrer` would also make browsers send `Origin: null` with
    // our own form posts, which the same-site check must refuse.)
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        // Answers are personal: no shared or back-button cache keeps them.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_alphabet() {
        let c = join_code().unwrap();
        assert_eq!(c.len(), CODE_LEN);
        assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_ne!(random_hex().unwrap(), random_hex().unwrap());
        assert_eq!(random_hex().unwrap().len(), 32);
    }

    #[test]
    fn personal_codes_tickets_and_typing() {
        let k = Keyed::new([7; 32]);
        let c = k.personal_code("3f2a9c1d");
        assert_eq!(c.len(), PERSONAL_CODE_LEN);
        assert_eq!(c, k.personal_code("3f2a9c1d"), "derived, so stable");
        assert_ne!(c, k.personal_code("3f2a9c1e"));
        assert_ne!(c, Keyed::new([8; 32]).personal_code("3f2a9c1d"));
        let typed = show_code(&c).to_lowercase();
        assert_eq!(normalise_code(&typed, PERSONAL_CODE_LEN), Some(c.clone()));
        assert_eq!(normalise_code("O0O0-1111", PERSONAL_CODE_LEN), None);
        let t = k.ticket().unwrap();
        assert!(k.valid_ticket(&t));
        assert!(!Keyed::new([8; 32]).valid_ticket(&t));
        assert!(!k.valid_ticket(&t.replace('.', "x")));
        assert_ne!(k.csrf("a"), k.csrf("b"));
        assert_ne!(k.hash("token", "a"), k.hash("csrf", "a"));
    }

    #[test]
    fn comparison() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }

    #[test]
    fn cookies_and_origins() {
        let mut h = HeaderMap::new();
        let t = "0123456789abcdef0123456789abcdef";
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("x=1; {COOKIE}={t}")).unwrap(),
        );
        assert_eq!(cookie_token(&h).as_deref(), Some(t));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("tandem_p=../../etc"),
        );
        assert_eq!(cookie_token(&h), None);
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h));
    }
}
