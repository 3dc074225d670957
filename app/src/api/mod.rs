//! The `/api/v1` contract, shared by the server (which serves it) and the UI (which calls
//! it), so the two cannot drift apart: [`ops`] is the one route list, [`contract`] says what
//! an operation is, and one module per resource holds its wire types.
//!
//! Wire types carry data only; what the UI calls their values lives in [`crate::labels`].
//! Timestamps are RFC 3339 strings in UTC: the browser bundle stays free of a date crate.

pub mod alerts;
pub mod audit;
pub mod channels;
pub mod cluster;
pub mod contract;
pub mod drafts;
pub mod embed;
pub mod findings;
pub mod me;
pub mod monitors;
pub mod ops;
pub mod preview;
pub mod publish;
pub mod reviews;
pub mod schedule;
pub mod teams;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use alerts::*;
pub use audit::*;
pub use channels::*;
pub use cluster::*;
pub use contract::{BodyPart, Call, NoBody, NoContent, NoQuery, Operation, Permission};
pub use drafts::*;
pub use embed::*;
pub use findings::*;
pub use me::*;
pub use monitors::*;
pub use preview::*;
pub use publish::*;
pub use reviews::*;
pub use schedule::*;
pub use teams::*;

/// Every error answer of the API: a sentence for people and, where the input was at fault,
/// one message per field path (`triggers[0].name`), which the UI shows next to the field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub message: String,
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
}
