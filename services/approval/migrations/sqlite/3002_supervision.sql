-- Open forwarded tasks, mirrored from the items for the overdue listing.
CREATE TABLE approval_tasks (
    item_id        TEXT NOT NULL REFERENCES approval_items (id),
    department     TEXT NOT NULL,
    state          TEXT NOT NULL,
    due_at         TEXT NOT NULL,
    leader         TEXT NOT NULL,
    receipt_number TEXT NOT NULL,
    PRIMARY KEY (item_id, department)
);
CREATE INDEX approval_tasks_due ON approval_tasks (due_at) WHERE state IN ('ASSIGNED', 'REPORTED');
