//! Passwords: argon2id hashes (the `argon2` crate's defaults, OWASP's recommendation), and
//! the one-time passwords the admin command generates.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};

use crate::error::{ApiError, ApiResult};

/// The shortest password a person may choose.
pub const MIN_LENGTH: usize = 12;
/// The longest: hashing is deliberately slow, and a megabyte "password" is an attack.
pub const MAX_LENGTH: usize = 256;

pub fn hash(password: &str) -> ApiResult<String> {
    check(password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(ApiError::internal)
}

/// Whether `password` matches `stored`. A malformed stored hash matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    if password.len() > MAX_LENGTH {
        return false;
    }
    PasswordHash::new(stored).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

pub fn check(password: &str) -> ApiResult<()> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(ApiError::field("password", format!("Must be at least {MIN_LENGTH} characters.")));
    }
    if password.len() > MAX_LENGTH {
        return Err(ApiError::field("password", format!("Must be at most {MAX_LENGTH} bytes.")));
    }
    Ok(())
}

/// A password to hand over once (the first administrator's): 24 random URL-safe characters.
pub fn generate() -> String {
    super::secret::random()[..24].to_owned()
}

/// A hash to verify against when the account does not exist, so a wrong user name takes as
/// long as a wrong password and does not reveal which accounts exist.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(&generate()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_refuse() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterY", &h));
        assert!(!verify("x", "not a hash"));
        assert!(hash("short").is_err());
        assert!(hash(&"x".repeat(MAX_LENGTH + 1)).is_err());
        assert!(!verify(&"x".repeat(10_000), &h));
    }
}
