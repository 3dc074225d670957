//! The one route list: every `/api/v1` operation, declared once with its method, path,
//! permission, success status and types. The server's router and OpenAPI document and the
//! UI's typed client are derived from this table (see [`super::contract`]).

use super::contract::{Media, Method, NoBody, NoContent, NoQuery, Operation, Permission};
use super::{alerts, audit, channels, cluster, drafts, embed, findings, me, monitors, preview, publish, reviews, schedule, teams};
use super::embed::EmbedGrant;
use crate::model::Frequency;

/// One operation as data: what the OpenAPI document and the route tests iterate.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    pub id: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub summary: &'static str,
    pub permission: Permission,
    /// What an embed link must grant to call it (`None`: never).
    pub embed: Option<EmbedGrant>,
    pub status: u16,
    pub takes_body: bool,
    pub media: Media,
    /// The JSON Schemas of the query, body and answer (`None` where there is none).
    #[cfg(feature = "ssr")]
    pub schemas: fn(&mut schemars::SchemaGenerator) -> OpSchemas,
}

/// The schemas of one operation, for the OpenAPI document.
#[cfg(feature = "ssr")]
pub struct OpSchemas {
    /// The query type's own (inline) schema: its properties are the query parameters.
    pub query: Option<schemars::Schema>,
    pub body: Option<schemars::Schema>,
    pub response: Option<schemars::Schema>,
}

macro_rules! or_type {
    ($default:ty) => { $default };
    ($default:ty, $given:ty) => { $given };
}

macro_rules! media {
    () => { Media::Json };
    ($media:ident) => { Media::$media };
}

macro_rules! embed_grant {
    () => { None };
    ($grant:ident) => { Some(EmbedGrant::$grant) };
}

macro_rules! given {
    () => { false };
    ($given:ty) => { true };
}

#[cfg(feature = "ssr")]
macro_rules! subschema {
    ($g:ident) => { None };
    ($g:ident, $given:ty) => { Some($g.subschema_for::<$given>()) };
}

#[cfg(feature = "ssr")]
macro_rules! rootschema {
    ($g:ident) => { None };
    ($g:ident, $given:ty) => { Some($g.root_schema_for::<$given>()) };
}

macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $id:literal: $method:ident $path:literal, $permission:ident $(embed $grant:ident)?, $status:literal,
            params [$($params:ty)?], query [$($query:ty)?], body [$($body:ty)?] => $response:ty $(as $media:ident)?;
    )*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Clone, Copy, Debug)]
            pub struct $name;

            impl Operation for $name {
                const ID: &'static str = $id;
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                const SUMMARY: &'static str = concat!($($doc),*);
                const PERMISSION: Permission = Permission::$permission;
                const EMBED: Option<EmbedGrant> = embed_grant!($($grant)?);
                const STATUS: u16 = $status;
                const TAKES_BODY: bool = given!($($body)?);
                const MEDIA: Media = media!($($media)?);
                type Params = or_type!(() $(, $params)?);
                type Query = or_type!(NoQuery $(, $query)?);
                type Body = or_type!(NoBody $(, $body)?);
                type Response = $response;
            }
        )*

        /// Every operation, in the order of the table.
        pub const ALL: &[OpInfo] = &[$(
            OpInfo {
                id: $id,
                method: Method::$method,
                path: $path,
                summary: <$name as Operation>::SUMMARY,
                permission: Permission::$permission,
                embed: embed_grant!($($grant)?),
                status: $status,
                takes_body: given!($($body)?),
                media: media!($($media)?),
                #[cfg(feature = "ssr")]
                schemas: |_g| OpSchemas {
                    query: rootschema!(_g $(, $query)?),
                    body: subschema!(_g $(, $body)?),
                    response: if $status == 204 { None } else { Some(_g.subschema_for::<$response>()) },
                },
            }
        ),*];
    };
}

