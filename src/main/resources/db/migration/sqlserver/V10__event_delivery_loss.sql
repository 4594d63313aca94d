-- How many records the range being delivered holds, so that a re-read after a crash can tell whether any
-- were trimmed from the stream meanwhile; and a row per range that could no longer be read, saying what was
-- lost (records is NULL where the stream cannot tell how many).
ALTER TABLE event_delivery ADD pending_count INT NULL;

CREATE TABLE event_delivery_loss (
    loss_id     BIGINT IDENTITY(1,1) PRIMARY KEY,
    stream      NVARCHAR(128) NOT NULL,
    shard_id    NVARCHAR(128) NOT NULL,
    after_seq   NVARCHAR(128) NULL,
    first_seq   NVARCHAR(128) NULL,
    last_seq    NVARCHAR(128) NULL,
    records     INT NULL,
    reason      NVARCHAR(2000) NOT NULL,
    detected_at DATETIME2(3) NOT NULL
);
CREATE INDEX ix_event_delivery_loss_detected ON event_delivery_loss (detected_at);
