//! A team's own cluster identity: the user (and password, or API key) the cluster knows
//! the team as, sealed at rest with [`crate::secrets::SecretBox`] and bound to the team's
//! id. Only the `Authorization` header it makes leaves this module, for
//! [`crate::api::Ctx::cluster`]; no answer ever carries the secret.

use reqwest::header::HeaderValue;

use super::TeamService;
use crate::{
    cluster::transport::Credentials,
    error::{ApiError, ApiResult},
    secrets::SecretBox,
};

impl TeamService {
    /// Stores `team_id`'s identity: `username` with the sealed `secret` (a password), or
    /// no username and an API key.
    pub async fn set_cluster_identity(&self, team_id: &str, username: Option<&str>, secret: &str, secrets: &SecretBox) -> ApiResult<()> {
        let sealed = secrets.seal(secret.as_bytes(), team_id)?;
        let done = sqlx::query("UPDATE teams SET cluster_username = ?, cluster_secret = ? WHERE id = ?").bind(username).bind(sealed).bind(team_id).execute(&self.db).await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::not_found("No such team."));
        }
        Ok(())
    }

    pub async fn remove_cluster_identity(&self, team_id: &str) -> ApiResult<()> {
        let done = sqlx::query("UPDATE teams SET cluster_username = NULL, cluster_secret = NULL WHERE id = ?").bind(team_id).execute(&self.db).await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::not_found("No such team."));
        }
        Ok(())
    }

    /// The `Authorization` header of `team_id`'s identity, if it has one.
    pub async fn cluster_authorization(&self, team_id: &str, secrets: &SecretBox) -> ApiResult<Option<HeaderValue>> {
        let row: Option<(Option<String>, Option<Vec<u8>>)> =
            sqlx::query_as("SELECT cluster_username, cluster_secret FROM teams WHERE id = ?").bind(team_id).fetch_optional(&self.db).await?;
        let Some((username, Some(sealed))) = row else { return Ok(None) };
        let secret = String::from_utf8(secrets.open(&sealed, team_id)?).map_err(ApiError::internal)?;
        let credentials = match &username {
            Some(username) => Credentials::Basic { username, password: &secret },
            None => Credentials::ApiKey(&secret),
        };
        credentials.header().map(Some).map_err(|e| ApiError::internal(e.to_string()))
    }
}
