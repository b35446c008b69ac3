-- Answers of mutating calls by request_id (gongwen_guard::idempotency): a retry gets the first answer.
CREATE TABLE countersign_requests (
    request_id     TEXT PRIMARY KEY,
    method         TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    response       BYTEA,
    claimed_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX countersign_requests_claimed ON countersign_requests (claimed_at);
