//! Notification channels: the notifications plugin's configs as typed [`Channel`]s, over the
//! allow-listed channel operations of [`crate::cluster::ops`] only. Input is checked here,
//! before anything reaches the cluster, so a bad URL or id is named by field (422) instead
//! of surfacing as the plugin's Java exception text.

pub mod routes;

use std::collections::BTreeMap;

use app::api::{Channel, ChannelInput, ChannelList, ChannelTestResult, ChannelType};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use serde_json::{Map, Value, json};

use crate::{
    cluster::{
        ClusterClient,
        answers::channels::{ChannelDetail, ConfigItem, FailedDelivery},
        boundary::Boundary,
        destinations::{MASK, forbidden_header, mask_header, mask_url},
    },
    error::{ApiError, ApiResult},
};

/// Longest channel id accepted (what `checked_id` in the cluster ops allows).
const MAX_ID_LEN: usize = 512;

/// The configured cluster, once it is known to have the notifications plugin: without it
/// every channel call would fail with the cluster's "no handler found" text.
pub async fn notifications(cluster: &ClusterClient) -> ApiResult<&ClusterClient> {
    if cluster.info().await?.has_notifications {
        Ok(cluster)
    } else {
        Err(ApiError::Cluster {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "The notifications plugin is not installed on the cluster: channels cannot be listed, created or tested.".into(),
            errors: BTreeMap::new(),
        })
    }
}

pub async fn list(cluster: &ClusterClient) -> ApiResult<ChannelList> {
    let answer = cluster.list_channels().await?;
    let channels: Vec<Channel> = answer.config_list.iter().map(channel_from).collect();
    let total = answer.total_hits.unwrap_or(channels.len() as u64);
    Ok(ChannelList { channels, total })
}

pub async fn get(cluster: &ClusterClient, id: &str) -> ApiResult<Channel> {
    let answer = cluster.get_channel(id).await?;
    answer.config_list.first().map(channel_from).ok_or_else(|| ApiError::not_found(format!("No channel with id {id:?}.")))
}

/// Creates the channel (its input [`validate`]d) and answers it as the cluster stored it.
pub async fn create(cluster: &ClusterClient, input: &ChannelInput) -> ApiResult<Channel> {
    let mut input = input.clone();
    restore_secrets(&mut input, None)?;
    let input = &input;
    let mut body = json!({ "config": config_body(input) });
    if let Some(id) = &input.id {
        body["config_id"] = json!(id);
    }
    let answer = cluster.create_channel(&body).await.map_err(|err| match err {
        // The plugin's text for a taken id is "version conflict, document already exists".
        ApiError::Conflict { .. } => ApiError::Conflict {
            message: format!("A channel with id {:?} already exists.", input.id.as_deref().unwrap_or_default()),
            errors: BTreeMap::from([("id".to_owned(), "A channel with this id already exists.".to_owned())]),
        },
        other => other,
    })?;
    get(cluster, &answer.config_id).await
}

/// Replaces the channel's config (its input [`validate`]d; the plugin refuses a type change
/// with 409). Masked secrets sent back keep their saved values, and the input is validated
/// again with them in place: a saved URL must meet today's boundary too.
pub async fn update(cluster: &ClusterClient, id: &str, input: &ChannelInput) -> ApiResult<Channel> {
    let saved = cluster.get_channel(id).await?;
    let mut input = input.clone();
    restore_secrets(&mut input, saved.config_list.first().and_then(|item| item.config.detail()))?;
    let input = validate(cluster.boundary(), &input).await?;
    cluster.update_channel(id, &json!({ "config": config_body(&input) })).await.map_err(|err| match err {
        // The only conflict an update meets: "Config type cannot be changed after creation".
        ApiError::Conflict { message, .. } => {
            ApiError::Conflict { errors: BTreeMap::from([("config_type".to_owned(), "A channel's type cannot be changed.".to_owned())]), message }
        }
        other => other,
    })?;
    get(cluster, id).await
}

pub async fn delete(cluster: &ClusterClient, id: &str) -> ApiResult<()> {
    cluster.delete_channel(id).await.map(|_| ())
}

