//! A team's own templates (`team_templates`): saved from one of the team's drafts, listed
//! in the gallery for the team's members only, used like a built-in template (its id is
//! `team:<id>`). Another team's template is unknown, never forbidden.

use app::{api::TemplateInfo, model::MonitorDraft};

use super::TeamService;
use crate::{
    db::now,
    error::{ApiError, ApiResult},
};

/// The prefix that tells a team template's id from a built-in one.
pub const PREFIX: &str = "team:";

impl TeamService {
    pub async fn templates(&self, team_id: &str) -> ApiResult<Vec<TemplateInfo>> {
        let rows: Vec<(String, String, String, String)> =
            sqlx::query_as("SELECT id, title, description, author FROM team_templates WHERE team_id = ? ORDER BY title").bind(team_id).fetch_all(&self.db).await?;
        Ok(rows
            .into_iter()
            .map(|(id, title, description, author)| TemplateInfo { id: format!("{PREFIX}{id}"), title, description, category: format!("Team template, by {author}") })
            .collect())
    }

    /// The document of team template `id` (without the prefix) of `team_id`.
    pub async fn template(&self, team_id: &str, id: &str) -> ApiResult<Option<MonitorDraft>> {
        let json: Option<String> = sqlx::query_scalar("SELECT document FROM team_templates WHERE id = ? AND team_id = ?").bind(id).bind(team_id).fetch_optional(&self.db).await?;
        json.map(|j| serde_json::from_str(&j).map_err(ApiError::internal)).transpose()
    }

    pub async fn save_template(&self, team_id: &str, title: &str, description: &str, document: &MonitorDraft, author: &str) -> ApiResult<TemplateInfo> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 128 || title.chars().any(char::is_control) {
            return Err(ApiError::field("title", "Must be 1 to 128 characters, without control characters."));
        }
        let description = description.trim();
        if description.chars().count() > 1000 || description.chars().any(|c| c.is_control() && c != '\n') {
            return Err(ApiError::field("description", "At most 1000 characters, without control characters."));
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        let done = sqlx::query(
            "INSERT INTO team_templates (id, team_id, title, description, document, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, title) DO NOTHING",
        )
        .bind(&id)
        .bind(team_id)
        .bind(title)
        .bind(description)
        .bind(serde_json::to_string(document).map_err(ApiError::internal)?)
        .bind(author)
        .bind(now())
        .execute(&self.db)
        .await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::Conflict { message: format!("The team has a template named {title:?} already."), errors: [("title".to_owned(), "Taken.".to_owned())].into() });
        }
        Ok(TemplateInfo { id: format!("{PREFIX}{id}"), title: title.to_owned(), description: description.to_owned(), category: format!("Team template, by {author}") })
    }

    pub async fn delete_template(&self, team_id: &str, id: &str) -> ApiResult<()> {
        let id = id.strip_prefix(PREFIX).unwrap_or(id);
        let done = sqlx::query("DELETE FROM team_templates WHERE id = ? AND team_id = ?").bind(id).bind(team_id).execute(&self.db).await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::not_found(format!("No team template {id:?}.")));
        }
        Ok(())
    }
}
