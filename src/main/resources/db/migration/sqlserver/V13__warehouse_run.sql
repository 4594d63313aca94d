-- The warehouse pipeline's bookkeeping in the app's database (its data lives in the zones and the warehouse):
-- one row per run of a step (warehouse-ingest, -process, -load), the source watermarks ingest has confirmed,
-- and the values or rows a step would not load, with why.
CREATE TABLE warehouse_run (
    run_id       BIGINT IDENTITY(1,1) PRIMARY KEY,
    step         NVARCHAR(30) NOT NULL,
    manifest     NVARCHAR(1000) NULL,
    status       NVARCHAR(20) NOT NULL,
    started_at   DATETIME2(3) NOT NULL,
    finished_at  DATETIME2(3) NULL,
    source_rows  BIGINT NULL,
    counts       NVARCHAR(4000) NULL,
    rejects      INT NULL,
    error        NVARCHAR(1000) NULL,
    owner        NVARCHAR(200) NULL,
    heartbeat_at DATETIME2(3) NULL
);
CREATE INDEX ix_warehouse_run_step ON warehouse_run (step, status);

-- The greatest last_updated ingested per source table; moved forward only once a run's objects and manifest
-- are confirmed in the ingestion zone.
CREATE TABLE warehouse_watermark (
    table_name   NVARCHAR(100) PRIMARY KEY,
    last_updated DATETIME2(3) NOT NULL,
    run_id       BIGINT NOT NULL,
    updated_at   DATETIME2(3) NOT NULL
);

CREATE TABLE warehouse_reject (
    reject_id    BIGINT IDENTITY(1,1) PRIMARY KEY,
    run_id       BIGINT NOT NULL,
    step         NVARCHAR(30) NOT NULL,
    manifest     NVARCHAR(1000) NOT NULL,
    table_name   NVARCHAR(100) NOT NULL,
    row_id       BIGINT NOT NULL,
    column_name  NVARCHAR(100) NOT NULL,
    rejected     NVARCHAR(1000) NULL,
    reason       NVARCHAR(1000) NOT NULL
);
CREATE INDEX ix_warehouse_reject_run ON warehouse_reject (run_id);

-- process and load of several processes (replicas, Lambda invocations) take their turns
INSERT INTO store_lock (lock_name) VALUES ('warehouse-process');
INSERT INTO store_lock (lock_name) VALUES ('warehouse-load');
