//! The cluster client: one shared connection pool, version and plugin detection, and the
//! allow-list of operations Monitor Studio performs ([`ops`]), each answering a typed
//! answer ([`answers`]). The browser never talks to the cluster; every cluster call in the
//! product goes through here.

pub mod answers;
pub mod boundary;
pub mod destinations;
pub mod error;
pub mod fields;
pub mod lookups;
pub mod ops;
pub mod routes;
pub mod transport;

use std::{sync::Arc, time::{Duration, Instant}};

use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use crate::{config::ClusterConfig, error::{ApiError, ApiResult}};
use transport::{Transport, TransportError};

/// What the cluster is and what it can do, as detected on connect.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ClusterInfo {
    pub url: String,
    pub cluster_name: String,
    pub version: String,
    /// `opensearch`, or `elasticsearch` for Open Distro 7.x clusters.
    pub distribution: String,
    /// Base path of the alerting API: `/_plugins/_alerting` or `/_opendistro/_alerting`.
    pub alerting_path: String,
    pub plugins: Vec<String>,
    pub has_alerting: bool,
    pub has_notifications: bool,
    pub has_job_scheduler: bool,
    /// What the UI cannot offer on this cluster, in words.
    pub unavailable: Vec<String>,
}

/// How long detected facts are trusted before asking again.
const INFO_TTL: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct ClusterClient {
    transport: Transport,
    boundary: Arc<boundary::Boundary>,
    info: Arc<RwLock<Option<(Instant, ClusterInfo)>>>,
}

impl ClusterClient {
    pub fn new(config: &ClusterConfig) -> Result<ClusterClient, TransportError> {
        let boundary = boundary::Boundary::new(config.indices.clone(), config.channel_hosts.clone(), &config.url);
        Ok(ClusterClient { transport: Transport::new(config)?, boundary: Arc::new(boundary), info: Arc::new(RwLock::new(None)) })
    }

    /// What may be read and where channels may send (see [`boundary`]).
    pub fn boundary(&self) -> &boundary::Boundary {
        &self.boundary
    }

    /// The same cluster, called as another user (a team's cluster identity), so the
    /// cluster's own permissions apply to what that team does.
    pub fn acting_as(&self, authorization: reqwest::header::HeaderValue) -> ClusterClient {
        ClusterClient { transport: self.transport.acting_as(authorization), ..self.clone() }
    }

    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// The detected facts, refreshed every [`INFO_TTL`].
    pub async fn info(&self) -> ApiResult<ClusterInfo> {
        if let Some((at, info)) = self.info.read().await.as_ref() {
            if at.elapsed() < INFO_TTL {
                return Ok(info.clone());
            }
        }
        let info = self.detect().await?;
        *self.info.write().await = Some((Instant::now(), info.clone()));
        Ok(info)
    }

    /// The alerting base path; `_plugins` unless the cluster is Open Distro.
    pub async fn alerting_path(&self) -> String {
        match self.info().await {
            Ok(info) => info.alerting_path,
            Err(_) => "/_plugins/_alerting".to_owned(),
        }
    }
}

/// The configured cluster, or a clear 503 when there is none.
pub fn require(cluster: &Option<ClusterClient>) -> ApiResult<&ClusterClient> {
    cluster.as_ref().ok_or_else(|| ApiError::Cluster {
        status: axum::http::StatusCode::SERVICE_UNAVAILABLE,
        message: "No cluster is configured (set MONITOR_STUDIO_CLUSTER_URL). Drafts work without one.".into(),
        errors: Default::default(),
    })
}
