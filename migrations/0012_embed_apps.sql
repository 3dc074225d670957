-- Embedding applications: who may frame the /embed pages and sign their links.
-- `origins`, `teams` and `grants` are JSON arrays (read in Rust, so the SQL stays plain);
-- an HS256 application's secret is sealed with the server's key, an EdDSA one keeps only
-- its public key.
CREATE TABLE embed_apps (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    origins TEXT NOT NULL,
    teams TEXT NOT NULL,
    grants TEXT NOT NULL,
    algorithm TEXT NOT NULL CHECK (algorithm IN ('HS256', 'EdDSA')),
    secret BLOB,
    public_key TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
