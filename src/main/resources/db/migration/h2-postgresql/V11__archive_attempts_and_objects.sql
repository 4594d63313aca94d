-- Which attempt at its batch an execution is (1: the execution that fixed the batch), so that a batch that
-- keeps failing shows how often it has.
ALTER TABLE archive_run ADD COLUMN attempt INT NULL;

-- Every object an attempt at a batch is to store, recorded before it is uploaded: when the batch completes,
-- an object that an earlier, failed attempt stored and the completing attempt did not write (fewer readings,
-- another max-rows-per-file) is removed, so a completed batch's objects are exactly those it confirmed.
CREATE TABLE archive_object (
    batch_run_id BIGINT NOT NULL,
    object_key   VARCHAR(400) NOT NULL,
    CONSTRAINT pk_archive_object PRIMARY KEY (batch_run_id, object_key)
);
