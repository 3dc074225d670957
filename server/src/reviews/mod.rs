//! Four-eyes publish: the review service alone owns the `review_requests` table. A request
//! freezes one revision of a draft; it is decided once (approved, rejected or withdrawn)
//! by one conditional update, so two reviewers deciding at once cannot both win. Whether a
//! request went stale (the draft was edited after it) is told by the drafts service;
//! publishing on approval is [`routes`]' job with [`crate::publish`].

pub mod routes;
mod webhook;

use app::{
    api::{Review, ReviewState},
    model::MonitorDraft,
};
use sqlx::{FromRow, SqlitePool};

use crate::{
    db::now,
    error::{ApiError, ApiResult},
};

#[derive(Clone)]
pub struct ReviewService {
    db: SqlitePool,
}

/// A request as stored; `stale` is filled in from the draft's current version.
#[derive(FromRow)]
struct ReviewRow {
    id: String,
    draft_id: String,
    version: i64,
    document: String,
    author: String,
    message: Option<String>,
    state: String,
    reviewer: Option<String>,
    comment: Option<String>,
    monitor_id: Option<String>,
    created_at: String,
    decided_at: Option<String>,
}

/// `SELECT <every column> FROM review_requests <rest>`, as a literal.
macro_rules! select {
    ($rest:literal) => {
        concat!("SELECT id, draft_id, version, document, author, message, state, reviewer, comment, monitor_id, created_at, decided_at FROM review_requests ", $rest)
    };
}

impl ReviewRow {
    fn document(&self) -> ApiResult<MonitorDraft> {
        serde_json::from_str(&self.document).map_err(|e| ApiError::internal(format!("review {} unreadable: {e}", self.id)))
    }

    fn review(self, current_version: Option<i64>) -> ApiResult<Review> {
        let state: ReviewState = self.state.parse().map_err(|_| ApiError::internal(format!("unknown review state {:?} in the database", self.state)))?;
        let name = self.document()?.name;
        Ok(Review {
            stale: state == ReviewState::Open && current_version != Some(self.version),
            id: self.id,
            draft_id: self.draft_id,
            name,
            version: self.version,
            author: self.author,
            message: self.message,
            state,
            reviewer: self.reviewer,
            comment: self.comment,
            monitor_id: self.monitor_id,
            created_at: self.created_at,
            decided_at: self.decided_at,
        })
    }
}

/// A request with its frozen revision.
pub struct Frozen {
    pub review: Review,
    pub document: MonitorDraft,
}

impl ReviewService {
    pub fn new(db: SqlitePool) -> Self {
        ReviewService { db }
    }

    /// Freezes `document` (draft `draft_id` at `version`) for review. An open request for
    /// the same draft that went stale is withdrawn by this one; a current one is a 409.
    pub async fn open(&self, team_id: &str, draft_id: &str, version: i64, document: &MonitorDraft, author: &str, message: Option<&str>) -> ApiResult<Review> {
        let mut tx = self.db.begin().await?;
        let open: Option<(String, i64)> = sqlx::query_as("SELECT id, version FROM review_requests WHERE draft_id = ? AND state = 'open'")
            .bind(draft_id)
            .fetch_optional(&mut *tx)
            .await?;
        let now = now();
        match open {
            Some((id, open_version)) if open_version == version => {
                return Err(ApiError::Conflict {
                    message: format!("Version {version} of this draft is already waiting for review (request {id})."),
                    errors: [("version".to_owned(), "Already under review.".to_owned())].into(),
                });
            }
            Some((id, _)) => {
                sqlx::query("UPDATE review_requests SET state = 'withdrawn', reviewer = ?, comment = 'superseded by a newer request', decided_at = ? WHERE id = ?")
                    .bind(author)
                    .bind(&now)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {}
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO review_requests (id, team_id, draft_id, version, document, author, message, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)",
        )
        .bind(&id)
        .bind(team_id)
        .bind(draft_id)
        .bind(version)
        .bind(serde_json::to_string(document).map_err(ApiError::internal)?)
        .bind(author)
        .bind(message)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(self.get(team_id, &id, Some(version)).await?.review)
    }

    /// Request `id` of team `team_id` (another team's is not found), with its revision.
    /// `current_version`: the draft's version now, to tell whether it went stale.
    pub async fn get(&self, team_id: &str, id: &str, current_version: Option<i64>) -> ApiResult<Frozen> {
        let row = sqlx::query_as::<_, ReviewRow>(select!("WHERE id = ? AND team_id = ?"))
            .bind(id)
            .bind(team_id)
            .fetch_optional(&self.db)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("Review request {id} not found.")))?;
        let document = row.document()?;
        Ok(Frozen { review: row.review(current_version)?, document })
    }

    /// The draft a request is about, for the caller to look up before [`Self::get`].
    pub async fn draft_of(&self, team_id: &str, id: &str) -> ApiResult<String> {
        sqlx::query_scalar("SELECT draft_id FROM review_requests WHERE id = ? AND team_id = ?")
            .bind(id)
            .bind(team_id)
            .fetch_optional(&self.db)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("Review request {id} not found.")))
    }

    /// The team's requests, newest first (at most 500), optionally in one state.
    /// `versions` gives each draft's current version.
    pub async fn list(&self, team_id: &str, state: Option<ReviewState>, versions: impl Fn(&str) -> Option<i64>) -> ApiResult<Vec<Review>> {
        let rows = sqlx::query_as::<_, ReviewRow>(select!("WHERE team_id = ? AND (? IS NULL OR state = ?) ORDER BY created_at DESC, id LIMIT 500"))
        .bind(team_id)
        .bind(state.map(<&str>::from))
        .bind(state.map(<&str>::from))
        .fetch_all(&self.db)
        .await?;
        rows.into_iter().map(|row| { let v = versions(&row.draft_id); row.review(v) }).collect()
    }


    /// Decides open request `id`: exactly one decision wins; a request decided meanwhile
    /// is a 409 saying how it was decided.
    pub async fn decide(&self, team_id: &str, id: &str, to: ReviewState, by: &str, comment: Option<&str>, monitor_id: Option<&str>) -> ApiResult<()> {
        let done = sqlx::query(
            "UPDATE review_requests SET state = ?, reviewer = ?, comment = ?, monitor_id = ?, decided_at = ? WHERE id = ? AND team_id = ? AND state = 'open'",
        )
        .bind(<&str>::from(to))
        .bind(by)
        .bind(comment)
        .bind(monitor_id)
        .bind(now())
        .bind(id)
        .bind(team_id)
        .execute(&self.db)
        .await?;
        if done.rows_affected() == 0 {
            let frozen = self.get(team_id, id, None).await?;
            return Err(already_decided(&frozen.review));
        }
        Ok(())
    }
}

/// The 409 for a request that is no longer open.
pub fn already_decided(review: &Review) -> ApiError {
    let by = review.reviewer.as_deref().map(|r| format!(" by {r}")).unwrap_or_default();
    ApiError::Conflict { message: format!("This review request was {}{by} already.", <&str>::from(review.state)), errors: Default::default() }
}
