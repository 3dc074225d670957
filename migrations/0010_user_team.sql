-- The team a person acts in when they have no session to remember it (signed in by a
-- trusted proxy on every request): switching teams stores it here.
ALTER TABLE users ADD COLUMN team_id TEXT REFERENCES teams (id) ON DELETE SET NULL;
