//! Monitor documents. The envelope (`_id`, `_version`, `_seq_no`, `_primary_term`) is
//! typed and required: an update guarded by a concurrency token the cluster did not send
//! would be guarded by nothing. The monitor body stays JSON (it goes to the shared model's
//! converters and back to the cluster as it came); [`MonitorView`] is what the server reads
//! out of it.

use app::model::monitor::{CompositeInput, Trigger};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::{EpochMillis, lenient_text};

/// `GET …/monitors/{id}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MonitorDoc {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_version")]
    pub version: i64,
    #[serde(rename = "_seq_no")]
    pub seq_no: i64,
    #[serde(rename = "_primary_term")]
    pub primary_term: i64,
    /// The monitor body, or a composite monitor's (`GET …/workflows/{id}` names it
    /// `workflow`).
    #[serde(alias = "workflow")]
    pub monitor: Value,
    /// The composite monitors (workflows) this monitor is a delegate of.
    #[serde(default)]
    pub associated_workflows: Vec<WorkflowEntry>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct WorkflowEntry {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// `POST …/monitors` and `PUT …/monitors/{id}`: where the write landed.
#[derive(Debug, Clone, Deserialize)]
pub struct WriteAnswer {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_seq_no")]
    pub seq_no: i64,
    #[serde(rename = "_primary_term")]
    pub primary_term: i64,
}

/// The fields of a monitor body the server itself reads (lists, the monitor page, publish).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MonitorView {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default = "query_level_monitor")]
    monitor_type: String,
    /// `composite` for a workflow, which the cluster stores without a `monitor_type`.
    #[serde(default)]
    workflow_type: Option<String>,
    #[serde(default)]
    pub last_update_time: Option<EpochMillis>,
    #[serde(default)]
    pub enabled_time: Option<EpochMillis>,
    #[serde(default)]
    pub schedule: Option<Value>,
    #[serde(default)]
    pub inputs: Vec<InputView>,
    #[serde(default)]
    pub triggers: Vec<TriggerView>,
    #[serde(default)]
    pub ui_metadata: Option<UiMetadata>,
}

fn query_level_monitor() -> String {
    app::model::MonitorType::QueryLevel.api_name().to_owned()
}

impl MonitorView {
    /// The `monitor_type`; composite for a workflow.
    pub fn monitor_type(&self) -> String {
        if self.workflow_type.is_some() { app::model::MonitorType::Composite.api_name().to_owned() } else { self.monitor_type.clone() }
    }

    /// Whether this is a composite monitor (a workflow, with its own API).
    pub fn is_workflow(&self) -> bool {
        self.workflow_type.is_some()
    }

    /// The delegates of a composite monitor, in order.
    pub fn delegates(&self) -> Vec<String> {
        self.inputs.iter().find_map(|i| i.composite_input.as_ref()).map(CompositeInput::ordered_ids).unwrap_or_default()
    }

    /// The indices of a search or document-level input (none for cluster metrics).
    pub fn indices(&self) -> Vec<String> {
        let Some(input) = self.inputs.first() else { return Vec::new() };
        input.search.as_ref().or(input.doc_level_input.as_ref()).map(|i| i.indices.clone()).unwrap_or_default()
    }

