-- Progress of the delivery from the event stream to S3, per shard: the last sequence number delivered, and
-- the range being delivered now (planned before its object is written, so a crash redelivers exactly that
-- range under the same key).
CREATE TABLE event_delivery (
    stream            VARCHAR(128) NOT NULL,
    shard_id          VARCHAR(128) NOT NULL,
    delivered_seq     VARCHAR(128) NULL,
    pending_first_seq VARCHAR(128) NULL,
    pending_last_seq  VARCHAR(128) NULL,
    pending_key       VARCHAR(1000) NULL,
    updated_at        TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_event_delivery PRIMARY KEY (stream, shard_id)
);
