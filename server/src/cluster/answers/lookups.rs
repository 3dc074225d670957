//! Lookups: the cluster's version and plugins, its health, index resolution and mappings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `GET /`.
#[derive(Debug, Deserialize)]
pub struct RootInfo {
    #[serde(default)]
    pub cluster_name: String,
    pub version: VersionInfo,
}

#[derive(Debug, Deserialize)]
pub struct VersionInfo {
    #[serde(default)]
    pub number: String,
    /// `opensearch`; absent on Elasticsearch / Open Distro 7.x.
    #[serde(default)]
    pub distribution: Option<String>,
}

/// A row of `GET _cat/plugins?format=json&h=component`.
#[derive(Debug, Deserialize)]
pub struct PluginRow {
    #[serde(default)]
    pub component: Option<String>,
}

/// `GET _cluster/health` (only the colour is read).
#[derive(Debug, Serialize, Deserialize)]
pub struct ClusterHealth {
    pub status: String,
}

/// `GET _resolve/index/{pattern}`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ResolvedIndices {
    pub indices: Vec<Resolved>,
    pub aliases: Vec<Resolved>,
    pub data_streams: Vec<Resolved>,
}

/// An index, alias or data stream; aliases name their `indices`, data streams their
/// `backing_indices`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Resolved {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indices: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backing_indices: Vec<String>,
}

/// A row of `GET _cat/indices?format=json&h=health,index,status` (a closed index has no
/// health).
#[derive(Debug, Serialize, Deserialize)]
pub struct CatIndex {
    pub index: String,
    #[serde(default)]
    pub health: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `GET {indices}/_mapping`: per index, its field tree.
pub type Mappings = BTreeMap<String, IndexMapping>;

#[derive(Debug, Default, Deserialize)]
pub struct IndexMapping {
    #[serde(default)]
    pub mappings: FieldTree,
}

#[derive(Debug, Default, Deserialize)]
pub struct FieldTree {
    #[serde(default)]
    pub properties: BTreeMap<String, FieldSpec>,
}

/// One mapped field. `enabled`/`index` may be written as text by old templates.
#[derive(Debug, Default, Deserialize)]
pub struct FieldSpec {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    pub index: Option<bool>,
    #[serde(default)]
    pub properties: Option<BTreeMap<String, FieldSpec>>,
    /// Multi-fields (`"fields": {"keyword": {"type": "keyword"}}`).
    #[serde(default)]
    pub fields: BTreeMap<String, SubField>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SubField {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(v.as_ref().and_then(app::model::monitor::lenient::bool_value))
}
