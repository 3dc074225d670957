//! Triggers of every kind. On the wire each is a single-key object naming its kind
//! (`{"bucket_level_trigger":{…}}`), except query-level triggers, which the Dashboards send
//! bare and the cluster accepts either way.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use strum::{EnumDiscriminants, EnumString, IntoStaticStr, VariantNames};

use super::super::draft::variant_array;
use super::{Action, Script, ScriptCondition, lenient};

/// One trigger. The kinds are told apart by their wrapper key on the wire.
///
/// Query-level triggers are *serialized unwrapped*, as the Dashboards send them (the
/// cluster reads a bare trigger as query-level), and read from either form: the cluster
/// echoes them wrapped in `query_level_trigger`. The other kinds are always wrapped.
///
/// [`TriggerKind`] names the kinds by their wrapper keys.
#[derive(Clone, Debug, PartialEq, EnumDiscriminants)]
#[strum_discriminants(name(TriggerKind), derive(Hash, IntoStaticStr, EnumString, VariantNames))]
pub enum Trigger {
    #[strum_discriminants(strum(serialize = "query_level_trigger"))]
    QueryLevel(QueryLevelTrigger),
    #[strum_discriminants(strum(serialize = "bucket_level_trigger"))]
    BucketLevel(BucketLevelTrigger),
    #[strum_discriminants(strum(serialize = "document_level_trigger"))]
    DocumentLevel(DocumentLevelTrigger),
    #[strum_discriminants(strum(serialize = "chained_alert_trigger"))]
    Chained(ChainedAlertTrigger),
}

impl TriggerKind {
    /// The key that wraps a trigger of this kind on the wire (`bucket_level_trigger`).
    pub fn wrapper(self) -> &'static str {
        self.into()
    }

    pub fn from_wrapper(key: &str) -> Option<TriggerKind> {
        key.parse().ok()
    }
}

impl Trigger {
    /// The wrapper keys, in the order they are tried.
    pub const WRAPPERS: [&'static str; 4] = variant_array(TriggerKind::VARIANTS);

    pub fn kind(&self) -> TriggerKind {
        self.into()
    }

    pub fn name(&self) -> &str {
        match self {
            Trigger::QueryLevel(t) => &t.name,
            Trigger::BucketLevel(t) => &t.name,
            Trigger::DocumentLevel(t) => &t.name,
            Trigger::Chained(t) => &t.name,
        }
    }

    pub fn actions(&self) -> &[Action] {
        match self {
            Trigger::QueryLevel(t) => &t.actions,
            Trigger::BucketLevel(t) => &t.actions,
            Trigger::DocumentLevel(t) => &t.actions,
            Trigger::Chained(t) => &t.actions,
        }
    }

    /// Splits a trigger element into its wrapper key (`None` = bare query-level) and body.
    pub fn unwrap_json(v: &Value) -> (Option<&'static str>, &Value) {
        if let Some(obj) = v.as_object() {
            for key in Trigger::WRAPPERS {
                if let Some(inner) = obj.get(key) {
                    return (Some(key), inner);
                }
            }
        }
        (None, v)
    }

    /// [`Trigger::unwrap_json`], for changing the trigger's body in place.
    pub fn unwrap_json_mut(v: &mut Value) -> &mut Value {
        let key = Trigger::unwrap_json(v).0;
        match key {
            Some(key) => &mut v[key],
            None => v,
        }
    }
}

impl Serialize for Trigger {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn wrapped<S: Serializer, T: Serialize>(s: S, key: &str, t: &T) -> Result<S::Ok, S::Error> {
            let mut map = std::collections::BTreeMap::new();
            map.insert(key, t);
            map.serialize(s)
        }
        let key = self.kind().wrapper();
        match self {
            Trigger::QueryLevel(t) => t.serialize(s),
            Trigger::BucketLevel(t) => wrapped(s, key, t),
            Trigger::DocumentLevel(t) => wrapped(s, key, t),
            Trigger::Chained(t) => wrapped(s, key, t),
        }
    }
}

