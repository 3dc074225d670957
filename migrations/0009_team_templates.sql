-- A team's own templates: a draft saved as a starting point for the team's next monitors,
-- listed in the gallery beside the built-in ones, for that team only.
CREATE TABLE team_templates (
    id           TEXT PRIMARY KEY NOT NULL,
    team_id      TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    document     TEXT NOT NULL,     -- app::model::MonitorDraft
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (team_id, title)
);
