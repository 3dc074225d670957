//! The starter monitors of the templates gallery: a security audit pack over the Security
//! plugin's audit log (`security-auditlog-*`, time field `@timestamp`; fields per
//! `alerting-api.md` §6).
//!
//! The audit index has no template, so string fields are mapped dynamically as `text` with
//! a `.keyword` sub-field: exact matches go to `audit_category.keyword` (operator "is",
//! field type keyword → a `term` clause), aggregations to the `.keyword` fields.
//!
//! Every template is a complete draft except for the notification channel, which depends on
//! the cluster (`validate_for_publish` asks for it). Actions are throttled to 10 minutes:
//! query-level actions otherwise fire on every run while the alert stays active, which for
//! a monitor running every minute means a page a minute. Visual templates carry the
//! generated query and condition in their extraction fields too, as an imported monitor
//! would, so switching the editor starts from the same monitor.

use serde_json::{Value, json};
use strum::{EnumMessage, EnumString, IntoStaticStr, VariantArray};

use super::bucket;
use super::draft::{
    ActionDraft, ActionScope, ActionableAlert, BucketConditionDraft, DEFAULT_EXTRACTION_QUERY, DefiningMethod, FieldType, Filter, FilterOperator, Frequency, IntervalUnit,
    MonitorDraft, MonitorType, ThresholdEnum, TimeUnit, TriggerDraft, VisualQuery,
};
use super::query;

/// One entry of the gallery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// Stable id, used in URLs (`/new?template=failed-logins`).
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub category: &'static str,
}

pub const SECURITY_AUDIT: &str = "Security audit";
pub const AUDIT_INDEX: &str = "security-auditlog-*";
pub const AUDIT_TIME_FIELD: &str = "@timestamp";
pub const PORTAL_AUDIT: &str = "Monitor Studio audit";
/// The portal's own audit log, copied into the cluster (same time field).
pub const PORTAL_AUDIT_INDEX: &str = "monitor-studio-audit-*";

/// The templates, in display order: the id is the variant's name in kebab case, the title
/// (also the monitor's name) its message, the description its detailed message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, IntoStaticStr, EnumString, EnumMessage, VariantArray)]
#[strum(serialize_all = "kebab-case")]
enum Id {
    #[strum(
        message = "Failed logins",
        detailed_message = "Alerts when more than one login fails within 5 minutes (audit category FAILED_LOGIN). Checks every minute."
    )]
    FailedLogins,
    #[strum(
        message = "Brute force: failed logins from one address",
        detailed_message = "A per bucket monitor: one alert for each client address that fails to log in 20 times or more within 10 minutes. Checks every minute."
    )]
    BruteForceByAddress,
    #[strum(
        message = "One user denied on many indices",
        detailed_message = "A per bucket monitor: one alert for each user refused for missing privileges on 5 or more different indices within 15 minutes, a sign of someone probing."
    )]
    UserDeniedOnManyIndices,
    #[strum(
        message = "Missing privileges",
        detailed_message = "Alerts when more than 10 requests are refused for missing privileges within 10 minutes; the results name the users."
    )]
    MissingPrivileges,
    #[strum(
        message = "Repeated access to one index by one user",
        detailed_message = "Alerts when one user touches the same index 500 times or more within 10 minutes. Needs index-level audit events (GRANTED_PRIVILEGES or compliance read logging)."
    )]
    RepeatedIndexAccess,
    #[strum(
        message = "Security index access attempts",
        detailed_message = "Alerts on any attempt to access the security configuration index directly (OPENDISTRO_SECURITY_INDEX_ATTEMPT)."
    )]
    SecurityIndexAccess,
    #[strum(
        message = "Bad headers / SSL exceptions",
        detailed_message = "Alerts when more than 10 requests with forged security headers or TLS failures arrive within 15 minutes."
    )]
    BadHeadersSsl,
    #[strum(
        message = "Portal: failed sign-ins",
        detailed_message = "Alerts when sign-ins to Monitor Studio itself fail or are rate-limited more than 5 times within 10 minutes, and names the accounts and addresses. Needs the audit log's copy in the cluster (MONITOR_STUDIO_AUDIT_TO_CLUSTER)."
    )]
    PortalFailedSignIns,
}

