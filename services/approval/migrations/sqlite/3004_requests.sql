-- Answers of mutating calls by request_id (gongwen_guard::idempotency): a retry gets the first answer.
CREATE TABLE approval_requests (
    request_id     TEXT PRIMARY KEY,
    method         TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    response       BLOB,
    claimed_at     TEXT NOT NULL
);
CREATE INDEX approval_requests_claimed ON approval_requests (claimed_at);
