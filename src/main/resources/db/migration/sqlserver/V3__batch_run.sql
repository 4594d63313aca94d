-- One row per collection per run of the batch extraction (seed 002): how many items went into the stream.
CREATE TABLE batch_run (
    batch_run_id BIGINT IDENTITY(1,1) PRIMARY KEY,
    run_started  DATETIME2(3) NOT NULL,
    collection   NVARCHAR(100) NOT NULL,
    items        INT NOT NULL,
    finished_at  DATETIME2(3) NOT NULL
);
CREATE INDEX ix_batch_run_started ON batch_run (run_started);
