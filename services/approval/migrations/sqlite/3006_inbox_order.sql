-- An inbox page is read in its own order (urgent first, newest first) from the
-- index and resumed from its cursor by a seek: a deep page costs what the first
-- does, whatever the inbox holds (measured: `gongwen bench inbox`).
DROP INDEX approval_items_inbox;
CREATE INDEX approval_items_leader_inbox ON approval_items (state, current_leader, urgent, pos);
CREATE INDEX approval_items_office_queue ON approval_items (state, urgent, pos);
