//! The templates gallery and schedule previews (`/api/v1/templates`, `/api/v1/schedule…`).

use serde::{Deserialize, Serialize};

/// A starter monitor of the templates gallery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TemplateInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
}

/// `POST /api/v1/team/templates` body: save one of the team's drafts as a team template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTeamTemplate {
    pub draft_id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// `POST /api/v1/schedule/preview` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct SchedulePreview {
    pub description: String,
    /// The next five run times, RFC 3339 in the schedule's timezone.
    pub next_runs: Vec<String>,
}

