package org.greenhouse.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One event as it goes into the stream: its id, the partition key that places it on a shard, its JSON. */
public record StreamRecord(String eventId, String partitionKey, byte[] data) {

    /** Kinesis refuses a partition key longer than this (characters)... */
    public static final int MAX_PARTITION_KEY_CHARS = 256;
    /** ... and a record whose data and partition key are more than this (bytes) together. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    /** What Kinesis counts of this record against its limits: the data and the partition key. */
    int size() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Why Kinesis would refuse this record, if it would: checked before the put, since Kinesis refuses the
     * whole PutRecords call for one such record, and no retry changes that.
     */
    public Optional<String> overKinesisLimits() {
        if (partitionKey.length() > MAX_PARTITION_KEY_CHARS) {
            return Optional.of("its partition key is " + partitionKey.length() + " characters; Kinesis takes at most "
                    + MAX_PARTITION_KEY_CHARS);
        }
        if (size() > MAX_RECORD_BYTES) {
            return Optional.of("as a record (with event_id, received_at and its partition key) it is " + size()
                    + " bytes; Kinesis takes at most " + MAX_RECORD_BYTES + " bytes (1 MiB)");
        }
        return Optional.empty();
    }
}
