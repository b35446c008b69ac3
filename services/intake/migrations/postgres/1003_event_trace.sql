-- The trace of the call that caused an event: approval continues it when it
-- takes the event, so one document is one trace across the services.
ALTER TABLE intake_events ADD COLUMN traceparent TEXT;
