//! The `/api/v1` surface, derived from the one route list (`app::api::ops`): each operation
//! gets exactly one handler, `async fn(AppState, Call<Op>) -> ApiResult<Op::Response>`, and
//! from that one registration come both the axum route (path values, query and JSON body
//! read and checked here, once for every route) and the in-process call the UI makes while
//! the server renders a page. The two paths share everything behind the extraction, so a
//! page never sees data the API would refuse, and vice versa.

use std::{any::Any, collections::HashMap, future::Future, pin::Pin, sync::Arc};

use app::{
    api::{
        Call, Operation,
        contract::{Media, Method, PathParams, placeholders},
    },
    client::{Backend, ClientError, Dispatch},
};
use axum::{
    Router,
    extract::{ConnectInfo, FromRequest, FromRequestParts, RawPathParams, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{MethodFilter, on},
};

use crate::{
    AppState,
    auth::{Authenticated, Caller, authorize_operation},
    cluster::{ClusterClient, boundary::Access},
    drafts::DraftService,
    monitors::MonitorScope,
    teams::TeamContext,
    error::{ApiError, ApiResult},
    json::{AppJson, AppQuery},
};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type ErasedHandler = Arc<dyn Fn(Ctx, Box<dyn Any + Send>) -> BoxFuture<Result<Box<dyn Any + Send>, ApiError>> + Send + Sync>;

/// What a handler gets besides its input: the server's state and the caller, already
/// checked against the operation's permission.
#[derive(Clone)]
pub struct Ctx {
    pub state: AppState,
    pub caller: Option<Caller>,
}

impl std::ops::Deref for Ctx {
    type Target = AppState;
    fn deref(&self) -> &AppState {
        &self.state
    }
}

impl Ctx {
    /// The signed-in caller (every operation but the public ones has one).
    pub fn caller(&self) -> ApiResult<&Caller> {
        self.caller.as_ref().ok_or_else(|| ApiError::Unauthorized("Sign in first.".into()))
    }

    /// Whether the caller is an administrator (what the cluster boundary asks of
    /// cluster-metrics inputs).
    pub fn is_admin(&self) -> bool {
        self.caller.as_ref().is_some_and(|c| c.user.is_admin)
    }

    /// The team the request acts in (every operation with a team permission has one).
    pub fn team(&self) -> ApiResult<&TeamContext> {
        self.caller()?.team.as_ref().ok_or_else(|| ApiError::Forbidden("You are not in any team yet: ask an administrator to add you to one.".into()))
    }

    /// The cluster as the current team's identity when it has one (so the cluster's own
    /// permissions apply), else as the server's.
    pub async fn cluster(&self) -> ApiResult<ClusterClient> {
        let cluster = crate::cluster::require(&self.state.cluster)?;
        let Some(team) = self.caller.as_ref().and_then(|c| c.team.as_ref()) else { return Ok(cluster.clone()) };
        Ok(match self.state.teams.cluster_authorization(&team.current.id, &self.state.secrets).await? {
            Some(authorization) => cluster.acting_as(authorization),
            None => cluster.clone(),
        })
    }

    /// The drafts of the current team: another team's draft is not found.
    pub fn drafts(&self) -> ApiResult<DraftService> {
        Ok(self.state.drafts.in_team(&self.team()?.current.id).by(&self.caller()?.user.username))
    }

    /// The one monitor a status card's embed link may see.
    fn embed_monitor(&self) -> Option<&str> {
        self.caller.as_ref().and_then(|c| c.embed.as_ref()).and_then(|e| e.claims.monitor_id.as_deref())
    }

    /// Whether the caller sees an object owned by `owner`: the current team's, or, for an
    /// administrator, no team's yet (made outside Monitor Studio).
    fn owns(&self, owner: Option<&str>) -> ApiResult<bool> {
        let team = self.team()?.current.id.as_str();
        Ok(match owner {
            Some(owner) => owner == team,
            None => self.is_admin(),
        })
    }

    /// Monitor `id` is the caller's (see [`Self::owns`]; a draft of the team was published
    /// as it); else not found.
    pub async fn check_monitor(&self, id: &str) -> ApiResult<()> {
        if self.embed_monitor().is_some_and(|only| only != id) {
            return Err(ApiError::not_found(format!("Monitor {id} not found.")));
        }
        let owner = self.state.drafts.monitor_team(id).await?;
        if self.owns(owner.as_deref())? { Ok(()) } else { Err(ApiError::not_found(format!("Monitor {id} not found."))) }
    }

    /// Channel `id` is the caller's (see [`Self::owns`]); else not found.
    pub async fn check_channel(&self, id: &str) -> ApiResult<()> {
        let owner = self.state.teams.channel_owner(id).await?;
        if self.owns(owner.as_deref())? { Ok(()) } else { Err(ApiError::not_found(format!("No channel with id {id:?}."))) }
    }

    /// Which channels the caller sees, as a test on a channel id (one query for the list).
    pub async fn channel_filter(&self) -> ApiResult<impl Fn(&str) -> bool + use<>> {
        let team = self.team()?.current.id.clone();
        let admin = self.is_admin();
        let owners = self.state.teams.channel_owners().await?;
        Ok(move |id: &str| match owners.get(id) {
            Some(owner) => owner == &team,
            None => admin,
        })
    }

    /// Which cluster monitors the caller sees (see [`MonitorScope`]).
    pub async fn monitor_scope(&self) -> ApiResult<MonitorScope> {
        let team = &self.team()?.current.id;
        let owners = self.state.drafts.monitor_owners().await?;
        let (ours, theirs): (Vec<_>, Vec<_>) = owners.into_iter().partition(|(_, owner)| owner == team);
        Ok(if let Some(only) = self.embed_monitor() {
            // A status card's link sees its one monitor.
            MonitorScope { only: Some(ours.into_iter().map(|(id, _)| id).filter(|id| id == only).collect()), except: Vec::new() }
        } else if self.is_admin() {
            MonitorScope { only: None, except: theirs.into_iter().map(|(id, _)| id).collect() }
        } else {
            MonitorScope { only: Some(ours.into_iter().map(|(id, _)| id).collect()), except: Vec::new() }
        })
    }

    /// What the cluster boundary lets this caller reach: the team's index patterns, and
    /// cluster-metrics inputs for administrators.
    pub fn access(&self) -> Access {
        Access {
            admin: self.is_admin(),
            team_indices: self.caller.as_ref().and_then(|c| c.team.as_ref()).map(|t| t.index_patterns.clone()).unwrap_or_default(),
        }
    }
}

/// The registered operations: an axum router and, by operation id, the same handlers for
/// in-process calls.
#[derive(Default)]
pub struct Api {
    router: Router<AppState>,
    handlers: HashMap<&'static str, ErasedHandler>,
}

impl Api {
    /// Registers the handler of operation `O`. Registering an operation twice is a bug in
    /// the route table and stops the server at start-up (and every test).
    pub fn op<O, F, Fut>(mut self, handler: F) -> Api
    where
        O: Operation,
        F: Fn(Ctx, Call<O>) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = ApiResult<O::Response>> + Send + 'static,
    {
        let direct = handler.clone();
        let erased: ErasedHandler = Arc::new(move |cx: Ctx, input| {
            let handler = direct.clone();
            Box::pin(async move {
                authorize_operation::<O>(cx.caller.as_ref())?;
                let call = input.downcast::<Call<O>>().map_err(|_| ApiError::internal(format!("{}: an in-process call of the wrong type", O::ID)))?;
                let answer = handler(cx, *call).await?;
                Ok(Box::new(answer) as Box<dyn Any + Send>)
            })
        });
        assert!(self.handlers.insert(O::ID, erased).is_none(), "operation {} is registered twice", O::ID);
        let route = move |State(state): State<AppState>, request: Request| {
            let handler = handler.clone();
            async move {
                let caller = request.extensions().get::<Authenticated>().and_then(|a| a.0.clone());
                // Every state-changing call is audited, refused or not, with the ids it named.
                let audit = (O::METHOD != Method::Get).then(|| {
                    let address = request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
                    let target = request.uri().path().trim_start_matches("/api/v1").to_owned();
                    (address, target, caller.clone(), state.audit.clone())
                });
                let response = match authorize_operation::<O>(caller.as_ref()) {
                    Err(err) => err.into_response(),
                    Ok(()) => match extract::<O>(&state, request).await {
                        Ok(call) => match handler(Ctx { state, caller }, call).await {
                            Ok(answer) => respond::<O>(answer),
                            Err(err) => err.into_response(),
                        },
                        Err(err) => err.into_response(),
                    },
                };
                if let Some((address, target, caller, log)) = audit {
                    let actor = caller.as_ref().map_or("anonymous", |c| c.user.username.as_str());
                    let team_id = caller.as_ref().and_then(|c| c.team.as_ref()).map(|t| t.current.id.as_str());
                    log.append(crate::audit::Event { actor, team_id, action: O::ID, target: &target, address, outcome: response.status().as_u16() }).await;
                }
                response
            }
        };
        self.router = self.router.route(O::PATH, on(method_filter(O::METHOD), route));
        self
    }

    /// The ids of the registered operations.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.handlers.keys().copied()
    }

    /// Splits into the router (to nest under `/api/v1`) and the in-process dispatcher.
    pub fn into_parts(self, state: AppState) -> (Router<AppState>, Dispatcher) {
        (self.router, Dispatcher { cx: Ctx { state, caller: None }, handlers: Arc::new(self.handlers) })
    }
}

