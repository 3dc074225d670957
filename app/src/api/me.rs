//! Who is signed in (`/api/v1/me`), their API tokens (`/api/v1/tokens`), and how one signs
//! in (`/api/v1/auth/options`).

use serde::{Deserialize, Serialize};

/// The person (or tool) making the request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub is_admin: bool,
    /// The groups the identity provider says the user is in (empty for local accounts).
    #[serde(default)]
    pub groups: Vec<String>,
    /// `session`, `token`, `proxy` or `embed`.
    pub signed_in_with: String,
    /// The token state-changing requests of this browser session must send as
    /// `X-CSRF-Token`; absent for tokens and proxies (no ambient authority to forge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
    /// The team this request acts in; `None` for someone in no team yet.
    #[serde(default)]
    pub team: Option<super::teams::CurrentTeam>,
    /// Every team the caller may switch to.
    #[serde(default)]
    pub teams: Vec<super::teams::TeamSummary>,
    /// For a page opened with a signed embed link (`signed_in_with` is `embed`): what it grants.
    /// The browser reads it from the page that link opened (`pages::embed::link`), not with
    /// the viewer every page carries, so its reader stays out of the code every page loads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "hydrate", serde(skip_deserializing))]
    pub embed: Option<super::embed::EmbedView>,
}

/// An API token as listed: never its secret.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    /// The token's first characters, to recognise it.
    pub prefix: String,
    pub created_at: String,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub last_used_at: Option<String>,
    #[serde(default)]
    pub revoked_at: Option<String>,
}

/// `POST /api/v1/tokens` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    pub name: String,
    /// 1 to 366; left out, the token does not expire.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// `POST /api/v1/tokens` answer: the secret, shown this once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct CreatedApiToken {
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`. It cannot be shown again.
    pub secret: String,
}

/// `POST /api/v1/me/sign-out-everywhere` answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct SignedOut {
    pub sessions_ended: u64,
}

/// `GET /api/v1/auth/options`: what the sign-in page offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct SignInOptions {
    /// User name and password (local accounts).
    pub local: bool,
    /// The single sign-on button's label, when an OIDC provider is configured.
    #[serde(default)]
    pub oidc: Option<String>,
}
