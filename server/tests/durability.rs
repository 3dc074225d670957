//! An acknowledged save survives `kill -9` of the server: the real binary is started,
//! a draft saved, the process killed with SIGKILL and started again on the same database.

use std::{net::TcpListener, process::{Child, Command}, time::{Duration, Instant}};

use serde_json::{Value, json};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn command(db: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_monitor-studio"));
    command.env("MONITOR_STUDIO_DATABASE_URL", format!("sqlite://{}", db.display())).env_remove("MONITOR_STUDIO_CLUSTER_URL").env("RUST_LOG", "warn");
    command
}

/// The server process, killed when dropped (also when a test fails half-way).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(db: &std::path::Path, port: u16) -> Server {
    Server(command(db).env("MONITOR_STUDIO_LISTEN", format!("127.0.0.1:{port}")).spawn().expect("server starts"))
}

/// The first administrator and a token of theirs, made with the admin commands.
fn admin_token(db: &std::path::Path) -> String {
    let created = command(db).args(["admin", "create-user", "--admin", "admin"]).output().expect("admin create-user runs");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("One-time password"), "a generated password is printed once");
    let token = command(db).args(["admin", "token", "--name", "durability test"]).output().expect("admin token runs");
    assert!(token.status.success(), "{}", String::from_utf8_lossy(&token.stderr));
    String::from_utf8(token.stdout).unwrap().trim().to_owned()
}

async fn wait_ready(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not become ready");
}

#[tokio::test]
async fn acknowledged_save_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drafts.db");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let token = admin_token(&db);
    assert!(token.starts_with("ms_"), "{token}");
    let headers = [(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap())].into_iter().collect();
    let client = reqwest::Client::builder().default_headers(headers).build().unwrap();

    let mut server = start(&db, port);
    wait_ready(&client, &base).await;
    let created: Value = client.post(format!("{base}/api/v1/drafts")).json(&json!({})).send().await.unwrap().json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let mut document = created["document"].clone();
    document["name"] = json!("Saved just before the crash");
    let saved = client.put(format!("{base}/api/v1/drafts/{id}")).json(&json!({"version": 1, "document": document})).send().await.unwrap();
    assert_eq!(saved.status(), 200);

    server.0.kill().expect("SIGKILL");
    server.0.wait().unwrap();

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = start(&db, port);
    wait_ready(&client, &base).await;
    let after: Value = client.get(format!("{base}/api/v1/drafts/{id}")).send().await.unwrap().json().await.unwrap();
    // The accounts and the token made on the command line are in the audit log too.
    let export = client.get(format!("{base}/api/v1/audit/export")).send().await.unwrap().text().await.unwrap();
    drop(server);
    let made: Vec<(String, String)> = export
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["actor"].as_str().unwrap().starts_with("command line"))
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["target"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(made.len(), 2, "{export}");
    assert_eq!(made[0], ("cli_create_administrator".to_owned(), "/users/admin".to_owned()));
    assert_eq!(made[1].0, "cli_create_api_token");
    assert!(made[1].1.starts_with("/users/admin/tokens/"), "{made:?}");
    assert_eq!(after["version"], 2);
    assert_eq!(after["document"]["name"], "Saved just before the crash");
}
