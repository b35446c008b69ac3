-- What happened to each item: the Watch stream submitting departments follow.
CREATE TABLE approval_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id         TEXT NOT NULL REFERENCES approval_items (id),
    submission_id   TEXT NOT NULL,
    submitting_unit TEXT NOT NULL,
    state           TEXT NOT NULL,
    detail          TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX approval_events_unit ON approval_events (submitting_unit, id);
