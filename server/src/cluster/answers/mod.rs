//! What the cluster answers, as types. Every operation of [`super::ops`] reads its answer
//! into one of these at the client boundary, so the rest of the server works with fields,
//! not `Value["…"]` lookups, and an answer of the wrong shape fails once, here, as a 502
//! that names the field (`_seq_no: missing field`) instead of turning into a silent zero.
//!
//! Unknown fields are always tolerated: the cluster adds fields from release to release.
//! What the server passes through untouched (a monitor body for the shared model's
//! converters, a search response shown to the person) stays a `serde_json::Value`.
//!
//! - this file: the search envelope and the aggregation building blocks;
//! - [`monitor`]: monitor documents, write answers and the monitor fields the server reads;
//! - [`alerts`]: alerts, acknowledgements; [`channels`]: notification configs;
//! - [`execute`]: `_execute` results; [`lookups`]: version, plugins, health, indices, mappings;
//! - [`bulk`]: the audit log's copy into the cluster.

pub mod alerts;
pub mod bulk;
pub mod channels;
pub mod execute;
pub mod findings;
pub mod lookups;
pub mod monitor;

use serde::{Deserialize, Deserializer, de::IgnoredAny};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

/// Reads a typed view out of a value the server keeps whole (a monitor body, a search
/// response); a mismatch is the same 502 as a mismatched answer.
pub fn view<'a, T: Deserialize<'a>>(value: &'a Value, what: &str) -> ApiResult<T> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let reason = match err.path().to_string().as_str() {
            "." => err.inner().to_string(),
            path => format!("{path}: {}", err.inner()),
        };
        ApiError::from(super::transport::TransportError::Unexpected { what: what.to_owned(), reason })
    })
}

/// A search answer: hits with sources of type `S`, aggregations of type `A`.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>, A: Deserialize<'de>"))]
pub struct SearchAnswer<S = IgnoredAny, A = IgnoredAny> {
    #[serde(default)]
    pub hits: Hits<S>,
    /// Absent when the body asked for none, or when nothing was searched (no index yet).
    #[serde(default)]
    pub aggregations: Option<A>,
}

impl<S, A> SearchAnswer<S, A> {
    /// What searching an index that does not exist yet means: nothing found.
    pub fn empty() -> Self {
        SearchAnswer { hits: Hits::default(), aggregations: None }
    }
}

#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
pub struct Hits<S> {
    #[serde(default)]
    pub total: Total,
    #[serde(default = "Vec::new")]
    pub hits: Vec<Hit<S>>,
}

impl<S> Default for Hits<S> {
    fn default() -> Self {
        Hits { total: Total::default(), hits: Vec::new() }
    }
}

/// `hits.total`: `{"value": n, "relation": "eq"}`, or a bare number on old clusters.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Total {
    Count(u64),
    Object { value: u64 },
}

impl Default for Total {
    fn default() -> Self {
        Total::Count(0)
    }
}

impl Total {
    pub fn value(&self) -> u64 {
        match self {
            Total::Count(n) | Total::Object { value: n } => *n,
        }
    }
}

/// One search hit. Every hit has an `_id`; the concurrency tokens come only when the
/// search asked for them (`seq_no_primary_term`).
#[derive(Debug, Deserialize)]
pub struct Hit<S> {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_seq_no", default)]
    pub seq_no: Option<i64>,
    #[serde(rename = "_primary_term", default)]
    pub primary_term: Option<i64>,
    #[serde(rename = "_source")]
    pub source: S,
}

/// A `terms` (or any bucketed) aggregation.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "B: Deserialize<'de>"))]
pub struct Buckets<B> {
    #[serde(default = "Vec::new")]
    pub buckets: Vec<B>,
}

impl<B> Default for Buckets<B> {
    fn default() -> Self {
        Buckets { buckets: Vec::new() }
    }
}

/// A `filter` aggregation: how many documents matched.
#[derive(Debug, Default, Deserialize)]
pub struct DocCount {
    #[serde(default)]
    pub doc_count: u64,
}

/// A `min`/`max` aggregation: `null` when no document had the field.
#[derive(Debug, Default, Deserialize)]
pub struct Metric {
    #[serde(default)]
    pub value: Option<f64>,
}

/// A `top_hits` aggregation; only the sources are read (its hits carry no `_id` here).
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
pub struct TopHits<S> {
    pub hits: TopHitList<S>,
}

impl<S> Default for TopHits<S> {
    fn default() -> Self {
        TopHits { hits: TopHitList { hits: Vec::new() } }
    }
}

impl<S> TopHits<S> {
    pub fn first(&self) -> Option<&S> {
        self.hits.hits.first().map(|h| &h.source)
    }
}

#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
pub struct TopHitList<S> {
    #[serde(default = "Vec::new")]
    pub hits: Vec<TopHit<S>>,
}

#[derive(Debug, Deserialize)]
pub struct TopHit<S> {
    #[serde(rename = "_source")]
    pub source: S,
}

/// Epoch milliseconds, as alerting writes times and date histograms key their buckets:
/// an integer, or a float from a `min`/`max` aggregation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EpochMillis(pub i64);

impl<'de> Deserialize<'de> for EpochMillis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Number {
            Int(i64),
            Float(f64),
        }
        Ok(EpochMillis(match Number::deserialize(d)? {
            Number::Int(n) => n,
            Number::Float(f) => f as i64,
        }))
    }
}

impl EpochMillis {
    /// RFC 3339 UTC with milliseconds (what the API answers).
    pub fn rfc3339(self) -> Option<String> {
        chrono::DateTime::from_timestamp_millis(self.0).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }
}

/// Text that the cluster may also write as a number (`severity: 1`); `null` is empty.
pub fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(String::new()),
        Some(v) => Ok(app::model::monitor::lenient::string_value(&v).unwrap_or_else(|| v.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn totals_hits_and_times_read_every_spelling() {
        let a: SearchAnswer<Value> = serde_json::from_value(json!({"hits": {"total": {"value": 3, "relation": "eq"}, "hits": [{"_id": "x", "_source": {}}]}})).unwrap();
        assert_eq!((a.hits.total.value(), a.hits.hits[0].id.as_str(), a.hits.hits[0].seq_no), (3, "x", None));
        let old: SearchAnswer = serde_json::from_value(json!({"hits": {"total": 7}, "took": 1})).unwrap();
        assert_eq!(old.hits.total.value(), 7);
        assert!(serde_json::from_value::<SearchAnswer>(json!({"hits": {"hits": [{"_source": {}}]}})).is_err(), "a hit without _id is garbage");
        let t: EpochMillis = serde_json::from_value(json!(1.795930175734e12)).unwrap();
        assert_eq!(t.rfc3339().as_deref(), Some("2026-11-29T05:29:35.734Z"));
    }
}
