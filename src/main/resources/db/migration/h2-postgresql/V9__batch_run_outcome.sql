-- A failed batch extraction is recorded too: each collection's row says whether all its items went into the
-- stream (SUCCEEDED) or the run failed on it (FAILED, with why; items are those in the stream for certain).
-- Rows from before were written by successful runs only.
ALTER TABLE batch_run ADD COLUMN status VARCHAR(20) DEFAULT 'SUCCEEDED' NOT NULL;
ALTER TABLE batch_run ADD COLUMN error VARCHAR(1000) NULL;
