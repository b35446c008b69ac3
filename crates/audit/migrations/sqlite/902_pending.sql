-- Entries written in the transaction of their change, waiting to be chained:
-- a transaction no longer holds its chain's head through its commit; one
-- sealer at a time links what is pending, many entries per head update.
CREATE TABLE IF NOT EXISTS audit_pending (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    chain         TEXT NOT NULL,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    on_behalf_of  TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    before_digest TEXT NOT NULL,
    after_digest  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_pending_chain ON audit_pending (chain, id);
