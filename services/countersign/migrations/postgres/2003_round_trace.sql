-- The trace of the call that opened a round: its certificate carries it
-- (Certificate.traceparent), and whoever checks or uses the certificate links to it.
ALTER TABLE countersign_rounds ADD COLUMN traceparent TEXT;