impl Id {
    fn template(self) -> Template {
        Template {
            id: self.into(),
            title: self.get_message().unwrap_or_default(),
            description: self.get_detailed_message().unwrap_or_default(),
            category: match self {
                Id::PortalFailedSignIns => PORTAL_AUDIT,
                _ => SECURITY_AUDIT,
            },
        }
    }
}

/// The gallery, in display order.
pub fn all() -> Vec<Template> {
    Id::VARIANTS.iter().map(|id| id.template()).collect()
}

/// A fresh draft for the template `id`.
pub fn build(id: &str) -> Option<MonitorDraft> {
    let id: Id = id.parse().ok()?;
    let name = id.template().title;
    Some(match id {
        Id::FailedLogins => visual(
            name,
            "FAILED_LOGIN",
            (5, TimeUnit::Minutes),
            (1, IntervalUnit::Minutes),
            &[],
            trigger("Too many failed logins", 1, 1.0, "Notify on-call", None),
        ),
        Id::MissingPrivileges => visual(
            name,
            "MISSING_PRIVILEGES",
            (10, TimeUnit::Minutes),
            (10, IntervalUnit::Minutes),
            &["audit_request_effective_user.keyword"],
            trigger("Many permission denials", 3, 10.0, "Notify security team", Some(MISSING_PRIVILEGES_MESSAGE)),
        ),
        Id::SecurityIndexAccess => visual(
            name,
            "OPENDISTRO_SECURITY_INDEX_ATTEMPT",
            (5, TimeUnit::Minutes),
            (5, IntervalUnit::Minutes),
            &[],
            trigger("Security index touched", 1, 0.0, "Notify on-call", Some(SECURITY_INDEX_MESSAGE)),
        ),
        Id::BruteForceByAddress => {
            let mut d = visual(
                name,
                "FAILED_LOGIN",
                (10, TimeUnit::Minutes),
                (1, IntervalUnit::Minutes),
                &["audit_request_remote_address.keyword"],
                trigger("Brute force suspected", 1, 0.0, "Notify on-call", None),
            );
            into_bucket_monitor(&mut d, 19.0);
            d
        }
        Id::UserDeniedOnManyIndices => {
            let mut d = extraction(
                name,
                5,
                json!({
                    "size": 0,
                    "query": { "bool": { "filter": [
                        time_range("15m"),
                        { "term": { "audit_category.keyword": "MISSING_PRIVILEGES" } },
                        { "exists": { "field": "audit_trace_indices.keyword" } }
                    ]}},
                    "aggregations": { "composite_agg": {
                        "composite": { "sources": [
                            { "user": { "terms": { "field": "audit_request_effective_user.keyword" } } }
                        ]},
                        "aggs": { "indices": { "cardinality": { "field": "audit_trace_indices.keyword" } } }
                    }}
                }),
                trigger("Denied on many indices", 2, 0.0, "Notify security team", Some(bucket::DEFAULT_BUCKET_MESSAGE)),
            );
            d.monitor_type = MonitorType::BucketLevel;
            d.triggers[0].reset_query_condition();
            d.triggers[0].bucket_selector = pretty(&json!({
                "buckets_path": { "indices": "indices" },
                "parent_bucket_path": "composite_agg",
                "script": { "source": "params.indices >= 5", "lang": "painless" }
            }));
            d
        }
        Id::RepeatedIndexAccess => extraction(
            name,
            10,
            json!({
                "size": 0,
                "query": { "bool": {
                    "filter": [ time_range("10m"), { "exists": { "field": "audit_trace_indices" } } ],
                    "must_not": [ { "term": { "audit_request_effective_user.keyword": "<NONE>" } } ]
                }},
                "aggregations": { "by_user": {
                    "terms": { "field": "audit_request_effective_user.keyword", "size": 20 },
                    "aggregations": { "by_index": { "terms": {
                        "field": "audit_trace_indices.keyword", "size": 5, "min_doc_count": 500
                    }}}
                }}
            }),
            TriggerDraft {
                script: REPEATED_ACCESS_CONDITION.to_owned(),
                ..trigger("One user hammers one index", 2, 0.0, "Notify security team", Some(REPEATED_ACCESS_MESSAGE))
            },
        ),
        Id::BadHeadersSsl => extraction(
            name,
            15,
            json!({
                "size": 0,
                "query": { "bool": { "filter": [
                    time_range("15m"),
                    { "terms": { "audit_category.keyword": ["BAD_HEADERS", "SSL_EXCEPTION"] } }
                ]}},
                "aggregations": {
                    "by_category": { "terms": { "field": "audit_category.keyword" } },
                    "by_address": { "terms": { "field": "audit_request_remote_address.keyword", "size": 5 } }
                }
            }),
            TriggerDraft {
                script: "ctx.results[0].hits.total.value > 10".to_owned(),
                ..trigger("Suspicious transport errors", 2, 10.0, "Notify security team", Some(BAD_HEADERS_MESSAGE))
            },
        ),
        Id::PortalFailedSignIns => MonitorDraft {
            indices: vec![PORTAL_AUDIT_INDEX.to_owned()],
            ..extraction(
                name,
                5,
                json!({
                    "size": 0,
                    "query": { "bool": { "filter": [
                        time_range("10m"),
                        { "terms": { "action": ["sign_in_failed", "sign_in_limited"] } }
                    ]}},
                    "aggregations": {
                        "by_actor": { "terms": { "field": "actor", "size": 10 } },
                        "by_address": { "terms": { "field": "address", "size": 10 } }
                    }
                }),
                TriggerDraft {
                    script: "ctx.results[0].hits.total.value > 5".to_owned(),
                    ..trigger("Sign-ins to the portal keep failing", 2, 5.0, "Notify security team", Some(PORTAL_SIGN_IN_MESSAGE))
                },
            )
        },
    })
}

