-- What happened to each item: the Watch stream submitting departments follow.
CREATE TABLE approval_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id         TEXT NOT NULL REFERENCES approval_items (id),
    submission_id   TEXT NOT NULL,
    submitting_unit TEXT NOT NULL,
    state           TEXT NOT NULL,
    detail          TEXT NOT NULL,
    at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX approval_events_unit ON approval_events (submitting_unit, id);
