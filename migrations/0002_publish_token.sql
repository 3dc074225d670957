-- A publish in progress: written before the cluster is asked to create the monitor and
-- cleared once the monitor id is recorded. If the server dies in between, the next
-- publish finds the monitor by this token instead of creating a second one.
ALTER TABLE drafts ADD COLUMN publish_token TEXT;
