-- A failed batch extraction is recorded too: each collection's row says whether all its items went into the
-- stream (SUCCEEDED) or the run failed on it (FAILED, with why; items are those in the stream for certain).
-- Rows from before were written by successful runs only.
ALTER TABLE batch_run ADD status NVARCHAR(20) NOT NULL DEFAULT 'SUCCEEDED';
ALTER TABLE batch_run ADD error NVARCHAR(1000) NULL;
