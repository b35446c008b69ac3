-- Countersign owns versions 2001-2999.
CREATE TABLE countersign_rounds (
    pos             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    lead_department TEXT NOT NULL,
    state           TEXT NOT NULL,
    payload         BLOB NOT NULL,
    certificate     BLOB
);
CREATE INDEX countersign_rounds_lead ON countersign_rounds (lead_department, pos);

-- One row per participant, mirroring the round's payload, for the deadline
-- sweep and the participants' inboxes.
CREATE TABLE countersign_tasks (
    round_id   TEXT NOT NULL REFERENCES countersign_rounds (id),
    department TEXT NOT NULL,
    state      TEXT NOT NULL,
    due_at     TEXT NOT NULL,
    PRIMARY KEY (round_id, department)
);
-- The sweep reads due pending tasks in deadline order: cost per fired
-- deadline does not depend on how many are pending.
CREATE INDEX countersign_tasks_due ON countersign_tasks (due_at) WHERE state = 'PENDING';
CREATE INDEX countersign_tasks_pending ON countersign_tasks (department) WHERE state = 'PENDING';

CREATE TABLE countersign_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id   TEXT NOT NULL REFERENCES countersign_rounds (id),
    kind       TEXT NOT NULL,
    department TEXT NOT NULL,
    detail     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX countersign_events_round ON countersign_events (round_id, id);
