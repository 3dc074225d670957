//! What an `/api/v1` operation is: its method, path, permission, and the types of its path
//! parameters, query, body and answer. Each operation is a type implementing [`Operation`],
//! declared once in [`super::ops`]; the server's router, the OpenAPI document and the UI's
//! typed client ([`crate::client::call`]) are all derived from those declarations, so a
//! route cannot exist in one and be missing from another.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// How an operation's answer is written: one JSON document, or (exports) JSON lines, one
/// element of the answer's list per line (`application/x-ndjson`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Media {
    Json,
    JsonLines,
}

impl Media {
    pub const fn content_type(self) -> &'static str {
        match self {
            Media::Json => "application/json",
            Media::JsonLines => "application/x-ndjson",
        }
    }
}

/// The HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// What a caller must be allowed to do to call an operation, from least to most. Every
/// operation declares one; the server checks it in the one place every call, HTTP or
/// in-process, passes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Anyone who can reach the server (the API's own description).
    Public,
    /// Any signed-in person, in a team or not: their own account, tokens and teams, and
    /// what helps authoring (templates, timezones, schedules, the cluster's status).
    SignedIn,
    /// Read the current team's drafts, monitors, alerts, channels and the cluster's lookups.
    View,
    /// Create and change drafts, run previews (dry runs), acknowledge alerts, test channels.
    Edit,
    /// Change what runs on the cluster: publish, enable, disable and delete monitors.
    Publish,
    /// Manage the current team: its members, index patterns and notification channels.
    ManageTeam,
    /// Everything, across teams.
    Admin,
}

impl Permission {
    pub const fn as_str(self) -> &'static str {
        match self {
            Permission::Public => "public",
            Permission::SignedIn => "signed_in",
            Permission::View => "view",
            Permission::Edit => "edit",
            Permission::Publish => "publish",
            Permission::ManageTeam => "manage_team",
            Permission::Admin => "admin",
        }
    }
}

/// The values of a path's `{placeholders}`, in order.
pub trait PathParams: Sized + Send + 'static {
    /// How many placeholders the path has.
    const COUNT: usize;
    /// The values, in the order of the path's placeholders.
    fn to_segments(&self) -> Vec<String>;
    /// Reads the values (already percent-decoded); an error names the placeholder's index
    /// and says what is wrong.
    fn from_segments(values: &[&str]) -> Result<Self, (usize, String)>;
}

impl PathParams for () {
    const COUNT: usize = 0;
    fn to_segments(&self) -> Vec<String> {
        Vec::new()
    }
    fn from_segments(_: &[&str]) -> Result<Self, (usize, String)> {
        Ok(())
    }
}

impl PathParams for String {
    const COUNT: usize = 1;
    fn to_segments(&self) -> Vec<String> {
        vec![self.clone()]
    }
    fn from_segments(values: &[&str]) -> Result<Self, (usize, String)> {
        values.first().map(|v| (*v).to_owned()).ok_or((0, "Missing.".into()))
    }
}

/// An id and a revision number (`/drafts/{id}/revisions/{version}`).
impl PathParams for (String, i64) {
    const COUNT: usize = 2;
    fn to_segments(&self) -> Vec<String> {
        vec![self.0.clone(), self.1.to_string()]
    }
    fn from_segments(values: &[&str]) -> Result<Self, (usize, String)> {
        let id = String::from_segments(values)?;
        let n = values.get(1).ok_or((1, "Missing.".to_owned()))?;
        let n = n.parse::<i64>().map_err(|_| (1, format!("Must be a whole number, not \"{n}\".")))?;
        Ok((id, n))
    }
}

/// The query of an operation that takes none (unknown parameters are ignored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoQuery {}

/// The body of an operation that reads none: nothing is sent, anything sent is ignored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoBody;

/// The answer of an operation that answers `204 No Content`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct NoContent;