    /// The token a Monitor Studio publish left in `ui_metadata.monitor_studio`.
    pub fn publish_token(&self) -> Option<&str> {
        self.ui_metadata.as_ref()?.monitor_studio.as_ref()?.publish_token.as_deref()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InputView {
    pub search: Option<Indices>,
    pub doc_level_input: Option<Indices>,
    /// The shared model's own type: the delegates are read as publish writes them.
    pub composite_input: Option<CompositeInput>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Indices {
    #[serde(default)]
    pub indices: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UiMetadata {
    #[serde(default)]
    pub monitor_studio: Option<StudioTag>,
}

/// What a publish writes into the monitor (see `publish::tag`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StudioTag {
    /// The team owning the monitor.
    pub team_id: Option<String>,
    pub draft_id: Option<String>,
    pub publish_token: Option<String>,
}

/// One trigger of any kind, its `*_level_trigger` wrapper taken off by the shared model's
/// [`Trigger::unwrap_json`] (the one place that knows the wrappers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TriggerView {
    pub id: Option<String>,
    pub name: String,
    pub severity: String,
    pub actions: usize,
    /// The condition script's source (bucket triggers: their bucket selector script).
    pub condition: String,
}

impl<'de> Deserialize<'de> for TriggerView {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            #[serde(default)]
            id: Option<String>,
            #[serde(default)]
            name: String,
            #[serde(default, deserialize_with = "lenient_text")]
            severity: String,
            #[serde(default)]
            actions: Vec<serde::de::IgnoredAny>,
            #[serde(default)]
            condition: Option<Condition>,
        }
        #[derive(Deserialize)]
        struct Condition {
            #[serde(default)]
            script: Option<Script>,
        }
        #[derive(Deserialize)]
        struct Script {
            #[serde(default)]
            source: String,
        }
        let whole = Value::deserialize(d)?;
        let (_, inner) = Trigger::unwrap_json(&whole);
        let f = Fields::deserialize(inner).map_err(serde::de::Error::custom)?;
        Ok(TriggerView {
            id: f.id,
            name: f.name,
            severity: f.severity,
            actions: f.actions.len(),
            condition: f.condition.and_then(|c| c.script).map(|s| s.source).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_monitor_without_its_concurrency_tokens_is_refused() {
        let ok = json!({"_id": "m", "_version": 2, "_seq_no": 5, "_primary_term": 1, "monitor": {"name": "x"}, "extra": true});
        let doc: MonitorDoc = serde_json::from_value(ok).unwrap();
        assert_eq!((doc.seq_no, doc.primary_term, doc.version), (5, 1, 2));
        for missing in ["_seq_no", "_primary_term"] {
            let mut v = json!({"_id": "m", "_version": 2, "_seq_no": 5, "_primary_term": 1, "monitor": {}});
            v.as_object_mut().unwrap().remove(missing);
            let err = serde_json::from_value::<MonitorDoc>(v).unwrap_err().to_string();
            assert!(err.contains(missing), "{err}");
        }
    }

    #[test]
    fn triggers_of_every_kind_read_the_same() {
        let m: MonitorView = serde_json::from_value(json!({"triggers": [
            {"query_level_trigger": {"id": "a", "name": "A", "severity": 1, "condition": {"script": {"source": "true"}}, "actions": [{}, {}]}},
            {"bucket_level_trigger": {"id": "b", "name": "B", "severity": "2", "condition": {"buckets_path": {}, "script": {"source": "x"}}}},
            {"id": "c", "name": "C", "severity": "3", "condition": {"script": {"source": "y"}}},
        ], "inputs": [{"doc_level_input": {"indices": ["d"]}}], "ui_metadata": {"monitor_studio": {"publish_token": "t"}}})).unwrap();
        let got: Vec<(Option<&str>, &str, &str, usize)> = m.triggers.iter().map(|t| (t.id.as_deref(), t.name.as_str(), t.severity.as_str(), t.actions)).collect();
        assert_eq!(got, [(Some("a"), "A", "1", 2), (Some("b"), "B", "2", 0), (Some("c"), "C", "3", 0)]);
        assert_eq!(m.triggers[1].condition, "x");
        assert_eq!((m.indices(), m.publish_token(), m.monitor_type()), (vec!["d".to_owned()], Some("t"), "query_level_monitor".to_owned()));
        let w: MonitorView = serde_json::from_value(json!({"type": "workflow", "workflow_type": "composite", "inputs": [{"composite_input": {"sequence": {"delegates": [
            {"order": 2, "monitor_id": "b"}, {"order": 1, "monitor_id": "a"}]}}}]})).unwrap();
        assert_eq!((w.monitor_type(), w.is_workflow(), w.delegates()), ("composite".to_owned(), true, vec!["a".to_owned(), "b".to_owned()]));
    }
}
