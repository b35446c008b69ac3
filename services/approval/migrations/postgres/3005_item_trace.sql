-- The trace an item was routed in (the submission's): a decision, taken in the
-- leader's own trace, links to it, so the document's path stays one story.
ALTER TABLE approval_items ADD COLUMN traceparent TEXT;