/// Sends the plugin's test message and reports what the receiver answered. A muted channel
/// is refused here: the plugin answers that case with `For input string: "LOCKED"`.
pub async fn test(cluster: &ClusterClient, id: &str) -> ApiResult<ChannelTestResult> {
    let channel = get(cluster, id).await?;
    if !channel.enabled {
        return Err(ApiError::Conflict {
            message: format!("Channel \u{201c}{}\u{201d} is muted: enable it to send a test message.", channel.name),
            errors: BTreeMap::from([("enabled".to_owned(), "The channel is muted.".to_owned())]),
        });
    }
    let answer = cluster.test_channel(id).await.map_err(delivery_failure)?;
    let status = answer.status_list.into_iter().next().map(|s| s.delivery_status).ok_or_else(|| ApiError::Cluster {
        status: StatusCode::BAD_GATEWAY,
        message: "The test message's answer has no delivery status: whether it was delivered is unknown.".into(),
        errors: BTreeMap::new(),
    })?;
    Ok(ChannelTestResult { id: id.to_owned(), status_code: status.status_code, status_text: status.status_text })
}

/// Most headers a webhook channel may set, and the longest name and value.
const MAX_HEADERS: usize = 32;
const MAX_HEADER_NAME: usize = 256;
const MAX_HEADER_VALUE: usize = 8192;

/// Checks a create/update body by field and answers it as it will be sent: the URL checked
/// against the cluster boundary (public hosts only, see [`crate::cluster::destinations`])
/// and normalized. Ids are held to what the path check of the cluster ops accepts minus `+`
/// (which would need encoding in every URL that names the channel).
pub async fn validate(boundary: &Boundary, input: &ChannelInput) -> ApiResult<ChannelInput> {
    let mut errors = BTreeMap::new();
    let mut checked = input.clone();
    if let Some(id) = &input.id {
        let ok = !id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
        if !ok {
            errors.insert("id".to_owned(), format!("Use 1 to {MAX_ID_LEN} letters, digits, '-' or '_'."));
        }
    }
    if input.name.trim().is_empty() {
        errors.insert("name".to_owned(), "Required.".to_owned());
    } else if input.name.len() > 1024 {
        errors.insert("name".to_owned(), "At most 1024 characters.".to_owned());
    }
    match boundary.check_channel_url(&input.url).await {
        Ok(url) => checked.url = url,
        Err(message) => {
            errors.insert("url".to_owned(), message);
        }
    }
    if input.config_type == ChannelType::Webhook {
        if input.header_params.len() > MAX_HEADERS {
            errors.insert("header_params".to_owned(), format!("At most {MAX_HEADERS} headers."));
        }
        for (name, value) in &input.header_params {
            let problem = if name.len() > MAX_HEADER_NAME || HeaderName::from_bytes(name.as_bytes()).is_err() {
                Some("Not a valid header name.")
            } else if forbidden_header(name) {
                Some("This header frames or routes the request; a channel cannot set it.")
            } else if value.len() > MAX_HEADER_VALUE || HeaderValue::from_str(value).is_err() {
                Some("Not a valid header value (no line breaks or control characters).")
            } else {
                None
            };
            if let Some(problem) = problem {
                errors.insert(format!("header_params.{name}"), problem.to_owned());
            }
        }
    }
    if errors.is_empty() { Ok(checked) } else { Err(ApiError::invalid(errors)) }
}

/// An update sends back what it was shown: masks where secrets are. Those become the saved
/// values again; a mask with nothing saved behind it is refused.
fn restore_secrets(input: &mut ChannelInput, saved: Option<&ChannelDetail>) -> ApiResult<()> {
    if let Some(url) = saved.and_then(|d| d.url.as_ref()) {
        if input.url == mask_url(url) {
            input.url = url.clone();
        }
    }
    for (name, value) in input.header_params.iter_mut() {
        if value == MASK {
            match saved.and_then(|d| d.header_params.get(name)) {
                Some(old) => *value = old.clone(),
                None => return Err(ApiError::field(format!("header_params.{name}"), "Type the value: the mask stands for a saved one, and none is saved.")),
            }
        }
    }
    if input.url.contains(MASK) {
        return Err(ApiError::field("url", "Type the whole URL: the mask stands for a saved secret."));
    }
    Ok(())
}

/// An update body may repeat the channel's id but not name another: ids cannot change.
pub fn check_same_id(id: &str, input: &ChannelInput) -> ApiResult<()> {
    match input.id.as_deref() {
        Some(body_id) if body_id != id => Err(ApiError::field("id", "A channel's id cannot be changed; leave it out or repeat the id of the URL.")),
        _ => Ok(()),
    }
}

