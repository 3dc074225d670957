//! Announcing a new review request to the team's webhook: one JSON POST, in the
//! background, without following redirects, with a 5 s limit. The URL is checked against
//! the channel boundary again right before sending (a name may resolve elsewhere by now).
//! A failure is logged, never answered: the request itself was made.

use std::time::Duration;

use app::api::Review;

use crate::{api::Ctx, cluster::destinations::check_webhook_url};

pub fn announce(cx: &Ctx, url: String, team: &str, review: &Review) {
    let body = super::routes::announcement(team, review, &crate::auth::public_origin(&cx.state));
    let cluster = cx.cluster.clone();
    let review_id = review.id.clone();
    tokio::spawn(async move {
        let url = match check_webhook_url(cluster.as_ref(), &url).await {
            Ok(url) => url,
            Err(why) => return tracing::warn!(review = %review_id, %why, "review webhook refused"),
        };
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(5)).build();
        let sent = match client {
            Ok(client) => client.post(&url).json(&body).send().await.and_then(|r| r.error_for_status()),
            Err(e) => Err(e),
        };
        match sent {
            Ok(answer) => tracing::info!(review = %review_id, status = answer.status().as_u16(), "review webhook sent"),
            Err(e) => tracing::warn!(review = %review_id, error = %e, "review webhook failed"),
        }
    });
}
