-- Transactions that must not overlap across processes (the plant cycles of two replicas, or of Lambda
-- invocations, storing into one database) first take their row here and hold its lock until they end, so
-- they run one after the other (org.greenhouse.db.Transactions.inLockedTransaction).
CREATE TABLE store_lock (
    lock_name NVARCHAR(50) PRIMARY KEY,
    taken_at  DATETIME2(3) NULL
);
INSERT INTO store_lock (lock_name) VALUES (N'plant-ingest');
