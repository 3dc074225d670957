-- Each team may have its own cluster identity: the user the cluster knows the team as, so
-- the cluster's own permissions apply to every preview, lookup, publish and acknowledge
-- of that team. The secret is sealed (server/src/secrets.rs) and never answered.
ALTER TABLE teams ADD COLUMN cluster_username TEXT;        -- NULL: an API key
ALTER TABLE teams ADD COLUMN cluster_secret BLOB;          -- NULL: the server's own identity
