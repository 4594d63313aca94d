package org.greenhouse.events;

import java.util.Objects;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Where this process reads one shard, kept in memory between cycles so that each record is read from the
 * stream once: the shard iterator to go on from, and the records read but not yet delivered. It is only
 * good while the shard's delivered position in the database is still the one it started from
 * ({@link #continuesFrom}); otherwise (a restart, another replica delivered meanwhile, a failed cycle) a new
 * one starts from the database's position and reads those records again.
 */
final class ShardReader {

    /** Records per GetRecords call. */
    static final int PAGE = 1000;

    private final KinesisClient kinesis;
    private final String stream;
    private final String shardId;
    private String delivered;
    private String iterator;
    private boolean ended;
    private long millisBehindLatest = -1;
    final ShardBuffer buffer = new ShardBuffer();

    /** A reader of the records after {@code delivered} (null: from the oldest record the stream holds). */
    ShardReader(KinesisClient kinesis, String stream, String shardId, String delivered) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.shardId = shardId;
        this.delivered = delivered;
    }

    /** The stream no longer holds the position this reader would start from (trimmed, or another stream). */
    static final class PositionGoneException extends RuntimeException {
        PositionGoneException(String position, InvalidArgumentException cause) {
            super("the stream no longer holds position " + position + ": " + cause.awsErrorDetails().errorCode()
                    + ": " + cause.awsErrorDetails().errorMessage(), cause);
        }
    }

    String shardId() {
        return shardId;
    }

    boolean continuesFrom(String deliveredSeq) {
        return Objects.equals(delivered, deliveredSeq);
    }

    /** The position in the database this reader goes on from. */
    String delivered() {
        return delivered;
    }

    /** The records through {@code sequenceNumber} are delivered. */
    void delivered(String sequenceNumber) {
        delivered = sequenceNumber;
    }

    /** How far behind the tip of the shard the last page was, as Kinesis says; -1 before the first page. */
    long millisBehindLatest() {
        return millisBehindLatest;
    }

    /** The shard is closed and read to its end. */
    boolean ended() {
        return ended;
    }

    /**
     * Reads the next page into the buffer, following the shard iterator; returns whether there may be more
     * now: false once Kinesis says the reader is at the tip ({@code MillisBehindLatest} 0 and a short page) or
     * the shard has ended. An empty page while behind is not the end.
     *
     * @throws PositionGoneException when the stream refuses the position to start from
     */
    boolean read() {
        if (ended) {
            return false;
        }
        if (iterator == null) {
            iterator = newIterator();
        }
        GetRecordsResponse page;
        try {
            page = getRecords();
        } catch (ExpiredIteratorException e) {
            // unused for 5 minutes: start again right after what was read
            iterator = newIterator();
            page = getRecords();
        }
        buffer.add(page.records());
        if (page.millisBehindLatest() != null) {
            millisBehindLatest = page.millisBehindLatest();
        }
        iterator = page.nextShardIterator();
        if (iterator == null) {
            ended = true;
            return false;
        }
        boolean atTip = Long.valueOf(0).equals(page.millisBehindLatest()) && page.records().size() < PAGE;
        return !atTip;
    }

    private GetRecordsResponse getRecords() {
        String current = iterator;
        return kinesis.getRecords(get -> get.shardIterator(current).limit(PAGE));
    }

    private String newIterator() {
        String after = buffer.isEmpty() ? delivered : buffer.lastSequenceNumber();
        try {
            return kinesis.getShardIterator(get -> get.streamName(stream).shardId(shardId)
                    .shardIteratorType(after == null ? ShardIteratorType.TRIM_HORIZON
                            : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .startingSequenceNumber(after)).shardIterator();
        } catch (InvalidArgumentException e) {
            throw new PositionGoneException(after, e);
        }
    }
}
