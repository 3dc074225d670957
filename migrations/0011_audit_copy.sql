-- How far the copy of the audit log in the cluster (monitor-studio-audit-*) has got. One
-- row, made when the copy first starts: `source` names this database in the copied
-- documents (their ids are `source:id`, so two portals, or a database made anew, never
-- overwrite each other's entries), `last_id` is the last entry the cluster acknowledged.
CREATE TABLE audit_copy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    source TEXT NOT NULL,
    last_id INTEGER NOT NULL DEFAULT 0
);
