//! Draft autosave latency with 100,000 drafts in the database.
//!
//! `cargo bench -p server --bench autosave` (`scripts/bench` runs it). Not a test: it prints
//! figures and asserts only that every save was a real, version-checked revision.
//!
//! A temporary SQLite is created through [`AppState::new`] (so the schema is the migrations'
//! and the pool settings the server's: WAL, `synchronous=FULL`). 100,000 drafts of the
//! Failed-logins template, each with its first revision, are bulk-inserted in one
//! transaction with plain SQL (the service's one-transaction-per-draft insert would take
//! minutes because every commit is an fsync). Then 2,000 sequential autosaves — `PUT
//! /api/v1/drafts/{id}` through the whole router with `tower::ServiceExt::oneshot` — on
//! randomly chosen drafts are timed from the request to the last byte of the answer.
//!
//! Knobs (environment): `BENCH_DRAFTS` (100000), `BENCH_SAVES` (2000), `BENCH_WARMUP` (50).

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use monitor_studio::{AppState, Config, app as build_router, drafts::store::Derived};
use serde_json::{Value, json};
use tower::ServiceExt;

const TEMPLATE: &str = "failed-logins";
const TARGET_P99_MS: f64 = 10.0;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// xorshift64*: reproducible picks without a `rand` dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    // Nearest-rank: the smallest value with at least p% of the samples at or below it.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1].as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let drafts = env_usize("BENCH_DRAFTS", 100_000);
    let saves = env_usize("BENCH_SAVES", 2_000);
    let warmup = env_usize("BENCH_WARMUP", 50);

    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("bench.db");
    let mut config = Config::default();
    config.database_url = format!("sqlite://{}", db_path.display());
    config.site_root = dir.path().join("site");
    config.cluster = None;
    let state = AppState::new(config).await.expect("state");
    let router = build_router(state.clone());
    let pool = state.drafts.pool().clone();

    // ---- bulk insert: one transaction, rows generated inside SQLite.
    let document = app::model::templates::build(TEMPLATE).expect("the failed-logins template");
    let derived = Derived::of(&document);
    let doc_json = serde_json::to_string(&document).expect("document serializes");
    let started = Instant::now();
    let mut tx = pool.begin().await.expect("begin");
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
         INSERT INTO drafts (id, name, monitor_type, indices, document, version, created_at, updated_at) \
         SELECT lower(hex(randomblob(16))), ?2 || ' ' || i, ?3, ?4, json_set(?5, '$.name', ?2 || ' ' || i), 1, \
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d minutes', i)), \
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d minutes', i)) \
         FROM n",
    )
    .bind(drafts as i64)
    .bind(&derived.name)
    .bind(derived.monitor_type)
    .bind(&derived.indices)
    .bind(&doc_json)
    .execute(&mut *tx)
    .await
    .expect("bulk insert drafts");
    sqlx::query(
        "INSERT INTO draft_revisions (draft_id, version, document, saved_at, note) \
         SELECT id, 1, document, created_at, 'created from template failed-logins' FROM drafts",
    )
    .execute(&mut *tx)
    .await
    .expect("bulk insert revisions");
    tx.commit().await.expect("commit");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&pool).await.expect("checkpoint");
    let insert_time = started.elapsed();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM drafts").fetch_all(&pool).await.expect("ids");
    assert_eq!(ids.len(), drafts, "every draft inserted");
    let size_before = file_size(&db_path);

    // ---- autosaves: each names the version it started from and changes the document.
    let mut versions: HashMap<usize, i64> = HashMap::new();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut base = serde_json::to_value(&document).expect("document value");
    let mut samples = Vec::with_capacity(saves);
    for n in 0..warmup + saves {
        let pick = rng.below(ids.len());
        let version = *versions.get(&pick).unwrap_or(&1);
        base["name"] = json!(format!("Failed logins {pick} (edit {n})"));
        base["triggers"][0]["threshold_value"] = json!((n % 50) as f64 + 1.0);
        let body = serde_json::to_vec(&json!({"version": version, "document": &base})).expect("body");
        let request = Request::builder()
            .method(Method::PUT)
            .uri(format!("/api/v1/drafts/{}", ids[pick]))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("request");

        let t0 = Instant::now();
        let response = router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let elapsed = t0.elapsed();

        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
        let saved: Value = serde_json::from_slice(&bytes).expect("JSON answer");
        assert_eq!(saved["version"], json!(version + 1), "a new revision");
        versions.insert(pick, version + 1);
        if n >= warmup {
            samples.push(elapsed);
        }
    }
    let revisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft_revisions").fetch_one(&pool).await.expect("count");
    assert_eq!(revisions as usize, drafts + warmup + saves, "one revision per save");

    samples.sort();
    let total: Duration = samples.iter().sum();
    let mean = total.as_secs_f64() * 1e3 / samples.len() as f64;
    let p99 = percentile(&samples, 99.0);
    let wal = file_size(&db_path.with_extension("db-wal"));

    println!("database               : {drafts} drafts, {revisions} revisions at the end; Failed-logins template, {} B per document", doc_json.len());
    println!("bulk insert            : {:.1} s (one transaction, then a WAL checkpoint)", insert_time.as_secs_f64());
    println!("database file          : {} after the insert; {} + {} WAL after the saves", mb(size_before), mb(file_size(&db_path)), mb(wal));
    println!("autosaves timed        : {} sequential PUT /api/v1/drafts/{{id}} on random drafts (after {warmup} warm-up), via Router::oneshot", samples.len());
    println!("  SQLite: WAL, synchronous=FULL (every save is fsynced before the answer)");
    println!();
    println!("  {:<8} {:>10}", "stat", "latency");
    println!("  {:<8} {:>10}", "--------", "----------");
    for (label, value) in [
        ("p50", percentile(&samples, 50.0)),
        ("p90", percentile(&samples, 90.0)),
        ("p99", p99),
        ("max", samples.last().unwrap().as_secs_f64() * 1e3),
        ("mean", mean),
    ] {
        println!("  {label:<8} {value:>7.2} ms");
    }
    println!();
    println!(
        "  target: p99 <= {TARGET_P99_MS:.0} ms -> {}",
        if p99 <= TARGET_P99_MS { format!("met ({p99:.2} ms)") } else { format!("MISSED ({p99:.2} ms)") }
    );
}