/// The plugin's `config` object for an input: the shared fields plus one object named after
/// the type, which holds the URL (and, for webhooks, method and headers).
pub fn config_body(input: &ChannelInput) -> Value {
    let config_type = input.config_type.as_str();
    let url = input.url.trim();
    let detail = match input.config_type {
        ChannelType::Webhook => json!({ "url": url, "method": input.method.as_str(), "header_params": input.header_params }),
        _ => json!({ "url": url }),
    };
    let mut config = Map::new();
    config.insert("name".into(), json!(input.name.trim()));
    config.insert("description".into(), json!(input.description.trim()));
    config.insert("config_type".into(), json!(config_type));
    config.insert("is_enabled".into(), json!(input.enabled));
    config.insert(config_type.into(), detail);
    Value::Object(config)
}

/// One `config_list` item of the plugin as a [`Channel`].
pub fn channel_from(item: &ConfigItem) -> Channel {
    let config = &item.config;
    let detail = config.detail();
    Channel {
        id: item.config_id.clone(),
        name: config.name.clone(),
        description: config.description.clone(),
        enabled: config.is_enabled,
        url: detail.and_then(|d| d.url.as_deref()).map(mask_url),
        method: detail.filter(|_| config.config_type == "webhook").and_then(|d| d.method.clone()),
        header_params: detail.map(|d| d.header_params.iter().map(|(k, v)| (k.clone(), mask_header(k, v))).collect()).unwrap_or_default(),
        last_updated: item
            .last_updated_time_ms
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        config_type: config.config_type.clone(),
    }
}

