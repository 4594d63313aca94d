-- One row per execution of the archive pipeline. A batch is fixed by its bounds (range_from <=
-- recording_taken < range_to, reading_id <= max_reading_id) when first run; an execution that completes
-- an earlier, failed batch keeps that batch's bounds and names (batch_run_id).
CREATE TABLE archive_run (
    run_id         BIGINT IDENTITY(1,1) PRIMARY KEY,
    batch_run_id   BIGINT NULL,
    status         NVARCHAR(20) NOT NULL,
    range_from     DATETIME2(0) NOT NULL,
    range_to       DATETIME2(0) NOT NULL,
    max_reading_id BIGINT NOT NULL,
    started_at     DATETIME2(3) NOT NULL,
    finished_at    DATETIME2(3) NULL,
    rows_archived  BIGINT NULL,
    objects        INT NULL,
    bytes          BIGINT NULL,
    duration_ms    BIGINT NULL,
    error          NVARCHAR(1000) NULL
);
CREATE INDEX ix_archive_run_status ON archive_run (status);
