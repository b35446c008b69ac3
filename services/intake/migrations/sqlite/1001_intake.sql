-- Intake owns versions 1001-1999.
CREATE TABLE intake_submissions (
    pos             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_sha256  TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('REGISTERED', 'RETURNED')),
    receipt_year    INTEGER,
    receipt_seq     INTEGER,
    receipt_number  TEXT UNIQUE,
    submitting_unit TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    rulebook        TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    payload         BLOB NOT NULL,
    UNIQUE (receipt_year, receipt_seq),
    CHECK ((state = 'REGISTERED') = (receipt_seq IS NOT NULL))
);
CREATE INDEX intake_submissions_registered_content ON intake_submissions (content_sha256) WHERE state = 'REGISTERED';
CREATE INDEX intake_submissions_unit ON intake_submissions (submitting_unit, pos);

CREATE TABLE intake_receipt_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE intake_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id   TEXT NOT NULL REFERENCES intake_submissions (id),
    state           TEXT NOT NULL,
    receipt_number  TEXT,
    submitting_unit TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    delivered_at    TEXT
);
CREATE INDEX intake_events_undelivered ON intake_events (id) WHERE delivered_at IS NULL;