const PORTAL_SIGN_IN_MESSAGE: &str = "Monitor {{ctx.monitor.name}}: {{ctx.results.0.hits.total.value}} failed sign-ins to Monitor Studio between {{ctx.periodStart}} and {{ctx.periodEnd}}.\n  - Accounts:\n{{#ctx.results.0.aggregations.by_actor.buckets}}    - {{key}}: {{doc_count}}\n{{/ctx.results.0.aggregations.by_actor.buckets}}  - Addresses:\n{{#ctx.results.0.aggregations.by_address.buckets}}    - {{key}}: {{doc_count}}\n{{/ctx.results.0.aggregations.by_address.buckets}}";

const MISSING_PRIVILEGES_MESSAGE: &str = "Monitor {{ctx.monitor.name}} just entered alert status.\n  - Trigger: {{ctx.trigger.name}}\n  - Severity: {{ctx.trigger.severity}}\n  - Refused requests: {{ctx.results.0.hits.total.value}}\n  - Users:\n{{#ctx.results.0.aggregations.terms_agg.buckets}}    - {{key}}: {{doc_count}}\n{{/ctx.results.0.aggregations.terms_agg.buckets}}  - Period: {{ctx.periodStart}} – {{ctx.periodEnd}}";

const SECURITY_INDEX_MESSAGE: &str = "Monitor {{ctx.monitor.name}}: {{ctx.results.0.hits.total.value}} attempt(s) to access the security index directly between {{ctx.periodStart}} and {{ctx.periodEnd}}. Check security-auditlog-* for audit_category OPENDISTRO_SECURITY_INDEX_ATTEMPT.";

const REPEATED_ACCESS_CONDITION: &str = "for (def user : ctx.results[0].aggregations.by_user.buckets) {\n  if (user.by_index.buckets.size() > 0) {\n    return true;\n  }\n}\nreturn false;";

const REPEATED_ACCESS_MESSAGE: &str = "Monitor {{ctx.monitor.name}}: heavy access to single indices between {{ctx.periodStart}} and {{ctx.periodEnd}}.\n{{#ctx.results.0.aggregations.by_user.buckets}}  - {{key}} ({{doc_count}} events)\n{{#by_index.buckets}}      - {{key}}: {{doc_count}}\n{{/by_index.buckets}}{{/ctx.results.0.aggregations.by_user.buckets}}";

const BAD_HEADERS_MESSAGE: &str = "Monitor {{ctx.monitor.name}}: {{ctx.results.0.hits.total.value}} bad-header or TLS errors between {{ctx.periodStart}} and {{ctx.periodEnd}}.\n{{#ctx.results.0.aggregations.by_address.buckets}}  - {{key}}: {{doc_count}}\n{{/ctx.results.0.aggregations.by_address.buckets}}";

/// `{{period_end}}`-anchored window, as the visual editor writes it.
fn time_range(window: &str) -> Value {
    json!({ "range": { AUDIT_TIME_FIELD: {
        "gte": format!("{{{{period_end}}}}||-{window}"), "lte": "{{period_end}}", "format": "epoch_millis"
    }}})
}

