//! The command line: `monitor-studio` serves; `monitor-studio admin …` manages accounts
//! and tokens against the same database, for the first administrator and for automation.

use std::io::Read;

use app::api::NewApiToken;
use clap::{Parser, Subcommand};

use crate::{Config, auth::{identity::IdentityService, passwords}, db};

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

/// Runs an `admin` command; the answer is what to print.
pub async fn admin(config: &Config, command: Admin) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let identity = IdentityService::new(db::connect(&config.database_url).await?, config.auth.session_limits());
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
            let (_, secret) = identity.create_token(&owner, None, &NewApiToken { name, expires_in_days }).await.map_err(|e| e.to_string())?;
            Ok(secret)
        }
    }
}
