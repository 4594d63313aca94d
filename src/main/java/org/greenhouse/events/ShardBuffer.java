package org.greenhouse.events;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The records of one shard read from the stream and not yet delivered, oldest first, and which of them make
 * an object: an object holds the oldest records that fit in {@code max-bytes} (a single larger record on its
 * own), and is due once that much waits or the oldest record is {@code max-age} old.
 */
final class ShardBuffer {

    private final Deque<Record> waiting = new ArrayDeque<>();
    private long bytes;

    static long size(Record record) {
        return record.data().asByteBuffer().remaining();
    }

    /** Whether records that arrived at {@code oldest} are old enough to be written at {@code now}. */
    static boolean oldEnough(Instant oldest, Duration maxAge, Instant now) {
        return !oldest.plus(maxAge).isAfter(now);
    }

    void add(List<Record> records) {
        for (Record record : records) {
            waiting.addLast(record);
            bytes += size(record);
        }
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int count() {
        return waiting.size();
    }

    long bytes() {
        return bytes;
    }

    Instant oldestArrival() {
        return waiting.getFirst().approximateArrivalTimestamp();
    }

    /** The newest record's sequence number; null when nothing waits. */
    String lastSequenceNumber() {
        return waiting.isEmpty() ? null : waiting.getLast().sequenceNumber();
    }

    /** Whether a record after {@code sequenceNumber} waits (so every record up to it has been read). */
    boolean holdsAfter(String sequenceNumber) {
        return !waiting.isEmpty()
                && new BigInteger(waiting.getLast().sequenceNumber()).compareTo(new BigInteger(sequenceNumber)) > 0;
    }

    /** An object's worth if {@code maxBytes} wait, else nothing: the oldest records that fit in {@code maxBytes}. */
    List<Record> takeFull(long maxBytes) {
        return bytes >= maxBytes ? takeUpTo(maxBytes) : List.of();
    }

    /** The oldest records that fit in {@code maxBytes}; at least one while any waits. */
    List<Record> takeUpTo(long maxBytes) {
        List<Record> object = new ArrayList<>();
        long taken = 0;
        while (!waiting.isEmpty() && (object.isEmpty() || taken + size(waiting.getFirst()) <= maxBytes)) {
            Record record = waiting.removeFirst();
            taken += size(record);
            object.add(record);
        }
        bytes -= taken;
        return object;
    }

    /** Every waiting record up to and including {@code sequenceNumber}. */
    List<Record> takeThrough(String sequenceNumber) {
        BigInteger last = new BigInteger(sequenceNumber);
        List<Record> taken = new ArrayList<>();
        while (!waiting.isEmpty() && new BigInteger(waiting.getFirst().sequenceNumber()).compareTo(last) <= 0) {
            Record record = waiting.removeFirst();
            bytes -= size(record);
            taken.add(record);
        }
        return taken;
    }
}
