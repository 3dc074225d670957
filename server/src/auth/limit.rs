//! Sign-in attempts are rate-limited per account and per address (a password guesser gets
//! a handful of tries, then waits), with `governor`'s keyed GCRA limiters.

use std::{net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Clone)]
pub struct SignInLimits {
    per_account: Arc<DefaultKeyedRateLimiter<String>>,
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

/// A burst of `burst`, then one more every `every`.
fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every).expect("a positive period").allow_burst(NonZeroU32::new(burst).expect("a positive burst"))
}

impl Default for SignInLimits {
    fn default() -> Self {
        SignInLimits {
            // 10 tries, then one per minute, for one account from anywhere…
            per_account: Arc::new(RateLimiter::keyed(quota(10, Duration::from_secs(60)))),
            // …and 30, then one every 10 s, from one address for any account.
            per_address: Arc::new(RateLimiter::keyed(quota(30, Duration::from_secs(10)))),
        }
    }
}

impl SignInLimits {
    /// Takes one attempt for `username` from `address`; `false` means wait.
    pub fn attempt(&self, username: &str, address: Option<IpAddr>) -> bool {
        let account_ok = self.per_account.check_key(&username.to_ascii_lowercase()).is_ok();
        let address_ok = address.is_none_or(|a| self.per_address.check_key(&a).is_ok());
        account_ok && address_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_ten_tries() {
        let limits = SignInLimits::default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..10 {
            assert!(limits.attempt("alice", Some(ip)));
        }
        assert!(!limits.attempt("Alice", Some(ip)), "names are limited case-insensitively");
        assert!(limits.attempt("bob", Some(ip)), "other accounts are not held up");
    }
}
