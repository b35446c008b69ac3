-- The audit log (留痕): one hash chain per service, append-only.
CREATE TABLE IF NOT EXISTS audit_heads (
    chain TEXT PRIMARY KEY,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS audit_log (
    chain         TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    on_behalf_of  TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    before_digest TEXT NOT NULL,
    after_digest  TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);

-- Rows are never changed or removed through the application's role; the
-- hash chain detects what someone with more rights does anyway.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
