//! `/api/v1/cluster…`: the cluster's status and the lookups behind the pickers, as thin
//! handlers over [`super::lookups`].

use app::api::{Call, ClusterStatus, FieldInfo, IndexSuggestion, ops};

use super::lookups;
use crate::{api::Ctx, error::ApiResult};

/// Never fails: an unreachable cluster is a status, not an error, so the UI can say so.
pub async fn cluster_status(state: Ctx, _: Call<ops::GetCluster>) -> ApiResult<ClusterStatus> {
    Ok(lookups::status(state.cluster.as_ref()).await)
}

/// Typeahead as in the Dashboards: for `q` look up `q*` and `q`; exact matches first.
pub async fn suggest_indices(state: Ctx, call: Call<ops::SuggestIndices>) -> ApiResult<Vec<IndexSuggestion>> {
    lookups::suggest_indices(&state.cluster().await?, &call.query.pattern, &state.access()).await
}

pub async fn list_fields(state: Ctx, call: Call<ops::ListFields>) -> ApiResult<Vec<FieldInfo>> {
    lookups::fields(&state.cluster().await?, &call.query.indices, &state.access()).await
}
