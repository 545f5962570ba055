//! How much one client, and everyone together, may ask of the server: joins (each one
//! is a participant the facilitator has to account for) and wrong personal codes (each
//! one a guess at someone else's answers).
//!
//! Each limit is a bucket: it holds up to `burst` and refills at `per_minute`. A room
//! never notices one (a phone joins once; a shared laptop a few times), while a script
//! filling the folder, or guessing codes, is stopped after the burst.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Joins one client address may make at once (then one a minute): a laptop passed
/// round a table of eight, or a participant who lost their session twice, stay under it.
pub const JOINS_PER_CLIENT: u32 = 10;
/// Participants the server takes in total (`--max-participants`): a large room.
pub const MAX_PARTICIPANTS: usize = 2000;
/// Wrong personal codes one client may type at once (then one a minute).
const WRONG_CODES_PER_CLIENT: f64 = 10.0;
/// Wrong personal codes from everyone together (then 20 a minute): with a thousand
/// participants and 8-letter codes, a day of guessing at that rate finds one with a
/// chance of about 3 in 100,000.
const WRONG_CODES_TOTAL: f64 = 200.0;
/// Clients remembered at most; past it, those whose buckets are full again are
/// forgotten (they have nothing held against them).
const CLIENTS_KEPT: usize = 20_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    level: f64,
    at: Instant,
}

impl Bucket {
    fn full(burst: f64, now: Instant) -> Self {
        Bucket {
            level: burst,
            at: now,
        }
    }

    fn refill(&mut self, burst: f64, per_minute: f64, now: Instant) {
        let gained = now.duration_since(self.at).as_secs_f64() * per_minute / 60.0;
        self.level = (self.level + gained).min(burst);
        self.at = now;
    }

    /// Takes one if there is one.
    fn take(&mut self, burst: f64, per_minute: f64, now: Instant) -> bool {
        self.refill(burst, per_minute, now);
        if self.level >= 1.0 {
            self.level -= 1.0;
            true
        } else {
            false
        }
    }
}

/// One bucket per client address.
struct PerClient {
    burst: f64,
    per_minute: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl PerClient {
    fn new(burst: f64, per_minute: f64) -> Self {
        PerClient {
            burst,
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn take(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(mut b) = self.buckets.lock() else {
            return false;
        };
        if b.len() >= CLIENTS_KEPT && !b.contains_key(&ip) {
            let (burst, rate) = (self.burst, self.per_minute);
            b.retain(|_, k| {
                k.refill(burst, rate, now);
                k.level < burst
            });
            if b.len() >= CLIENTS_KEPT {
                return false;
            }
        }
        b.entry(ip)
            .or_insert_with(|| Bucket::full(self.burst, now))
            .take(self.burst, self.per_minute, now)
    }

    /// Whether the client has one left, without taking it.
    fn has(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(mut b) = self.buckets.lock() else {
            return false;
        };
        match b.get_mut(&ip) {
            Some(k) => {
                k.refill(self.burst, self.per_minute, now);
                k.level >= 1.0
            }
            None => true,
        }
    }
}

/// The server's limits.
pub struct Limits {
    pub max_participants: usize,
    joins: PerClient,
    wrong_codes: PerClient,
    wrong_codes_total: Mutex<Bucket>,
}

impl Limits {
    /// `joins_per_client`: the burst of joins one address may make (one a minute after).
    pub fn new(max_participants: usize, joins_per_client: u32) -> Self {
        let now = Instant::now();
        Limits {
            max_participants,
            joins: PerClient::new(f64::from(joins_per_client.max(1)), 1.0),
            wrong_codes: PerClient::new(WRONG_CODES_PER_CLIENT, 1.0),
            wrong_codes_total: Mutex::new(Bucket::full(WRONG_CODES_TOTAL, now)),
        }
    }

    /// Takes one join for `ip`; false when it has made too many.
    pub fn join(&self, ip: IpAddr) -> bool {
        self.joins.take(ip, Instant::now())
    }

    /// Whether `ip` may try a personal code now (it has wrong guesses left, and so has
    /// everyone together).
    pub fn may_try_code(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let total = match self.wrong_codes_total.lock() {
            Ok(mut t) => {
                t.refill(WRONG_CODES_TOTAL, 20.0, now);
                t.level >= 1.0
            }
            Err(_) => false,
        };
        total && self.wrong_codes.has(ip, now)
    }

    /// Counts a wrong personal code against `ip` and against everyone.
    pub fn wrong_code(&self, ip: IpAddr) {
        let now = Instant::now();
        self.wrong_codes.take(ip, now);
        if let Ok(mut t) = self.wrong_codes_total.lock() {
            t.take(WRONG_CODES_TOTAL, 20.0, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_a_minute() {
        let l = PerClient::new(3.0, 1.0);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| l.take(ip, t0)));
        assert!(!l.take(ip, t0));
        // Another client is not affected.
        assert!(l.take("10.0.0.2".parse().unwrap(), t0));
        let later = t0 + std::time::Duration::from_secs(61);
        assert!(l.take(ip, later));
        assert!(!l.take(ip, later));
    }

    #[test]
    fn wrong_codes_stop_a_client_but_not_its_neighbours() {
        let l = Limits::new(10, 1);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..10 {
            assert!(l.may_try_code(ip));
            l.wrong_code(ip);
        }
        assert!(!l.may_try_code(ip));
        assert!(l.may_try_code("10.0.0.2".parse().unwrap()));
    }
}
