-- Approval owns versions 3001-3999.
CREATE TABLE approval_items (
    pos            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    -- One item per registered submission: a redelivered event is not routed twice.
    submission_id  TEXT NOT NULL UNIQUE,
    state          TEXT NOT NULL,
    current_leader TEXT NOT NULL,
    urgent         BOOLEAN NOT NULL,
    subject        TEXT NOT NULL,
    concerned      TEXT NOT NULL,
    payload        BYTEA NOT NULL
);
CREATE INDEX approval_items_inbox ON approval_items (current_leader, state);

CREATE TABLE approval_absences (
    id      TEXT PRIMARY KEY,
    leader  TEXT NOT NULL,
    from_at TIMESTAMPTZ NOT NULL,
    to_at   TIMESTAMPTZ NOT NULL,
    reason  TEXT NOT NULL,
    ended   BOOLEAN NOT NULL
);

-- How far the intake event stream has been consumed.
CREATE TABLE approval_cursor (
    name     TEXT PRIMARY KEY,
    position BIGINT NOT NULL
);
