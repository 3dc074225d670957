-- People who sign in. Local accounts have an argon2id `password_hash`; accounts that come
-- from an identity provider (OIDC, a trusted proxy) have none and are found by
-- (`provider`, `subject`).
CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT,
    provider       TEXT NOT NULL DEFAULT 'local',   -- local, oidc or proxy
    subject        TEXT,                            -- the provider's stable id
    groups         TEXT NOT NULL DEFAULT '[]',      -- JSON array, as the provider last said
    is_admin       INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    last_sign_in_at TEXT
);
CREATE UNIQUE INDEX users_by_subject ON users (provider, subject) WHERE subject IS NOT NULL;

-- Browser sessions. The cookie carries a random secret; only its SHA-256 is stored, so a
-- copy of the database signs nobody in. Each session has its own CSRF token.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL       -- absolute expiry; idle expiry is last_seen_at + idle
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- API tokens for tools (`Authorization: Bearer ms_…`): shown once, stored as SHA-256.
CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    prefix        TEXT NOT NULL,      -- the first characters, to recognise a token in a list
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
