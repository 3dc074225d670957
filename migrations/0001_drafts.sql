-- Drafts: one row per monitor being authored. `document` is the form model
-- (app::model::MonitorDraft) as JSON; name, type and indices are copied out of it so the
-- drafts list can be searched and sorted without parsing every document.
CREATE TABLE drafts (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    monitor_type  TEXT NOT NULL,
    indices       TEXT NOT NULL,          -- JSON array of strings
    document      TEXT NOT NULL,
    version       INTEGER NOT NULL,       -- optimistic concurrency: +1 on every save
    created_at    TEXT NOT NULL,          -- RFC 3339 UTC
    updated_at    TEXT NOT NULL,
    -- Link to the cluster monitor once published (NULL until then).
    monitor_id        TEXT,
    seq_no            INTEGER,
    primary_term      INTEGER,
    published_version INTEGER,            -- the draft version that was published
    published_body    TEXT,               -- normalized monitor JSON as published
    published_at      TEXT,
    cluster_changed   INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX drafts_by_updated ON drafts (updated_at DESC, id);
CREATE UNIQUE INDEX drafts_by_monitor ON drafts (monitor_id) WHERE monitor_id IS NOT NULL;

-- Every save keeps a revision, so any earlier state can be looked at and restored.
CREATE TABLE draft_revisions (
    draft_id  TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    document  TEXT NOT NULL,
    saved_at  TEXT NOT NULL,
    note      TEXT,
    PRIMARY KEY (draft_id, version)
);