fn method_filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
        Method::Delete => MethodFilter::DELETE,
    }
}

/// Reads an HTTP request into `O`'s input: the path values (each checked by its type and
/// named by its placeholder when wrong), the query, and the JSON body when `O` takes one.
async fn extract<O: Operation>(state: &AppState, request: Request) -> ApiResult<Call<O>> {
    let (mut parts, body) = request.into_parts();
    let raw = RawPathParams::from_request_parts(&mut parts, state).await.map_err(|e| {
        let name = placeholders(O::PATH).next().unwrap_or("path");
        ApiError::BadRequest { errors: [(name.to_owned(), e.body_text())].into(), message: e.body_text() }
    })?;
    let values: Vec<&str> = raw.iter().map(|(_, value)| value).collect();
    let params = O::Params::from_segments(&values).map_err(|(index, message)| {
        let name = placeholders(O::PATH).nth(index).unwrap_or("path");
        ApiError::field(name, message)
    })?;
    let AppQuery(query) = AppQuery::<O::Query>::from_request_parts(&mut parts, state).await?;
    let body = if O::TAKES_BODY {
        AppJson::<O::Body>::from_request(Request::from_parts(parts, body), state).await?.0
    } else {
        // `NoBody`: whatever was sent is not read.
        serde_json::from_value(serde_json::Value::Null).map_err(ApiError::internal)?
    };
    Ok(Call { params, query, body })
}

