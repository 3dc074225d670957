-- History with authors: who saved each revision and what they said about it.
ALTER TABLE draft_revisions ADD COLUMN author TEXT;
ALTER TABLE draft_revisions ADD COLUMN message TEXT;

-- What happened to a draft besides saves: publishes and the steps of its reviews, with
-- who, when and an optional message. Kept with the draft (and gone with it).
CREATE TABLE draft_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id    TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,          -- RFC 3339 UTC
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('published', 'review_requested', 'approved', 'rejected', 'withdrawn')),
    version     INTEGER NOT NULL,       -- the draft version it concerned
    monitor_id  TEXT,
    message     TEXT
);
CREATE INDEX draft_events_by_draft ON draft_events (draft_id, id DESC);

-- Four-eyes publish: a team may require that a publisher who is not the author approves
-- each publish; an optional webhook announces new requests.
ALTER TABLE teams ADD COLUMN publish_needs_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN review_webhook_url TEXT;

-- A request to publish one exact revision of a draft, frozen here.
CREATE TABLE review_requests (
    id          TEXT PRIMARY KEY NOT NULL,
    team_id     TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    draft_id    TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    document    TEXT NOT NULL,          -- the frozen revision (app::model::MonitorDraft)
    author      TEXT NOT NULL,
    message     TEXT,
    state       TEXT NOT NULL CHECK (state IN ('open', 'approved', 'rejected', 'withdrawn')),
    reviewer    TEXT,
    comment     TEXT,
    monitor_id  TEXT,
    created_at  TEXT NOT NULL,
    decided_at  TEXT
);
CREATE INDEX review_requests_by_team ON review_requests (team_id, state, created_at DESC);
CREATE UNIQUE INDEX review_requests_one_open ON review_requests (draft_id) WHERE state = 'open';
