//! Secrets kept at rest in the database (a team's cluster credentials) are sealed here:
//! XChaCha20-Poly1305 with a random nonce, and the owner's id as associated data, so a
//! sealed value copied to another row does not open. The 32-byte key lives in a file
//! (`MONITOR_STUDIO_SECRET_KEY_FILE`; default `secret.key` beside the SQLite file), made
//! with mode 0600 on first start; a database copied without it reveals nothing.

use std::path::{Path, PathBuf};

use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, Payload},
};

use crate::error::{ApiError, ApiResult};

const NONCE_LEN: usize = 24;

#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl SecretBox {
    /// Reads the key from `path`, or makes one there (0600) if there is none.
    pub fn load_or_create(path: &Path) -> std::io::Result<SecretBox> {
        let key = match std::fs::read(path) {
            Ok(bytes) if bytes.len() == 32 => bytes,
            Ok(bytes) => return Err(std::io::Error::other(format!("{}: a secret key is 32 bytes, this file has {}", path.display(), bytes.len()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = vec![0u8; 32];
                getrandom::fill(&mut key).map_err(std::io::Error::other)?;
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                write_private(path, &key)?;
                tracing::info!(path = %path.display(), "made the key that seals secrets at rest");
                key
            }
            Err(e) => return Err(e),
        };
        Ok(SecretBox { cipher: XChaCha20Poly1305::new_from_slice(&key).map_err(std::io::Error::other)? })
    }

    /// `nonce || ciphertext` of `plain`, bound to `owner`.
    pub fn seal(&self, plain: &[u8], owner: &str) -> ApiResult<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(ApiError::internal)?;
        let sealed = self.cipher.encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad: owner.as_bytes() }).map_err(|_| ApiError::internal("sealing failed"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// The plain bytes of what [`Self::seal`] made for `owner`.
    pub fn open(&self, sealed: &[u8], owner: &str) -> ApiResult<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return Err(ApiError::internal("a sealed secret is too short"));
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: owner.as_bytes() })
            .map_err(|_| ApiError::internal("a sealed secret does not open with this server's key (MONITOR_STUDIO_SECRET_KEY_FILE)"))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// Where the key lives by default: beside the SQLite file of `database_url`.
pub fn default_key_file(database_url: &str) -> PathBuf {
    let file = database_url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let file = file.split('?').next().unwrap_or(file);
    Path::new(file).parent().map(|p| p.join("secret.key")).unwrap_or_else(|| PathBuf::from("secret.key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_for_their_owner_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("k/secret.key");
        let secrets = SecretBox::load_or_create(&key).unwrap();
        let sealed = secrets.seal(b"hunter2", "team-a").unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        assert_eq!(secrets.open(&sealed, "team-a").unwrap(), b"hunter2");
        assert!(secrets.open(&sealed, "team-b").is_err(), "bound to its owner");
        assert_eq!(SecretBox::load_or_create(&key).unwrap().open(&sealed, "team-a").unwrap(), b"hunter2", "the key is kept");
        let other = SecretBox::load_or_create(&dir.path().join("other.key")).unwrap();
        assert!(other.open(&sealed, "team-a").is_err(), "another key opens nothing");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(default_key_file("sqlite:///var/lib/ms/db.sqlite?mode=rwc"), PathBuf::from("/var/lib/ms/secret.key"));
    }
}
