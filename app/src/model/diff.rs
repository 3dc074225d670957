//! A semantic diff of two JSON documents (normally two normalized monitors): the paths that
//! differ, with the value on each side. Used to show what changed on the cluster before a
//! person decides to overwrite it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Change {
    /// Dotted path, array indices in brackets: `triggers[0].severity`.
    pub path: String,
    /// `null` when the path only exists on the other side.
    pub before: Value,
    pub after: Value,
}

/// The changes that turn `before` into `after`, in path order.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_owned() } else { format!("{prefix}.{key}") }
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                walk(&join(path, k), x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                walk(&format!("{path}[{i}]"), p, q, out);
            }
        }
        _ if a != b => out.push(Change { path: path.to_owned(), before: a.clone(), after: b.clone() }),
        _ => {}
    }
}

/// One line per change: `schedule.period.interval: 1 → 5`.
pub fn describe(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| {
            let show = |v: &Value| match v {
                Value::Null => "(none)".to_owned(),
                Value::String(_) => v.to_string(),
                other => other.to_string(),
            };
            format!("{}: {} → {}", c.path, show(&c.before), show(&c.after))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_changed_added_and_removed_paths() {
        let a = json!({"name": "x", "schedule": {"period": {"interval": 1}}, "triggers": [{"severity": "1"}], "gone": true});
        let b = json!({"name": "x", "schedule": {"period": {"interval": 5}}, "triggers": [{"severity": "2"}], "new": [1]});
        let changes = diff(&a, &b);
        let paths: Vec<_> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["gone", "new", "schedule.period.interval", "triggers[0].severity"]);
        assert_eq!(describe(&changes[2..3]), "schedule.period.interval: 1 → 5");
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn arrays_of_different_length_differ_as_a_whole() {
        let changes = diff(&json!({"t": [1, 2]}), &json!({"t": [1]}));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "t");
    }
}
