//! The pages, one module each; `editor` is the Create monitor flow.

pub mod alerts;
pub mod audit;
pub mod channels;
pub mod drafts;
pub mod editor;
pub mod embed;
pub mod embedding;
pub mod history;
pub mod import;
pub mod monitors;
pub mod reviews;
pub mod sign_in;
pub mod team;
pub mod team_admin;
pub mod tokens;
