//! What the UI calls the API's values, in the Dashboards' words. The wire types in
//! [`crate::api`] carry no wording of their own: the same answer serves tools and people.

use crate::api::{ChannelType, HistoryKind, MonitorSort, PublishState, ReviewState, TeamRole, TimelineState};

/// The words a person reads for a value.
pub trait Label: Copy {
    fn label(self) -> &'static str;
}

impl Label for PublishState {
    fn label(self) -> &'static str {
        match self {
            PublishState::NeverPublished => "Never published",
            PublishState::Published => "Published",
            PublishState::ChangedSincePublish => "Changed since publish",
            PublishState::ChangedOnCluster => "Changed on the cluster",
        }
    }
}

impl Label for TeamRole {
    fn label(self) -> &'static str {
        match self {
            TeamRole::Viewer => "Viewer",
            TeamRole::Editor => "Editor",
            TeamRole::Publisher => "Publisher",
            TeamRole::TeamAdmin => "Team admin",
        }
    }
}

impl Label for HistoryKind {
    fn label(self) -> &'static str {
        match self {
            HistoryKind::Saved => "Saved",
            HistoryKind::Restored => "Restored",
            HistoryKind::Published => "Published",
            HistoryKind::ReviewRequested => "Review requested",
            HistoryKind::Approved => "Approved",
            HistoryKind::Rejected => "Rejected",
            HistoryKind::Withdrawn => "Review withdrawn",
        }
    }
}

impl Label for ReviewState {
    fn label(self) -> &'static str {
        match self {
            ReviewState::Open => "Waiting for review",
            ReviewState::Approved => "Approved",
            ReviewState::Rejected => "Rejected",
            ReviewState::Withdrawn => "Withdrawn",
        }
    }
}

/// The monitors list's column headers.
impl Label for MonitorSort {
    fn label(self) -> &'static str {
        match self {
            MonitorSort::Name => "Monitor name",
            MonitorSort::State => "State",
            MonitorSort::Type => "Type",
            MonitorSort::LastUpdated => "Last updated",
            MonitorSort::LatestAlert => "Latest alert",
            MonitorSort::LastNotification => "Last notification time",
            MonitorSort::Active => "Active",
            MonitorSort::Acknowledged => "Acknowledged",
            MonitorSort::Errors => "Errors",
            MonitorSort::Ignored => "Ignored",
        }
    }
}

impl Label for TimelineState {
    fn label(self) -> &'static str {
        match self {
            TimelineState::NoAlerts => "No alerts",
            TimelineState::Triggered => "Triggered",
            TimelineState::Acknowledged => "Acknowledged",
            TimelineState::Error => "Error",
        }
    }
}

/// The label of the URL control for a channel type.
pub fn channel_url_label(channel_type: ChannelType) -> &'static str {
    match channel_type {
        ChannelType::Webhook => "Webhook URL",
        ChannelType::Slack => "Slack webhook URL",
        ChannelType::Chime => "Chime webhook URL",
        ChannelType::MicrosoftTeams => "Microsoft Teams webhook URL",
    }
}

/// Any `config_type` in words, including the ones Monitor Studio only lists.
pub fn channel_type_label(config_type: &str) -> &str {
    match config_type {
        "webhook" => "Custom webhook",
        "slack" => "Slack",
        "chime" => "Amazon Chime",
        "microsoft_teams" => "Microsoft Teams",
        "email" => "Email",
        "sns" => "Amazon SNS",
        other => other,
    }
}
