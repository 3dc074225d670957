//! `/api/v1/drafts…`: thin handlers over [`DraftService`](super::DraftService).

use app::api::{CreateDraft, Draft, DraftList, ExportedMonitor, ImportDraft, RenameDraft, RestoreRevision, Revision, RevisionSummary, SaveDraft};
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    routing::{get, post},
};
use serde::Deserialize;

use crate::{
    AppState,
    error::ApiResult,
    json::{AppJson, AppQuery},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/drafts", get(list_drafts).post(create_draft))
        .route("/drafts/import", post(import_draft))
        .route("/drafts/{id}", get(find_draft).put(save_draft).delete(delete_draft))
        .route("/drafts/{id}/rename", post(rename_draft))
        .route("/drafts/{id}/duplicate", post(duplicate_draft))
        .route("/drafts/{id}/revisions", get(list_revisions))
        .route("/drafts/{id}/revisions/{version}", get(find_revision))
        .route("/drafts/{id}/restore", post(restore_revision))
        .route("/drafts/{id}/export", get(export_draft))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    #[serde(default)]
    search: String,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn list_drafts(State(state): State<AppState>, AppQuery(params): AppQuery<ListParams>) -> ApiResult<AppJson<DraftList>> {
    Ok(AppJson(state.drafts.list(&params.search, params.limit, params.offset).await?))
}

async fn create_draft(State(state): State<AppState>, AppJson(request): AppJson<CreateDraft>) -> ApiResult<(StatusCode, AppJson<Draft>)> {
    Ok((StatusCode::CREATED, AppJson(state.drafts.create(request).await?)))
}

async fn find_draft(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<Draft>> {
    Ok(AppJson(state.drafts.get(&id).await?))
}

async fn save_draft(State(state): State<AppState>, Path(id): Path<String>, AppJson(request): AppJson<SaveDraft>) -> ApiResult<AppJson<Draft>> {
    Ok(AppJson(state.drafts.save(&id, request).await?))
}

async fn delete_draft(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    state.drafts.delete(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn rename_draft(State(state): State<AppState>, Path(id): Path<String>, AppJson(request): AppJson<RenameDraft>) -> ApiResult<AppJson<Draft>> {
    Ok(AppJson(state.drafts.rename(&id, request).await?))
}

async fn duplicate_draft(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<(StatusCode, AppJson<Draft>)> {
    Ok((StatusCode::CREATED, AppJson(state.drafts.duplicate(&id).await?)))
}

async fn list_revisions(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<Vec<RevisionSummary>>> {
    Ok(AppJson(state.drafts.revisions(&id).await?))
}

async fn find_revision(State(state): State<AppState>, Path((id, version)): Path<(String, i64)>) -> ApiResult<AppJson<Revision>> {
    Ok(AppJson(state.drafts.revision(&id, version).await?))
}

async fn restore_revision(State(state): State<AppState>, Path(id): Path<String>, AppJson(request): AppJson<RestoreRevision>) -> ApiResult<AppJson<Draft>> {
    Ok(AppJson(state.drafts.restore(&id, request).await?))
}

async fn import_draft(State(state): State<AppState>, AppJson(request): AppJson<ImportDraft>) -> ApiResult<(StatusCode, AppJson<Draft>)> {
    Ok((StatusCode::CREATED, AppJson(state.drafts.import(request).await?)))
}

async fn export_draft(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<ExportedMonitor>> {
    Ok(AppJson(state.drafts.export(&id).await?))
}