/// A failed delivery comes back from the plugin as an error whose reason is its own JSON
/// (`{"event_status_list":[{… "delivery_status":{"status_code","status_text"}}]}`), which
/// the generic cluster error mapping passes on verbatim. This pulls out what the receiver
/// answered and says it in a sentence; any other error is returned as it was. A missing
/// channel is reported the same way (`config_type` `none`, 404) and stays a 404.
pub fn delivery_failure(err: ApiError) -> ApiError {
    let text = err.to_string();
    let Some(start) = text.find('{') else { return err };
    let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<FailedDelivery>();
    let Some(Ok(reason)) = stream.next() else { return err };
    let Some(event) = reason.event_status_list.first() else { return err };
    let code = &event.delivery_status.status_code;
    let receiver = event.delivery_status.status_text.trim();
    if event.config_type.as_deref() == Some("none") {
        return ApiError::not_found(format!("{receiver}."));
    }
    let receiver = if receiver.is_empty() { "(no text)" } else { receiver };
    ApiError::Cluster {
        status: StatusCode::BAD_GATEWAY,
        message: format!("The test message was not delivered (status {code}): {receiver}"),
        errors: BTreeMap::new(),
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use app::api::WebhookMethod;

    fn input(config_type: ChannelType, url: &str) -> ChannelInput {
        ChannelInput {
            id: None,
            name: "On-call".into(),
            description: " pager ".into(),
            config_type,
            enabled: true,
            url: url.into(),
            method: WebhookMethod::Put,
            header_params: BTreeMap::from([("Content-Type".into(), "application/json".into())]),
        }
    }

    fn field_errors(result: ApiResult<ChannelInput>) -> BTreeMap<String, String> {
        match result {
            Err(ApiError::Invalid { errors, .. }) => errors,
            other => panic!("expected 422, got {other:?}"),
        }
    }

    fn boundary() -> Boundary {
        Boundary::new(Vec::new(), vec!["127.0.0.1".into()], "http://127.0.0.1:9200")
    }

    #[tokio::test]
    async fn only_public_http_urls_names_and_plain_ids_pass() {
        let b = boundary();
        assert!(validate(&b, &input(ChannelType::Slack, "https://hooks.slack.com/services/x")).await.is_ok());
        for bad in ["", "ftp://example.com/x", "file:///etc/passwd", "hooks.slack.com/x", "http://", "http://10.1.2.3/", "http://[::1]/"] {
            let errors = field_errors(validate(&b, &input(ChannelType::Webhook, bad)).await);
            assert!(errors.contains_key("url"), "{bad}: {errors:?}");
        }
        let mut bad = input(ChannelType::Webhook, "http://127.0.0.1:1/hook");
        bad.id = Some("../_security".into());
        bad.name = "  ".into();
        bad.header_params.insert("Bad Header".into(), "x".into());
        bad.header_params.insert("Host".into(), "127.0.0.1:9200".into());
        bad.header_params.insert("X-Split".into(), "a\r\nX-Injected: 1".into());
        let errors = field_errors(validate(&b, &bad).await);
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["header_params.Bad Header", "header_params.Host", "header_params.X-Split", "id", "name"]);
    }

    #[test]
    fn masks_sent_back_keep_the_saved_secrets() {
        let saved = ChannelDetail {
            url: Some("https://hooks.slack.com/services/T0123ABCD/B0456EFGH/s3cr3tT0ken".into()),
            method: None,
            header_params: BTreeMap::from([("Authorization".into(), "Bearer abc".into())]),
        };
        let mut sent = input(ChannelType::Webhook, &mask_url(saved.url.as_deref().unwrap()));
        sent.header_params = BTreeMap::from([("Authorization".into(), MASK.into())]);
        restore_secrets(&mut sent, Some(&saved)).unwrap();
        assert_eq!(sent.url, saved.url.clone().unwrap());
        assert_eq!(sent.header_params["Authorization"], "Bearer abc");
        let mut fresh = input(ChannelType::Webhook, "https://example.com/hook");
        fresh.header_params = BTreeMap::from([("X-Api-Key".into(), MASK.into())]);
        assert!(restore_secrets(&mut fresh, None).unwrap_err().field_errors().contains_key("header_params.X-Api-Key"));
    }

    #[test]
    fn webhook_body_carries_method_and_headers_others_only_the_url() {
        let webhook = config_body(&input(ChannelType::Webhook, " http://127.0.0.1:8080/hook "));
        assert_eq!(
            webhook,
            json!({"name": "On-call", "description": "pager", "config_type": "webhook", "is_enabled": true,
                "webhook": {"url": "http://127.0.0.1:8080/hook", "method": "PUT", "header_params": {"Content-Type": "application/json"}}})
        );
        let teams = config_body(&input(ChannelType::MicrosoftTeams, "https://example.webhook.office.com/x"));
        assert_eq!(teams["config_type"], "microsoft_teams");
        assert_eq!(teams["microsoft_teams"], json!({"url": "https://example.webhook.office.com/x"}));
    }

    #[test]
    fn plugin_configs_become_channels() {
        let item = json!({"config_id": "ops-hook", "last_updated_time_ms": 1_764_000_000_000_i64, "created_time_ms": 1,
            "config": {"name": "Ops", "description": "d", "config_type": "webhook", "is_enabled": false,
                "webhook": {"url": "http://x/y", "method": "PATCH", "header_params": {"A": "b"}}}});
        let read = |v: Value| serde_json::from_value::<ConfigItem>(v).unwrap();
        let channel = channel_from(&read(item));
        assert_eq!((channel.id.as_str(), channel.config_type.as_str(), channel.enabled), ("ops-hook", "webhook", false));
        assert_eq!((channel.url.as_deref(), channel.method.as_deref()), (Some("http://x/y"), Some("PATCH")));
        assert_eq!(channel.header_params["A"], "b");
        assert_eq!(channel.last_updated.as_deref(), Some("2025-11-24T16:00:00Z"));
        let email = json!({"config_id": "e", "config": {"name": "Mail", "config_type": "email", "email": {"email_account_id": "a"}}});
        let email = channel_from(&read(email));
        assert_eq!((email.url, email.method, email.enabled), (None, None, true));
        assert!(serde_json::from_value::<ConfigItem>(json!({"config": {}})).is_err(), "a config without an id is garbage");
    }

    #[test]
    fn failed_deliveries_say_what_the_receiver_answered() {
        let reason = r#"{"event_status_list": [{"config_id":"x","config_type":"webhook","config_name":"n","email_recipient_status":[],"delivery_status":{"status_code":"500","status_text":"Failed to send webhook message boom"}}]}"#;
        let err = ApiError::Cluster { status: StatusCode::BAD_GATEWAY, message: format!("Sending the test message: {reason}"), errors: BTreeMap::new() };
        let mapped = delivery_failure(err);
        assert_eq!(mapped.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(mapped.to_string(), "The test message was not delivered (status 500): Failed to send webhook message boom");
        let missing = r#"{"event_status_list": [{"config_id":"x","config_type":"none","config_name":"invalid-config","email_recipient_status":[],"delivery_status":{"status_code":"404","status_text":"Channel x not found"}}]}"#;
        let missing = delivery_failure(ApiError::not_found(format!("Sending the test message: {missing}")));
        assert_eq!((missing.status(), missing.to_string()), (StatusCode::NOT_FOUND, "Channel x not found.".to_owned()));
        let unrelated = delivery_failure(ApiError::bad_request("Sending the test message: something else"));
        assert_eq!(unrelated.to_string(), "Sending the test message: something else");
    }
}
