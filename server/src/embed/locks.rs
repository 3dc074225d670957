//! Locked parameters, enforced on the server: an embed link that locks the name, index,
//! channel, schedule or template of the monitor it authors cannot be talked out of them,
//! whatever request the page (or anyone holding the token) sends. And an embed link works
//! only on the drafts it made itself.

use app::{
    api::{CreateDraft, EmbedGrant},
    model::{Frequency, IntervalUnit, MonitorDraft},
};

use super::EmbedAccess;
use crate::{
    api::Ctx,
    error::{ApiError, ApiResult},
};

/// The link the caller came with, if any.
pub fn access(cx: &Ctx) -> Option<&EmbedAccess> {
    cx.caller.as_ref().and_then(|c| c.embed.as_deref())
}

/// A new draft from an embed link: from its locked template, if it locks one.
pub fn check_create(access: &EmbedAccess, request: &CreateDraft) -> ApiResult<()> {
    let claims = &access.claims;
    if claims.locked.iter().any(|l| l == "template") && request.template != claims.params.template {
        return Err(ApiError::field("template", format!("This embedded page starts from the template {:?}, which is locked.", claims.params.template.as_deref().unwrap_or_default())));
    }
    match &request.document {
        Some(document) => check_document(access, document),
        None => Ok(()),
    }
}

/// For a caller with an embed link: [`check_document`] with its link. Nothing for others.
pub fn check_locked(cx: &Ctx, document: &MonitorDraft) -> ApiResult<()> {
    access(cx).map_or(Ok(()), |access| check_document(access, document))
}

/// Every locked parameter has its locked value in `document`.
pub fn check_document(access: &EmbedAccess, document: &MonitorDraft) -> ApiResult<()> {
    let claims = &access.claims;
    let locked = |param: &str| claims.locked.iter().any(|l| l == param);
    let refuse = |field: &str, what: &str| Err(ApiError::field(field, format!("{what} is set by {} and cannot be changed here.", access.app_name)));
    if locked("template") {
        let template = prefilled(access, None)?;
        if template_part(&template) != template_part(document) {
            let name = claims.params.template.as_deref().unwrap_or("a blank monitor");
            return Err(ApiError::field("template", format!("This monitor comes from the template {name:?}, which {} locked: only its parameters can change.", access.app_name)));
        }
    }
    if locked("name") && claims.params.name.as_deref().is_some_and(|n| n != document.name) {
        return refuse("name", "The monitor name");
    }
    if locked("index") && let Some(index) = &claims.params.index {
        if document.indices != [index.clone()] {
            return refuse("indices", "The index");
        }
        if document.raw_inputs.is_some() {
            return refuse("raw_inputs", "The index");
        }
    }
    if locked("channel") && let Some(channel) = &claims.params.channel {
        let actions = document.triggers.iter().flat_map(|t| &t.actions);
        if actions.clone().any(|a| &a.destination_id != channel) {
            return refuse("triggers", "The notification channel");
        }
    }
    if locked("interval_minutes") && let Some(minutes) = claims.params.interval_minutes {
        let expected = Frequency::Interval { interval: minutes, unit: IntervalUnit::Minutes };
        if document.schedule != expected {
            return refuse("schedule", "The schedule");
        }
    }
    Ok(())
}

/// Draft `id` was made through this same link's application and person: an embed link
/// never reads or changes the team's other drafts. Not found otherwise.
pub async fn check_own_draft(cx: &Ctx, id: &str) -> ApiResult<()> {
    let Some(_) = access(cx) else { return Ok(()) };
    let username = &cx.caller()?.user.username;
    match cx.drafts()?.creator(id).await {
        Ok(Some(creator)) if creator == *username => Ok(()),
        Ok(_) | Err(ApiError::NotFound(_)) => Err(ApiError::not_found(format!("Draft {id} not found."))),
        Err(e) => Err(e),
    }
}

/// Whether the caller's link grants `grant` (`true` for everyone else).
pub fn grants(cx: &Ctx, grant: EmbedGrant) -> bool {
    access(cx).is_none_or(|a| a.grants(grant))
}

/// The draft an embedded authoring page starts from: its template (the link's, or the one
/// the page chose when the template is not locked) with the link's parameters filled in.
pub fn prefilled(access: &EmbedAccess, template: Option<&str>) -> ApiResult<MonitorDraft> {
    let mut params = access.claims.params.clone();
    if let Some(template) = template {
        params.template = Some(template.to_owned());
    }
    params.draft().ok_or_else(|| ApiError::field("template", format!("Unknown template: {}", params.template.unwrap_or_default())))
}

/// What a document keeps of its template once the parameters a page may fill in (name,
/// index, schedule, channel) and the cluster's ids are taken out.
fn template_part(document: &MonitorDraft) -> MonitorDraft {
    let mut part = document.clone();
    part.name.clear();
    part.indices.clear();
    part.schedule = Default::default();
    for trigger in &mut part.triggers {
        trigger.id = None;
        for action in &mut trigger.actions {
            action.id = None;
            action.destination_id.clear();
        }
    }
    part
}
