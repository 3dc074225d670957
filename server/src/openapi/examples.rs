//! Examples in the OpenAPI document, for the operations tools call most: made of the API's
//! own types (so they cannot disagree with the schemas) around the Failed-logins story.

use app::api::{
    AcknowledgeRequest, CreateDraft, Draft, EmbedGrant, ErrorBody, MonitorList, MonitorSummary, NewApiToken, NewEmbedApp, NewTeam, PublishRequest,
    Operation, PublishResult, PublishState, SaveDraft,
};
use app::{api::ops, model::templates};
use serde_json::Value;

const DRAFT_ID: &str = "5b0c3c2e8f0a4e7d9a3b1c2d4e5f6a7b";
const MONITOR_ID: &str = "Yq3kF5QBx1nL0m2p9sVt";
const AT: &str = "2026-12-03T06:00:00.000Z";

fn value<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn draft(version: i64, state: PublishState) -> Draft {
    let mut document = templates::build("failed-logins").unwrap_or_default();
    document.name = "Audit Unauthorized Access Events".into();
    for action in document.triggers.iter_mut().flat_map(|t| t.actions.iter_mut()) {
        action.destination_id = "on-call".into();
    }
    Draft { id: DRAFT_ID.into(), version, created_at: AT.into(), updated_at: AT.into(), document, state, published: None }
}

/// The request body of operation `id`, as a tool would send it.
pub fn request(id: &str) -> Option<Value> {
    Some(match id {
        _ if id == ops::CreateDraft::ID => value(CreateDraft { document: None, template: Some("failed-logins".into()) }),
        _ if id == ops::SaveDraft::ID => value(SaveDraft { version: 1, document: draft(1, PublishState::NeverPublished).document, message: Some("Notify on-call".into()) }),
        _ if id == ops::PublishDraft::ID => value(PublishRequest { version: 2, ..Default::default() }),
        _ if id == ops::AcknowledgeAlerts::ID => value(AcknowledgeRequest { alerts: vec!["kZ3kF5QBx1nL0m2p9sVu".into()] }),
        _ if id == ops::CreateToken::ID => value(NewApiToken { name: "service catalogue".into(), expires_in_days: Some(90) }),
        _ if id == ops::CreateTeam::ID => value(NewTeam { name: "Security".into(), index_patterns: vec!["security-auditlog-*".into()] }),
        _ if id == ops::CreateEmbedApp::ID => value(NewEmbedApp {
            name: "Service catalogue".into(),
            origins: vec!["https://catalog.example.com".into()],
            teams: vec!["default".into()],
            grants: vec![EmbedGrant::Author, EmbedGrant::Publish],
            ..Default::default()
        }),
        _ => return None,
    })
}

/// The success answer of operation `id`.
pub fn response(id: &str) -> Option<Value> {
    Some(match id {
        _ if id == ops::CreateDraft::ID || id == ops::GetDraft::ID => value(draft(1, PublishState::NeverPublished)),
        _ if id == ops::SaveDraft::ID => value(draft(2, PublishState::NeverPublished)),
        _ if id == ops::PublishDraft::ID => value(PublishResult { monitor_id: MONITOR_ID.into(), created: true, draft: draft(2, PublishState::Published) }),
        _ if id == ops::ListMonitors::ID => value(MonitorList {
            monitors: vec![MonitorSummary {
                id: MONITOR_ID.into(),
                name: "Audit Unauthorized Access Events".into(),
                enabled: true,
                monitor_type: "query_level_monitor".into(),
                last_updated: Some(AT.into()),
                latest_alert: Some("Too many failed logins".into()),
                last_notification_time: Some(AT.into()),
                active: 1,
                acknowledged: 0,
                errors: 0,
                ignored: 0,
                draft_id: Some(DRAFT_ID.into()),
            }],
            total: 1,
        }),
        _ => return None,
    })
}

/// An error answer with status `code`.
pub fn error(code: &str) -> Value {
    let (message, errors): (&str, &[(&str, &str)]) = match code {
        "400" => ("The body is not valid JSON: expected value at line 1 column 1.", &[]),
        "401" => ("Sign in, or send an API token (Authorization: Bearer …).", &[]),
        "403" => ("This needs the editor role in team \"Default\"; you are viewer.", &[]),
        "404" => ("Draft 5b0c3c2e8f0a4e7d9a3b1c2d4e5f6a7b not found.", &[]),
        "413" => ("The body is larger than the server accepts.", &[]),
        "422" => ("name: Enter a monitor name.", &[("name", "Enter a monitor name.")]),
        "502" => ("The cluster did not answer in time.", &[]),
        _ => ("No cluster is configured: drafts only.", &[]),
    };
    value(ErrorBody { message: message.into(), errors: errors.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each request example is a body its operation accepts.
    #[test]
    fn request_examples_read_as_their_bodies() {
        fn reads<O: Operation>() {
            let example = request(O::ID).unwrap_or_else(|| panic!("no example for {}", O::ID));
            serde_json::from_value::<O::Body>(example).unwrap_or_else(|e| panic!("{}: {e}", O::ID));
        }
        reads::<ops::CreateDraft>();
        reads::<ops::SaveDraft>();
        reads::<ops::PublishDraft>();
        reads::<ops::AcknowledgeAlerts>();
        reads::<ops::CreateToken>();
        reads::<ops::CreateTeam>();
        reads::<ops::CreateEmbedApp>();
        assert!(response(ops::PublishDraft::ID).is_some_and(|v| serde_json::from_value::<PublishResult>(v).is_ok()));
    }
}
