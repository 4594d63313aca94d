-- Progress of the delivery from the event stream to S3, per shard: the last sequence number delivered, and
-- the range being delivered now (planned before its object is written, so a crash redelivers exactly that
-- range under the same key).
CREATE TABLE event_delivery (
    stream            NVARCHAR(128) NOT NULL,
    shard_id          NVARCHAR(128) NOT NULL,
    delivered_seq     NVARCHAR(128) NULL,
    pending_first_seq NVARCHAR(128) NULL,
    pending_last_seq  NVARCHAR(128) NULL,
    pending_key       NVARCHAR(1000) NULL,
    updated_at        DATETIME2(3) NOT NULL,
    CONSTRAINT pk_event_delivery PRIMARY KEY (stream, shard_id)
);