/// One `/api/v1` operation. Implemented only by [`super::ops`]' `operations!` table.
pub trait Operation: Send + Sync + 'static {
    /// A stable name: the OpenAPI `operationId`, and the key of in-process calls.
    const ID: &'static str;
    const METHOD: Method;
    /// Relative to `/api/v1`, with `{placeholders}` as axum and OpenAPI write them.
    const PATH: &'static str;
    const SUMMARY: &'static str;
    const PERMISSION: Permission;
    /// What a signed embed link must grant to call this operation; `None`: embed links
    /// never may (see [`super::embed`]).
    const EMBED: Option<super::embed::EmbedGrant>;
    /// The success status.
    const STATUS: u16;
    /// Whether the operation reads a JSON body (else [`NoBody`]).
    const TAKES_BODY: bool;
    /// How the answer is written (JSON lines answers are lists, fetched by link).
    const MEDIA: Media;
    type Params: PathParams;
    type Query: Serialize + DeserializeOwned + Default + Send + 'static;
    type Body: Serialize + DeserializeOwned + Send + 'static;
    type Response: Serialize + DeserializeOwned + Send + 'static;
}

/// A body that carries only some of operation `O`'s body fields, sent in its place (see
/// `client::call_sending`): a page that never sends the other fields need not carry the
/// code that writes them. [`BodyPart::into_body`] is the body the server reads it as; a
/// test of each implementation checks that its JSON reads back as exactly that.
pub trait BodyPart<O: Operation>: Serialize + Send + 'static {
    fn into_body(self) -> O::Body;
}

/// The input of one call of `O`: path values, query and body.
pub struct Call<O: Operation> {
    pub params: O::Params,
    pub query: O::Query,
    pub body: O::Body,
}

impl<O: Operation<Query = NoQuery, Body = NoBody>> Call<O> {
    /// A call with only path values.
    pub fn at(params: O::Params) -> Self {
        Call { params, query: NoQuery {}, body: NoBody }
    }
}

impl<O: Operation<Params = (), Query = NoQuery>> Call<O> {
    /// A call with only a body.
    pub fn body(body: O::Body) -> Self {
        Call { params: (), query: NoQuery {}, body }
    }
}

impl<O: Operation<Params = (), Body = NoBody>> Call<O> {
    /// A call with only a query.
    pub fn query(query: O::Query) -> Self {
        Call { params: (), query, body: NoBody }
    }
}

impl<O: Operation> Call<O> {
    /// The concrete path, relative to `/api/v1`, with each value percent-encoded as one
    /// segment (so `a/b` or `..` can never address another route).
    pub fn path(&self) -> String {
        path_of::<O>(&self.params)
    }
}

/// `O`'s concrete path for these path values (see [`Call::path`]).
pub fn path_of<O: Operation>(params: &O::Params) -> String {
    let mut values = params.to_segments().into_iter();
    O::PATH
        .split('/')
        .map(|segment| if segment.starts_with('{') { encode_component(&values.next().unwrap_or_default()) } else { segment.to_owned() })
        .collect::<Vec<_>>()
        .join("/")
}

/// The names of a path's placeholders, in order.
pub fn placeholders(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
}

/// Percent-encodes everything but RFC 3986's unreserved characters; `.` and `..` are
/// encoded too, so a value is always one literal segment.
pub fn encode_component(value: &str) -> String {
    if value == "." || value == ".." {
        return value.replace('.', "%2E");
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The query string of a query value (`a=1&b=x`), empty when nothing is set. Query types
/// are flat structs; `None` fields are left out.
pub fn query_string<Q: Serialize>(query: &Q) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(query) else {
        return String::new();
    };
    fields
        .into_iter()
        .filter_map(|(name, value)| {
            let text = match value {
                serde_json::Value::Null => return None,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            Some(format!("{}={}", encode_component(&name), encode_component(&text)))
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_are_single_segments() {
        assert_eq!(encode_component("a/b c"), "a%2Fb%20c");
        assert_eq!(encode_component(".."), "%2E%2E");
        assert_eq!(encode_component("x.y"), "x.y");
        assert_eq!(encode_component("é"), "%C3%A9");
    }

    #[test]
    fn revision_params_name_the_bad_placeholder() {
        assert_eq!(<(String, i64)>::from_segments(&["d1", "3"]), Ok(("d1".into(), 3)));
        assert_eq!(<(String, i64)>::from_segments(&["d1", "x"]).unwrap_err().0, 1);
    }

    #[derive(Serialize, Default)]
    struct Q {
        search: String,
        limit: Option<u64>,
        state: Option<String>,
    }

    #[test]
    fn queries_leave_out_unset_fields() {
        let q = Q { search: "a&b".into(), limit: Some(5), state: None };
        assert_eq!(query_string(&q), "limit=5&search=a%26b");
    }
}
