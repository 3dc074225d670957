//! Teams (`/api/v1/teams`, `/api/v1/team…`): who belongs to which team with which role,
//! the team each request acts in, and the team's data boundary (its index patterns).

use serde::{Deserialize, Serialize};

/// A member's role in a team, from least to most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TeamRole {
    /// Sees the team's drafts, monitors, alerts and channels.
    #[default]
    Viewer,
    /// Also authors drafts, runs previews, acknowledges alerts and tests channels.
    Editor,
    /// Also changes what runs on the cluster: publish, enable, disable, delete.
    Publisher,
    /// Also manages the team: members, channels and index patterns.
    TeamAdmin,
}

/// The team a request acts in, as `GET /api/v1/me` tells it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct CurrentTeam {
    pub id: String,
    pub name: String,
    /// The caller's role in it (an administrator who is not a member acts as team admin).
    pub role: TeamRole,
    /// Publishing needs a reviewer's approval (four-eyes): the editor asks for review.
    #[serde(default)]
    pub publish_needs_approval: bool,
}

/// A team as listed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TeamSummary {
    pub id: String,
    pub name: String,
    /// The caller's role; `None` for an administrator who is not a member.
    #[serde(default)]
    pub role: Option<TeamRole>,
}

/// One member of a team.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TeamMember {
    pub username: String,
    pub display_name: String,
    pub role: TeamRole,
}

/// `GET /api/v1/team`: the current team with its members and data boundary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Team {
    pub id: String,
    pub name: String,
    /// Index names or `prefix*` patterns the team's monitors, previews and lookups may
    /// read; empty: whatever the server's own allow-list allows.
    pub index_patterns: Vec<String>,
    pub members: Vec<TeamMember>,
    /// Every publish needs the approval of a publisher who is not its author.
    #[serde(default)]
    pub publish_needs_approval: bool,
    /// Where new review requests are announced (a JSON POST); secrets in it masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_webhook_url: Option<String>,
    /// Who the cluster knows this team as (`basic auth as team-a`, `an API key`); `None`:
    /// the server's own identity. The secret is never answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_identity: Option<String>,
}

/// `POST /api/v1/teams` body (administrators).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    pub name: String,
    #[serde(default)]
    pub index_patterns: Vec<String>,
}

/// `PUT /api/v1/team` body: the current team's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamSettings {
    pub index_patterns: Vec<String>,
    #[serde(default)]
    pub publish_needs_approval: bool,
    /// Sending back the masked URL keeps the stored one; empty or absent removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_webhook_url: Option<String>,
}

/// `PUT /api/v1/team/members/{username}` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberRole {
    pub role: TeamRole,
}

/// `POST /api/v1/me/team` body: the team this browser session (or the caller) acts in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SwitchTeam {
    pub team: String,
}

/// One group → team mapping (`GET /api/v1/group-mappings`, administrators): members of
/// `group` at the identity provider are members of `team` with `role`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct GroupMapping {
    pub group: String,
    /// The team's id.
    pub team: String,
    /// The team's name (answers only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub team_name: String,
    pub role: TeamRole,
}

/// `PUT /api/v1/group-mappings` body: every mapping, replacing the previous ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupMappings {
    pub mappings: Vec<GroupMappingInput>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupMappingInput {
    pub group: String,
    /// The team's id.
    pub team: String,
    pub role: TeamRole,
}

/// `PUT /api/v1/teams/{id}/cluster-identity` body (administrators): a cluster user and
/// password, or an API key. Stored sealed; never answered again.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClusterIdentity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

impl std::fmt::Debug for ClusterIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterIdentity").field("username", &self.username).finish_non_exhaustive()
    }
}
