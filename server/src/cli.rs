//! The command line: `monitor-studio` serves; `monitor-studio admin …` manages accounts
//! and tokens against the same database, for the first administrator and for automation.

use std::io::Read;

use app::api::NewApiToken;
use clap::{Parser, Subcommand};

use crate::{
    Config,
    audit::{AuditService, Event},
    auth::{identity::IdentityService, passwords},
    db,
};

#[derive(Parser)]
#[command(name = "monitor-studio", version, about = "Author OpenSearch alerting monitors in the browser.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the app (the default).
    Serve,
    /// Manage accounts and API tokens.
    #[command(subcommand)]
    Admin(Admin),
}

#[derive(Subcommand)]
pub enum Admin {
    /// Create a local account. Prints a generated one-time password unless one is read
    /// from standard input (`--password-stdin`).
    CreateUser {
        name: String,
        /// An administrator (may do everything, in every team).
        #[arg(long)]
        admin: bool,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// On first run only: create administrator NAME with a generated one-time password and
    /// print how to sign in; with accounts already there, just say so.
    FirstRun {
        name: String,
    },
    /// Create an API token and print it (it cannot be shown again).
    Token {
        /// What the token is for (shown in the tokens list).
        #[arg(long)]
        name: String,
        /// Whose token: it can do what this account can, no more. Default: the first administrator.
        #[arg(long)]
        user: Option<String>,
        /// Days until it expires (1–366); default: never.
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
}

/// The actor the audit log names for the command line: who ran it, as the system says.
fn command_line_actor() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default();
    let user: String = user.chars().filter(|c| !c.is_control()).take(64).collect();
    if user.is_empty() { "command line".to_owned() } else { format!("command line ({user})") }
}

/// Runs an `admin` command; the answer is what to print. Every account and token made here
/// is appended to the audit log like one made through the API.
pub async fn admin(config: &Config, command: Admin) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let pool = db::connect(&config.database_url).await?;
    let identity = IdentityService::new(pool.clone(), config.auth.session_limits());
    let audit = AuditService::new(pool);
    let actor = command_line_actor();
    let record = |action: &'static str, target: String| {
        let (audit, actor) = (audit.clone(), actor.clone());
        async move { audit.append(Event { actor: &actor, team_id: None, action, target: &target, address: None, outcome: 201 }).await }
    };
    match command {
        Admin::CreateUser { name, admin, password_stdin } => {
            let (password, generated) = if password_stdin {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text)?;
                (text.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (passwords::generate(), true)
            };
            let user = identity.create_local(&name, &password, admin).await.map_err(|e| e.to_string())?;
            record(if user.is_admin { "cli_create_administrator" } else { "cli_create_user" }, format!("/users/{}", user.username)).await;
            let role = if user.is_admin { "administrator" } else { "user" };
            Ok(if generated {
                format!("Created {role} {:?}. One-time password (shown only now):\n{password}", user.username)
            } else {
                format!("Created {role} {:?}.", user.username)
            })
        }
        Admin::FirstRun { name } => {
            if identity.count_users().await.map_err(|e| e.to_string())? > 0 {
                return Ok("Sign in with your account (new accounts: `monitor-studio admin create-user NAME`).".to_owned());
            }
            let password = passwords::generate();
            let user = identity.create_local(&name, &password, true).await.map_err(|e| e.to_string())?;
            record("cli_create_administrator", format!("/users/{}", user.username)).await;
            Ok(format!("First run: sign in as {:?} with the one-time password\n\n    {password}\n\n(shown only now; keep it or create another account with `monitor-studio admin create-user`).", user.username))
        }
        Admin::Token { name, user, expires_in_days } => {
            let owner = identity.user_named(user.as_deref()).await.map_err(|e| e.to_string())?;
            let Some(owner) = owner else {
                return Err(match user {
                    Some(u) => format!("no enabled account named {u:?}").into(),
                    None => "no administrator yet: create one with `monitor-studio admin create-user --admin NAME`".into(),
                });
            };
            let (token, secret) = identity.create_token(&owner, None, &NewApiToken { name, expires_in_days }).await.map_err(|e| e.to_string())?;
            record("cli_create_api_token", format!("/users/{}/tokens/{}", owner.username, token.id)).await;
            Ok(secret)
        }
    }
}
