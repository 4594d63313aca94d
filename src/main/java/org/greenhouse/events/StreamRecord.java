package org.greenhouse.events;

/** One event as it goes into the stream: its id, the partition key that places it on a shard, its JSON. */
public record StreamRecord(String eventId, String partitionKey, byte[] data) {

    /** What Kinesis counts against its 5 MB per PutRecords call. */
    int size() {
        return data.length + partitionKey.length();
    }
}
