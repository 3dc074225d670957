//! `/api/v1/reviews…` and `/api/v1/drafts/{id}/review`: asking for review, listing and
//! reading requests (with the semantic diff against what is deployed), and deciding them.
//! Approving publishes exactly the frozen revision, under the draft's publish lock, with
//! the same checks as a publish; a request whose draft was edited since cannot be approved.

use app::api::{Call, Draft, Permission, PublishRequest, Review, ReviewDetail, ReviewState, ops};
use serde_json::{Value, json};

use super::{Frozen, already_decided, webhook};
use crate::{
    api::Ctx,
    drafts::check_message,
    error::{ApiError, ApiResult},
    publish,
};

pub async fn request_review(cx: Ctx, call: Call<ops::RequestReview>) -> ApiResult<Review> {
    let drafts = cx.drafts()?;
    let draft = drafts.get(&call.params).await?;
    let message = check_message("message", call.body.message.as_deref())?;
    if draft.version != call.body.version {
        return Err(ApiError::DraftConflict {
            message: format!("This draft was changed elsewhere (you asked for review of version {}, it is now at version {}).", call.body.version, draft.version),
            current: Box::new(draft),
        });
    }
    // What could not be published is not worth a reviewer's time.
    publish::check_publishable(&cx, &draft.document).await?;
    let me = &cx.caller()?.user.username;
    let team = &cx.team()?.current;
    let review = cx.reviews.open(&team.id, &draft.id, draft.version, &draft.document, me, message).await?;
    drafts.record_event(&draft.id, app::api::HistoryKind::ReviewRequested, draft.version, None, message).await?;
    if let Some(url) = cx.teams.review_webhook(&team.id).await? {
        webhook::announce(&cx, url, &team.name, &review);
    }
    Ok(review)
}

pub async fn list_reviews(cx: Ctx, call: Call<ops::ListReviews>) -> ApiResult<Vec<Review>> {
    let versions = cx.drafts()?.versions().await?;
    let state = if call.query.for_me { Some(ReviewState::Open) } else { call.query.state };
    let reviews = cx.reviews.list(&cx.team()?.current.id, state, |id| versions.get(id).copied()).await?;
    if !call.query.for_me {
        return Ok(reviews);
    }
    let caller = cx.caller()?;
    if !caller.may(Permission::Publish) {
        return Ok(Vec::new());
    }
    Ok(reviews.into_iter().filter(|r| !r.stale && r.author != caller.user.username).collect())
}

/// A request of the current team with its draft as it is now (which tells staleness).
async fn frozen(cx: &Ctx, id: &str) -> ApiResult<(Frozen, Draft)> {
    let team = &cx.team()?.current.id;
    let draft = cx.drafts()?.get(&cx.reviews.draft_of(team, id).await?).await?;
    Ok((cx.reviews.get(team, id, Some(draft.version)).await?, draft))
}

pub async fn get_review(cx: Ctx, call: Call<ops::GetReview>) -> ApiResult<ReviewDetail> {
    let (Frozen { review, document }, draft) = frozen(&cx, &call.params).await?;
    let deployed_monitor_id = draft.published.as_ref().map(|p| p.monitor_id.clone());
    let changes = publish::changes_against_deployed(&cx, deployed_monitor_id.as_deref(), &document).await?;
    let caller = cx.caller()?;
    let can_decide = review.state == ReviewState::Open && !review.stale && review.author != caller.user.username && caller.may(Permission::Publish);
    Ok(ReviewDetail { review, document, deployed_monitor_id, changes, can_decide })
}

/// The reviewer is not the author: four eyes.
fn not_the_author(cx: &Ctx, review: &Review, what: &str) -> ApiResult<()> {
    if review.author == cx.caller()?.user.username {
        return Err(ApiError::Forbidden(format!("You asked for this review: another publisher {what} it (withdraw it instead).")));
    }
    Ok(())
}

pub async fn approve_review(cx: Ctx, call: Call<ops::ApproveReview>) -> ApiResult<Review> {
    let comment = check_message("comment", call.body.comment.as_deref())?;
    let drafts = cx.drafts()?;
    let draft_id = cx.reviews.draft_of(&cx.team()?.current.id, &call.params).await?;
    let _one_at_a_time = drafts.publishing(&draft_id).await;
    // Read again under the lock: what is approved is what is published.
    let (Frozen { review, document }, draft) = frozen(&cx, &call.params).await?;
    not_the_author(&cx, &review, "approves")?;
    if review.state != ReviewState::Open {
        return Err(already_decided(&review));
    }
    if review.stale || draft.document != document {
        return Err(ApiError::Conflict {
            message: format!(
                "The draft was edited after this request (it asked for version {}, the draft is at version {}): the author asks for review again.",
                review.version, draft.version
            ),
            errors: [("version".to_owned(), "Stale.".to_owned())].into(),
        });
    }
    let message = Some(match comment {
        Some(c) => format!("approved review {} of {}: {c}", review.id, review.author),
        None => format!("approved review {} of {}", review.id, review.author),
    });
    let published = publish::publish_locked(&cx, &drafts, draft, PublishRequest { version: review.version, message, ..Default::default() }).await?;
    let me = &cx.caller()?.user.username;
    cx.reviews.decide(&cx.team()?.current.id, &review.id, ReviewState::Approved, me, comment, Some(&published.monitor_id)).await?;
    drafts.record_event(&draft_id, app::api::HistoryKind::Approved, review.version, Some(&published.monitor_id), comment).await?;
    Ok(frozen(&cx, &review.id).await?.0.review)
}

pub async fn reject_review(cx: Ctx, call: Call<ops::RejectReview>) -> ApiResult<Review> {
    let Some(comment) = check_message("comment", call.body.comment.as_deref())? else {
        return Err(ApiError::field("comment", "Say why, so the author can fix it."));
    };
    let review = frozen(&cx, &call.params).await?.0.review;
    not_the_author(&cx, &review, "rejects")?;
    decide(&cx, review, ReviewState::Rejected, Some(comment)).await
}

pub async fn withdraw_review(cx: Ctx, call: Call<ops::WithdrawReview>) -> ApiResult<Review> {
    let comment = check_message("comment", call.body.comment.as_deref())?;
    let review = frozen(&cx, &call.params).await?.0.review;
    let caller = cx.caller()?;
    if review.author != caller.user.username && !caller.may(Permission::ManageTeam) {
        return Err(ApiError::Forbidden("Only the author (or a team admin) withdraws a review request.".into()));
    }
    decide(&cx, review, ReviewState::Withdrawn, comment).await
}

async fn decide(cx: &Ctx, review: Review, to: ReviewState, comment: Option<&str>) -> ApiResult<Review> {
    let me = &cx.caller()?.user.username;
    cx.reviews.decide(&cx.team()?.current.id, &review.id, to, me, comment, None).await?;
    let kind = if to == ReviewState::Rejected { app::api::HistoryKind::Rejected } else { app::api::HistoryKind::Withdrawn };
    cx.drafts()?.record_event(&review.draft_id, kind, review.version, None, comment).await?;
    Ok(frozen(cx, &review.id).await?.0.review)
}

/// The JSON a webhook receives for a new request.
pub fn announcement(team: &str, review: &Review, public_url: &str) -> Value {
    json!({
        "event": "review_requested",
        "team": team,
        "review": review,
        "url": format!("{}/reviews/{}", public_url.trim_end_matches('/'), review.id),
    })
}