fn trigger(name: &str, severity: u8, threshold: f64, action: &str, message: Option<&str>) -> TriggerDraft {
    let defaults = ActionDraft::default();
    TriggerDraft {
        name: name.to_owned(),
        severity,
        threshold_enum: ThresholdEnum::Above,
        threshold_value: threshold,
        actions: vec![ActionDraft {
            name: action.to_owned(),
            message: message.map_or(defaults.message.clone(), str::to_owned),
            throttle_enabled: true,
            throttle_minutes: 10,
            ..defaults
        }],
        ..TriggerDraft::default()
    }
}

fn audit_draft(name: &str, every_minutes: u32) -> MonitorDraft {
    MonitorDraft {
        name: name.to_owned(),
        monitor_type: MonitorType::QueryLevel,
        schedule: Frequency::Interval { interval: every_minutes, unit: IntervalUnit::Minutes },
        indices: vec![AUDIT_INDEX.to_owned()],
        time_field: AUDIT_TIME_FIELD.to_owned(),
        ..MonitorDraft::default()
    }
}

/// A visual-editor template: count of audit events of one category.
fn visual(
    name: &str,
    category: &str,
    (window, window_unit): (u32, TimeUnit),
    (every, every_unit): (u32, IntervalUnit),
    group_by: &[&str],
    mut t: TriggerDraft,
) -> MonitorDraft {
    let mut d = audit_draft(name, every);
    d.schedule = Frequency::Interval { interval: every, unit: every_unit };
    d.defining_method = DefiningMethod::Visual;
    d.visual = VisualQuery {
        metrics: Vec::new(),
        time_range_value: window,
        time_range_unit: window_unit,
        filters: vec![Filter {
            field: "audit_category.keyword".to_owned(),
            field_type: FieldType::Keyword,
            operator: FilterOperator::Is,
            value: Value::String(category.to_owned()),
            ..Filter::default()
        }],
        group_by: group_by.iter().map(|g| (*g).to_owned()).collect(),
    };
    d.extraction_query = pretty(&query::search_body(&d.visual, &d.time_field));
    t.script = query::trigger_condition_script(&d.visual, t.threshold_enum, t.threshold_value);
    d.triggers = vec![t];
    d
}

/// Makes a visual count template per bucket: one alert per group, when the group's count
/// is above `above`; its actions run per alert for new alerts only, so an address that
/// keeps failing pages once, not every minute.
fn into_bucket_monitor(d: &mut MonitorDraft, above: f64) {
    d.monitor_type = MonitorType::BucketLevel;
    d.extraction_query = pretty(&query::bucket_search_body(&d.visual, &d.time_field));
    for t in &mut d.triggers {
        t.reset_query_condition();
        t.conditions = vec![BucketConditionDraft { threshold_value: above, ..BucketConditionDraft::default() }];
        t.bucket_selector = pretty(&serde_json::to_value(bucket::condition(&t.conditions, None)).unwrap_or_default());
        for a in &mut t.actions {
            a.message = bucket::DEFAULT_BUCKET_MESSAGE.to_owned();
            a.throttle_enabled = false;
            a.scope = ActionScope::PerAlert { actionable_alerts: vec![ActionableAlert::New] };
        }
    }
}

/// An extraction-query template.
fn extraction(name: &str, every_minutes: u32, query: Value, t: TriggerDraft) -> MonitorDraft {
    let mut d = audit_draft(name, every_minutes);
    d.defining_method = DefiningMethod::ExtractionQuery;
    d.extraction_query = pretty(&query);
    d.triggers = vec![t];
    d
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| DEFAULT_EXTRACTION_QUERY.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_name_their_drafts() {
        let ids: Vec<_> = all().iter().map(|t| t.id).collect();
        assert_eq!(
            ids,
            [
                "failed-logins",
                "brute-force-by-address",
                "user-denied-on-many-indices",
                "missing-privileges",
                "repeated-index-access",
                "security-index-access",
                "bad-headers-ssl",
                "portal-failed-sign-ins"
            ]
        );
        for t in all() {
            let id: Id = t.id.parse().unwrap();
            assert_eq!(id.template(), t);
            assert!(!t.title.is_empty() && !t.description.is_empty(), "{}", t.id);
            assert_eq!(build(t.id).unwrap().name, t.title);
        }
        assert!(build("Failed-Logins").is_none());
    }
}