fn respond<O: Operation>(answer: O::Response) -> Response {
    let status = StatusCode::from_u16(O::STATUS).unwrap_or(StatusCode::OK);
    if status == StatusCode::NO_CONTENT {
        return status.into_response();
    }
    match O::MEDIA {
        Media::Json => (status, AppJson(answer)).into_response(),
        Media::JsonLines => match json_lines(&answer) {
            Ok(text) => (status, [(header::CONTENT_TYPE, Media::JsonLines.content_type())], text).into_response(),
            Err(err) => err.into_response(),
        },
    }
}

/// A list answer as JSON lines: each element on a line of its own.
fn json_lines<T: serde::Serialize>(answer: &T) -> ApiResult<String> {
    let serde_json::Value::Array(items) = serde_json::to_value(answer).map_err(ApiError::internal)? else {
        return Err(ApiError::internal("a JSON lines answer must be a list"));
    };
    let mut text = String::new();
    for item in items {
        text.push_str(&serde_json::to_string(&item).map_err(ApiError::internal)?);
        text.push('\n');
    }
    Ok(text)
}

/// Runs operations in-process for the pages the server renders, as the page's caller.
#[derive(Clone)]
pub struct Dispatcher {
    cx: Ctx,
    handlers: Arc<HashMap<&'static str, ErasedHandler>>,
}

impl Dispatch for Dispatcher {
    fn dispatch(&self, id: &'static str, call: Box<dyn Any + Send>) -> BoxFuture<Result<Box<dyn Any + Send>, ClientError>> {
        let handler = self.handlers.get(id).cloned();
        let cx = self.cx.clone();
        Box::pin(async move {
            let Some(handler) = handler else {
                return Err(ClientError::from(ApiError::internal(format!("no handler for operation {id}"))));
            };
            handler(cx, call).await.map_err(ClientError::from)
        })
    }
}

impl Dispatcher {
    /// The UI's backend for one rendered request, acting as its caller.
    pub fn backend(&self, caller: Option<Caller>) -> Backend {
        let mut bound = self.clone();
        bound.cx.caller = caller;
        Backend(Arc::new(bound))
    }
}
