//! `/api/v1/drafts…`: thin handlers over [`DraftService`](super::DraftService), one per
//! operation of `app::api::ops` (registered in [`crate::routes`]), each on the current
//! team's drafts ([`Ctx::drafts`](crate::api::Ctx::drafts)).

use app::api::{Call, Draft, DraftList, ExportedMonitor, HistoryEntry, NoContent, Revision, RevisionDiff, RevisionSummary, TemplateInfo, ops};

use crate::{api::Ctx, embed::locks, error::ApiResult};

pub async fn list_drafts(state: Ctx, call: Call<ops::ListDrafts>) -> ApiResult<DraftList> {
    let q = call.query;
    state.drafts()?.list(&q.search, q.limit, q.offset).await
}

pub async fn create_draft(state: Ctx, call: Call<ops::CreateDraft>) -> ApiResult<Draft> {
    let drafts = state.drafts()?;
    // An embedded authoring page: the link's parameters filled in, its locks kept.
    if let Some(access) = locks::access(&state) {
        locks::check_create(access, &call.body)?;
        let document = match call.body.document {
            Some(document) => document,
            None => locks::prefilled(access, call.body.template.as_deref())?,
        };
        locks::check_document(access, &document)?;
        return drafts.insert(document, &format!("created in {}", access.app_name)).await;
    }
    // A team template: the team's own document (another team's is unknown).
    if let Some(id) = call.body.template.as_deref().and_then(|t| t.strip_prefix(crate::teams::templates::PREFIX)) {
        if call.body.document.is_some() {
            return Err(crate::error::ApiError::bad_request("Give either a template or a document, not both."));
        }
        let document = state.teams.template(&state.team()?.current.id, id).await?;
        let document = document.ok_or_else(|| crate::error::ApiError::field("template", format!("Unknown template: {PREFIX}{id}", PREFIX = crate::teams::templates::PREFIX)))?;
        return drafts.insert(document, &format!("created from team template {id}")).await;
    }
    drafts.create(call.body).await
}

pub async fn create_team_template(state: Ctx, call: Call<ops::CreateTeamTemplate>) -> ApiResult<TemplateInfo> {
    let mut document = state.drafts()?.get(&call.body.draft_id).await?.document;
    super::strip_cluster_ids(&mut document);
    let team = &state.team()?.current.id;
    state.teams.save_template(team, &call.body.title, &call.body.description, &document, &state.caller()?.user.username).await
}

pub async fn delete_team_template(state: Ctx, call: Call<ops::DeleteTeamTemplate>) -> ApiResult<NoContent> {
    state.teams.delete_template(&state.team()?.current.id, &call.params).await?;
    Ok(NoContent)
}

pub async fn find_draft(state: Ctx, call: Call<ops::GetDraft>) -> ApiResult<Draft> {
    locks::check_own_draft(&state, &call.params).await?;
    state.drafts()?.get(&call.params).await
}

pub async fn save_draft(state: Ctx, call: Call<ops::SaveDraft>) -> ApiResult<Draft> {
    locks::check_own_draft(&state, &call.params).await?;
    locks::check_locked(&state, &call.body.document)?;
    state.drafts()?.save(&call.params, call.body).await
}

pub async fn delete_draft(state: Ctx, call: Call<ops::DeleteDraft>) -> ApiResult<NoContent> {
    state.drafts()?.delete(&call.params).await?;
    Ok(NoContent)
}

pub async fn rename_draft(state: Ctx, call: Call<ops::RenameDraft>) -> ApiResult<Draft> {
    state.drafts()?.rename(&call.params, call.body).await
}

pub async fn duplicate_draft(state: Ctx, call: Call<ops::DuplicateDraft>) -> ApiResult<Draft> {
    state.drafts()?.duplicate(&call.params).await
}

pub async fn list_revisions(state: Ctx, call: Call<ops::ListRevisions>) -> ApiResult<Vec<RevisionSummary>> {
    state.drafts()?.revisions(&call.params).await
}

pub async fn find_revision(state: Ctx, call: Call<ops::GetRevision>) -> ApiResult<Revision> {
    let (id, version) = call.params;
    state.drafts()?.revision(&id, version).await
}

pub async fn restore_revision(state: Ctx, call: Call<ops::RestoreRevision>) -> ApiResult<Draft> {
    state.drafts()?.restore(&call.params, call.body).await
}

pub async fn import_draft(state: Ctx, call: Call<ops::ImportDraft>) -> ApiResult<Draft> {
    state.drafts()?.import(call.body).await
}

pub async fn export_draft(state: Ctx, call: Call<ops::ExportDraft>) -> ApiResult<ExportedMonitor> {
    state.drafts()?.export(&call.params).await
}

pub async fn draft_history(state: Ctx, call: Call<ops::GetDraftHistory>) -> ApiResult<Vec<HistoryEntry>> {
    state.drafts()?.history(&call.params).await
}

pub async fn diff_revisions(state: Ctx, call: Call<ops::DiffRevisions>) -> ApiResult<RevisionDiff> {
    state.drafts()?.diff(&call.params, &call.query).await
}

/// A monitor's changes through Monitor Studio: the history of the draft it is linked to
/// (none for a monitor made elsewhere and never opened here).
pub async fn monitor_changes(state: Ctx, call: Call<ops::GetMonitorChanges>) -> ApiResult<Vec<HistoryEntry>> {
    state.check_monitor(&call.params).await?;
    let drafts = state.drafts()?;
    match drafts.draft_for_monitor(&call.params).await? {
        Some(draft) => drafts.history(&draft.id).await,
        None => Ok(Vec::new()),
    }
}
