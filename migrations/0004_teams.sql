-- Teams: everything people author belongs to one. Members hold one role per team:
-- viewer < editor < publisher < team_admin. A global administrator (users.is_admin) may
-- act in any team. `index_patterns` (JSON array of names or `prefix*` patterns) is the
-- team's data boundary in the portal; empty means only the server's own allow-list.
CREATE TABLE teams (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL UNIQUE,
    index_patterns  TEXT NOT NULL DEFAULT '[]',
    created_at      TEXT NOT NULL
);

CREATE TABLE team_members (
    team_id   TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'team_admin')),
    added_at  TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id);

-- Notification channels live on the cluster; which team owns each is kept here.
CREATE TABLE channel_owners (
    channel_id  TEXT PRIMARY KEY NOT NULL,
    team_id     TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE
);
CREATE INDEX channel_owners_by_team ON channel_owners (team_id);

-- What existed before teams belongs to the first team, and everyone who could sign in
-- keeps what they could do: they administer that team.
INSERT INTO teams (id, name, index_patterns, created_at) VALUES ('default', 'Default', '[]', '1970-01-01T00:00:00.000Z');
INSERT INTO team_members (team_id, user_id, role, added_at) SELECT 'default', id, 'team_admin', created_at FROM users;

ALTER TABLE drafts ADD COLUMN team_id TEXT NOT NULL DEFAULT 'default' REFERENCES teams (id);
CREATE INDEX drafts_by_team ON drafts (team_id, updated_at DESC);
-- The team a browser session acts in (NULL: the person's first team).
ALTER TABLE sessions ADD COLUMN team_id TEXT REFERENCES teams (id) ON DELETE SET NULL;
-- The team a token acts in, fixed when it is made.
ALTER TABLE api_tokens ADD COLUMN team_id TEXT REFERENCES teams (id) ON DELETE CASCADE;
