-- Memberships from the identity provider: an administrator maps a group (an OIDC groups
-- claim value, or a trusted proxy's groups header) to a team and role. At each sign-in
-- the person's memberships from groups are made to match their groups; memberships set
-- by hand (`source = 'manual'`) are never touched by that.
CREATE TABLE group_mappings (
    group_name  TEXT NOT NULL,
    team_id     TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'publisher', 'team_admin')),
    PRIMARY KEY (group_name, team_id)
);

ALTER TABLE team_members ADD COLUMN source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'groups'));