impl<'de> Deserialize<'de> for Trigger {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let (key, inner) = Trigger::unwrap_json(&v);
        let inner = inner.clone();
        let parsed = match key.and_then(TriggerKind::from_wrapper) {
            None | Some(TriggerKind::QueryLevel) => serde_json::from_value(inner).map(Trigger::QueryLevel),
            Some(TriggerKind::BucketLevel) => serde_json::from_value(inner).map(Trigger::BucketLevel),
            Some(TriggerKind::DocumentLevel) => serde_json::from_value(inner).map(Trigger::DocumentLevel),
            Some(TriggerKind::Chained) => serde_json::from_value(inner).map(Trigger::Chained),
        };
        parsed.map_err(D::Error::custom)
    }
}

/// Query-level (and cluster metrics) trigger, in the Dashboards' unwrapped shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryLevelTrigger {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// A free string on the cluster; the UI uses `"1"`…`"5"`. Numbers are accepted.
    #[serde(deserialize_with = "lenient::string")]
    pub severity: String,
    pub condition: ScriptCondition,
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Always sent as `null` by the Dashboards; kept for byte-compatible bodies.
    #[serde(default)]
    pub min_time_between_executions: Option<Value>,
    #[serde(default)]
    pub rolling_window_size: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketLevelTrigger {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub severity: String,
    pub condition: BucketCondition,
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// A bucket selector over the `composite_agg` buckets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketCondition {
    /// `{"<param>":"<agg path>"}`.
    pub buckets_path: Map<String, Value>,
    pub parent_bucket_path: String,
    pub script: Script,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composite_agg_filter: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_policy: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentLevelTrigger {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub severity: String,
    /// Not Painless: an expression over queries, `query[name=q1] && query[tag=t1]`.
    pub condition: ScriptCondition,
    #[serde(default)]
    pub actions: Vec<Action>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainedAlertTrigger {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub severity: String,
    /// `monitor[id=a] && !monitor[id=b]`.
    pub condition: ScriptCondition,
    #[serde(default)]
    pub actions: Vec<Action>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn wrapper_keys_round_trip() {
        assert_eq!(
            Trigger::WRAPPERS,
            ["query_level_trigger", "bucket_level_trigger", "document_level_trigger", "chained_alert_trigger"]
        );
        for key in Trigger::WRAPPERS {
            let kind = TriggerKind::from_wrapper(key).unwrap();
            assert_eq!(kind.wrapper(), key);
        }
        assert_eq!(TriggerKind::from_wrapper("query_level"), None);
    }

    #[test]
    fn every_wrapped_kind_reads_back_as_itself_under_its_key() {
        let actions = json!([]);
        let script = json!({"script": {"source": "true", "lang": "painless"}});
        let bodies = [
            json!({"name": "q", "severity": "1", "condition": script, "actions": actions}),
            json!({"name": "b", "severity": "1", "actions": actions, "condition": {
                "buckets_path": {"_count": "_count"}, "parent_bucket_path": "composite_agg",
                "script": {"source": "true", "lang": "painless"}}}),
            json!({"name": "d", "severity": "1", "condition": script, "actions": actions}),
            json!({"name": "c", "severity": "1", "condition": script, "actions": actions}),
        ];
        for (key, body) in Trigger::WRAPPERS.into_iter().zip(bodies) {
            let wrapped = json!({ key: body.clone() });
            let t: Trigger = serde_json::from_value(wrapped.clone()).unwrap();
            assert_eq!(t.kind().wrapper(), key);
            assert_eq!(Trigger::unwrap_json(&wrapped), (Some(key), &body));
            let out = serde_json::to_value(&t).unwrap();
            if t.kind() == TriggerKind::QueryLevel {
                assert_eq!(out["name"], "q", "query-level triggers are written bare");
            } else {
                assert_eq!(out[key]["name"], body["name"], "{key}");
            }
        }
    }
}
