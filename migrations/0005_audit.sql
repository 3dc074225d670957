-- The portal's own audit log: every state-changing API call and every sign-in, appended
-- with who, in which team, what, on which target, from where and with what outcome.
-- Append-only: no route updates or deletes it, and the database refuses to.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,       -- RFC 3339 UTC
    actor     TEXT NOT NULL,       -- user name, or what was typed for a failed sign-in
    team_id   TEXT,
    action    TEXT NOT NULL,       -- the operation id of the route list, or sign_in / sign_in_failed
    target    TEXT NOT NULL,       -- the path values (ids) the action named
    address   TEXT,
    outcome   INTEGER NOT NULL     -- the HTTP status answered
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