operations! {
    /// List drafts, newest first.
    ListDrafts "list_drafts": Get "/drafts", View, 200,
        params [], query [drafts::DraftListQuery], body [] => drafts::DraftList;
    /// Create a draft: the defaults, a document, or a gallery template.
    CreateDraft "create_draft": Post "/drafts", Edit embed Author, 201,
        params [], query [], body [drafts::CreateDraft] => drafts::Draft;
    /// Import any monitor JSON (a Dashboards export, a GET answer, a search hit) as a draft.
    ImportDraft "import_draft": Post "/drafts/import", Edit, 201,
        params [], query [], body [drafts::ImportDraft] => drafts::Draft;
    /// Flag the drafts whose monitor changed on the cluster (one search for all of them).
    CheckDraftsOnCluster "check_drafts_on_cluster": Post "/drafts/check-cluster", View, 200,
        params [], query [], body [] => publish::ClusterCheck;
    /// One draft.
    GetDraft "get_draft": Get "/drafts/{id}", View embed Author, 200,
        params [String], query [], body [] => drafts::Draft;
    /// Save a new version of a draft; a stale `version` is 409 with the current draft.
    SaveDraft "save_draft": Put "/drafts/{id}", Edit embed Author, 200,
        params [String], query [], body [drafts::SaveDraft] => drafts::Draft;
    /// Delete a draft and its history.
    DeleteDraft "delete_draft": Delete "/drafts/{id}", Edit, 204,
        params [String], query [], body [] => NoContent;
    /// Rename a draft.
    RenameDraft "rename_draft": Post "/drafts/{id}/rename", Edit, 200,
        params [String], query [], body [drafts::RenameDraft] => drafts::Draft;
    /// Copy a draft.
    DuplicateDraft "duplicate_draft": Post "/drafts/{id}/duplicate", Edit, 201,
        params [String], query [], body [] => drafts::Draft;
    /// The history of a draft, newest first.
    ListRevisions "list_revisions": Get "/drafts/{id}/revisions", View, 200,
        params [String], query [], body [] => Vec<drafts::RevisionSummary>;
    /// One revision of a draft.
    GetRevision "get_revision": Get "/drafts/{id}/revisions/{version}", View, 200,
        params [(String, i64)], query [], body [] => drafts::Revision;
    /// Restore a revision as the newest version.
    RestoreRevision "restore_revision": Post "/drafts/{id}/restore", Edit, 200,
        params [String], query [], body [drafts::RestoreRevision] => drafts::Draft;
    /// Who did what to a draft, when, newest first: saves, restores, publishes, reviews.
    GetDraftHistory "get_draft_history": Get "/drafts/{id}/history", View, 200,
        params [String], query [], body [] => Vec<drafts::HistoryEntry>;
    /// What changed between two revisions of a draft (in the monitors they publish).
    DiffRevisions "diff_revisions": Get "/drafts/{id}/diff", View, 200,
        params [String], query [drafts::RevisionDiffQuery], body [] => drafts::RevisionDiff;
    /// Ask for review of one exact revision (four-eyes publish).
    RequestReview "request_review": Post "/drafts/{id}/review", Edit, 201,
        params [String], query [], body [reviews::RequestReview] => reviews::Review;
    /// The re-postable monitor body of a draft.
    ExportDraft "export_draft": Get "/drafts/{id}/export", View, 200,
        params [String], query [], body [] => drafts::ExportedMonitor;
    /// Create or update the cluster monitor of a draft; 409 lists what changed on the cluster.
    PublishDraft "publish_draft": Post "/drafts/{id}/publish", Publish embed Publish, 200,
        params [String], query [], body [publish::PublishRequest] => publish::PublishResult;
    /// Save one of the team's drafts as a team template (shown in the gallery to the team).
    CreateTeamTemplate "create_team_template": Post "/team/templates", Edit, 201,
        params [], query [], body [schedule::NewTeamTemplate] => schedule::TemplateInfo;
    /// Delete a team template.
    DeleteTeamTemplate "delete_team_template": Delete "/team/templates/{id}", Edit, 204,
        params [String], query [], body [] => NoContent;
    /// The templates gallery: the built-in templates and the current team's own.
    ListTemplates "list_templates": Get "/templates", SignedIn embed Read, 200,
        params [], query [], body [] => Vec<schedule::TemplateInfo>;
    /// A schedule in words and its next runs.
    PreviewSchedule "preview_schedule": Post "/schedule/preview", SignedIn embed Read, 200,
        params [], query [], body [Frequency] => schedule::SchedulePreview;
    /// IANA timezones.
    ListTimezones "list_timezones": Get "/timezones", SignedIn embed Read, 200,
        params [], query [], body [] => Vec<String>;
    /// The cluster's status and plugins.
    GetCluster "get_cluster": Get "/cluster", SignedIn embed Read, 200,
        params [], query [], body [] => cluster::ClusterStatus;
    /// Index, alias and data stream suggestions for a typed pattern.
    SuggestIndices "suggest_indices": Get "/cluster/indices", View, 200,
        params [], query [cluster::IndexQuery], body [] => Vec<cluster::IndexSuggestion>;
    /// The mapped fields of indices, by type.
    ListFields "list_fields": Get "/cluster/fields", View, 200,
        params [], query [cluster::FieldsQuery], body [] => Vec<cluster::FieldInfo>;
    /// Dry-run the (unsaved) document: query, performance, triggers, rendered messages.
    RunPreview "run_preview": Post "/preview", Edit embed Author, 200,
        params [], query [], body [preview::PreviewRequest] => preview::PreviewResult;
    /// Backtest: the unsaved document as dry runs at stepped times over the last hours, a part per call.
    RunBacktest "run_backtest": Post "/preview/backtest", Edit embed Author, 200,
        params [], query [], body [preview::BacktestRequest] => preview::BacktestPart;
    /// The visual query over five times its window, bucketed.
    RunChart "run_chart": Post "/preview/chart", Edit, 200,
        params [], query [], body [preview::ChartRequest] => preview::ChartResult;
    /// Send one action's message for real.
    SendTestMessage "send_test_message": Post "/preview/test-message", Edit, 200,
        params [], query [], body [preview::TestMessageRequest] => preview::TestMessageResult;
    /// Notification channels, by name.
    ListChannels "list_channels": Get "/channels", View embed Author, 200,
        params [], query [], body [] => channels::ChannelList;
    /// Create a channel.
    CreateChannel "create_channel": Post "/channels", ManageTeam, 201,
        params [], query [], body [channels::ChannelInput] => channels::Channel;
    /// One channel.
    GetChannel "get_channel": Get "/channels/{id}", View, 200,
        params [String], query [], body [] => channels::Channel;
    /// Update a channel.
    UpdateChannel "update_channel": Put "/channels/{id}", ManageTeam, 200,
        params [String], query [], body [channels::ChannelInput] => channels::Channel;
    /// Delete a channel.
    DeleteChannel "delete_channel": Delete "/channels/{id}", ManageTeam, 204,
        params [String], query [], body [] => NoContent;
    /// Send a test message through a channel.
    TestChannel "test_channel": Post "/channels/{id}/test", Edit, 200,
        params [String], query [], body [] => channels::ChannelTestResult;
    /// Monitors on the cluster with their alert counts.
    ListMonitors "list_monitors": Get "/monitors", View embed Read, 200,
        params [], query [monitors::MonitorListQuery], body [] => monitors::MonitorList;
    /// Enable, disable, delete or acknowledge several monitors.
    BulkMonitors "bulk_monitors": Post "/monitors/bulk", Publish, 200,
        params [], query [], body [monitors::BulkMonitorRequest] => monitors::BulkResult;
    /// One monitor: the monitor page's header and overview.
    GetMonitor "get_monitor": Get "/monitors/{id}", View embed Read, 200,
        params [String], query [], body [] => monitors::MonitorDetail;
    /// Delete a monitor.
    DeleteMonitor "delete_monitor": Delete "/monitors/{id}", Publish, 204,
        params [String], query [], body [] => NoContent;
    /// Enable a monitor (seq_no checked).
    EnableMonitor "enable_monitor": Post "/monitors/{id}/enable", Publish, 200,
        params [String], query [], body [] => monitors::MonitorEnabled;
    /// Disable a monitor (seq_no checked).
    DisableMonitor "disable_monitor": Post "/monitors/{id}/disable", Publish, 200,
        params [String], query [], body [] => monitors::MonitorEnabled;
    /// A monitor as a re-postable body.
    ExportMonitor "export_monitor": Get "/monitors/{id}/export", View, 200,
        params [String], query [], body [] => drafts::ExportedMonitor;
    /// A monitor's per-trigger timeline and alert histogram.
    GetMonitorHistory "get_monitor_history": Get "/monitors/{id}/history", View embed Read, 200,
        params [String], query [monitors::HistoryQuery], body [] => monitors::MonitorHistory;
    /// Who changed a monitor through Monitor Studio, when: its draft's history.
    GetMonitorChanges "get_monitor_changes": Get "/monitors/{id}/changes", View, 200,
        params [String], query [], body [] => Vec<drafts::HistoryEntry>;
    /// The alerts of a monitor.
    ListMonitorAlerts "list_monitor_alerts": Get "/monitors/{id}/alerts", View embed Read, 200,
        params [String], query [alerts::AlertQuery], body [] => alerts::AlertList;
    /// The findings of a per document monitor, newest first.
    ListMonitorFindings "list_monitor_findings": Get "/monitors/{id}/findings", View embed Read, 200,
        params [String], query [findings::FindingQuery], body [] => findings::FindingList;
    /// Acknowledge active alerts of a monitor.
    AcknowledgeAlerts "acknowledge_alerts": Post "/monitors/{id}/acknowledge", Edit embed Acknowledge, 200,
        params [String], query [], body [alerts::AcknowledgeRequest] => alerts::AcknowledgeResult;
    /// The draft linked to a monitor, or a new draft imported from it.
    OpenMonitorDraft "open_monitor_draft": Post "/monitors/{id}/draft", Edit, 200,
        params [String], query [], body [] => drafts::Draft;
    /// Alerts across monitors, grouped by trigger.
    ListAlertGroups "list_alert_groups": Get "/alerts", View embed Read, 200,
        params [], query [alerts::AlertQuery], body [] => alerts::AlertGroupList;
    /// The alerts of one trigger of one monitor.
    ListGroupAlerts "list_group_alerts": Get "/alerts/list", View embed Read, 200,
        params [], query [alerts::AlertQuery], body [] => alerts::AlertList;
    /// Acknowledge every active alert of trigger groups.
    AcknowledgeGroups "acknowledge_groups": Post "/alerts/acknowledge", Edit embed Acknowledge, 200,
        params [], query [], body [alerts::AcknowledgeGroupsRequest] => alerts::AcknowledgeResult;
    /// This API as OpenAPI 3.
    GetOpenApi "get_openapi": Get "/openapi.json", Public, 200,
        params [], query [], body [] => serde_json::Value;
    /// How one signs in here: a password, single sign-on, or both.
    GetSignInOptions "get_sign_in_options": Get "/auth/options", Public, 200,
        params [], query [], body [] => me::SignInOptions;
    /// Who is calling.
    GetMe "get_me": Get "/me", SignedIn embed Read, 200,
        params [], query [], body [] => me::Me;
    /// End every session of the caller, in every browser.
    SignOutEverywhere "sign_out_everywhere": Post "/me/sign-out-everywhere", SignedIn, 200,
        params [], query [], body [] => me::SignedOut;
    /// The caller's API tokens.
    ListTokens "list_tokens": Get "/tokens", SignedIn, 200,
        params [], query [], body [] => Vec<me::ApiToken>;
    /// Create an API token for the caller; its secret is in this answer only.
    CreateToken "create_token": Post "/tokens", SignedIn, 201,
        params [], query [], body [me::NewApiToken] => me::CreatedApiToken;
    /// Revoke one of the caller's API tokens.
    RevokeToken "revoke_token": Delete "/tokens/{id}", SignedIn, 204,
        params [String], query [], body [] => NoContent;
    /// The teams the caller may act in (an administrator: every team).
    ListTeams "list_teams": Get "/teams", SignedIn, 200,
        params [], query [], body [] => Vec<teams::TeamSummary>;
    /// Create a team.
    CreateTeam "create_team": Post "/teams", Admin, 201,
        params [], query [], body [teams::NewTeam] => teams::TeamSummary;
    /// Act in another team from now on (this session; a token stays in its own team).
    SwitchTeam "switch_team": Post "/me/team", SignedIn, 200,
        params [], query [], body [teams::SwitchTeam] => me::Me;
    /// The current team: members, roles and index patterns.
    GetTeam "get_team": Get "/team", View, 200,
        params [], query [], body [] => teams::Team;
    /// Change the current team's index patterns.
    UpdateTeam "update_team": Put "/team", ManageTeam, 200,
        params [], query [], body [teams::TeamSettings] => teams::Team;
    /// Add a person to the current team, or change their role.
    SetTeamMember "set_team_member": Put "/team/members/{username}", ManageTeam, 200,
        params [String], query [], body [teams::MemberRole] => teams::Team;
    /// Remove a person from the current team.
    RemoveTeamMember "remove_team_member": Delete "/team/members/{username}", ManageTeam, 204,
        params [String], query [], body [] => NoContent;
    /// Give a team its own cluster identity: the cluster's permissions then apply to all it does.
    SetTeamClusterIdentity "set_team_cluster_identity": Put "/teams/{id}/cluster-identity", Admin, 200,
        params [String], query [], body [teams::ClusterIdentity] => teams::Team;
    /// The team acts as the server's own cluster identity again.
    RemoveTeamClusterIdentity "remove_team_cluster_identity": Delete "/teams/{id}/cluster-identity", Admin, 204,
        params [String], query [], body [] => NoContent;
    /// Which identity-provider groups make people members of which team (administrators).
    ListGroupMappings "list_group_mappings": Get "/group-mappings", Admin, 200,
        params [], query [], body [] => Vec<teams::GroupMapping>;
    /// Replace the group mappings; memberships follow at each person's next sign-in.
    SetGroupMappings "set_group_mappings": Put "/group-mappings", Admin, 200,
        params [], query [], body [teams::GroupMappings] => Vec<teams::GroupMapping>;
    /// The current team's review requests, newest first.
    ListReviews "list_reviews": Get "/reviews", View, 200,
        params [], query [reviews::ReviewQuery], body [] => Vec<reviews::Review>;
    /// One review request: its frozen revision and what it changes on the cluster.
    GetReview "get_review": Get "/reviews/{id}", View, 200,
        params [String], query [], body [] => reviews::ReviewDetail;
    /// Approve a review request, which publishes its frozen revision (not its author's).
    ApproveReview "approve_review": Post "/reviews/{id}/approve", Publish, 200,
        params [String], query [], body [reviews::DecideReview] => reviews::Review;
    /// Reject a review request with a comment (not its author's).
    RejectReview "reject_review": Post "/reviews/{id}/reject", Publish, 200,
        params [String], query [], body [reviews::DecideReview] => reviews::Review;
    /// Withdraw one's own review request (a team admin: anyone's).
    WithdrawReview "withdraw_review": Post "/reviews/{id}/withdraw", Edit, 200,
        params [String], query [], body [reviews::DecideReview] => reviews::Review;
    /// The portal's audit log, newest first (administrators).
    ListAudit "list_audit": Get "/audit", Admin, 200,
        params [], query [audit::AuditQuery], body [] => audit::AuditList;
    /// The audit log as JSON lines, oldest first, up to 10,000 lines per call
    /// (administrators; the last line's `id` is the next call's `after`).
    ExportAudit "export_audit": Get "/audit/export", Admin, 200,
        params [], query [audit::AuditQuery], body [] => Vec<audit::AuditEntry> as JsonLines;
    /// The registered embedding applications.
    ListEmbedApps "list_embed_apps": Get "/embed-apps", Admin, 200,
        params [], query [], body [] => Vec<embed::EmbedApp>;
    /// Register an embedding application; an HS256 secret is in this answer only.
    CreateEmbedApp "create_embed_app": Post "/embed-apps", Admin, 201,
        params [], query [], body [embed::NewEmbedApp] => embed::CreatedEmbedApp;
    /// Remove an embedding application: its links stop working at once.
    DeleteEmbedApp "delete_embed_app": Delete "/embed-apps/{id}", Admin, 204,
        params [String], query [], body [] => NoContent;
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_and_routes_are_unique() {
        let ids: HashSet<_> = ALL.iter().map(|o| o.id).collect();
        assert_eq!(ids.len(), ALL.len());
        let routes: HashSet<_> = ALL.iter().map(|o| (o.method, o.path)).collect();
        assert_eq!(routes.len(), ALL.len());
    }

    #[test]
    fn bodies_only_where_methods_carry_them() {
        for op in ALL {
            if op.takes_body {
                assert!(matches!(op.method, Method::Post | Method::Put), "{} takes a body", op.id);
            }
            assert!(op.path.starts_with('/') && !op.summary.is_empty(), "{}", op.id);
        }
    }
}
