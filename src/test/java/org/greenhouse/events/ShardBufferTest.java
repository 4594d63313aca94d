package org.greenhouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

class ShardBufferTest {

    private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");

    private static Record record(int seq, int bytes) {
        return Record.builder().sequenceNumber(String.valueOf(1000 + seq)).data(SdkBytes.fromByteArray(new byte[bytes]))
                .approximateArrivalTimestamp(T0.plusSeconds(seq)).partitionKey("k").build();
    }

    private static List<String> seqs(List<Record> records) {
        return records.stream().map(Record::sequenceNumber).toList();
    }

    @Test
    void anObjectIsTheOldestRecordsThatFitOnceMaxBytesWait() {
        ShardBuffer buffer = new ShardBuffer();
        assertTrue(buffer.isEmpty());
        buffer.add(List.of(record(1, 40), record(2, 40)));
        assertFalse(buffer.isEmpty());
        assertEquals(List.of(), buffer.takeFull(100), "80 of 100 bytes wait: nothing is due");

        buffer.add(List.of(record(3, 20), record(4, 30)));
        assertEquals(List.of("1001", "1002", "1003"), seqs(buffer.takeFull(100)), "exactly 100 bytes fit");
        assertEquals(30, buffer.bytes());
        assertEquals(1, buffer.count());
        assertEquals(List.of(), buffer.takeFull(100));
    }

    @Test
    void exactlyMaxBytesWaitingIsDue() {
        ShardBuffer buffer = new ShardBuffer();
        buffer.add(List.of(record(1, 60), record(2, 40)));
        assertEquals(List.of("1001", "1002"), seqs(buffer.takeFull(100)));
        assertTrue(buffer.isEmpty());
        assertEquals(0, buffer.bytes());
    }

    @Test
    void aRecordLargerThanMaxBytesMakesAnObjectOnItsOwn() {
        ShardBuffer buffer = new ShardBuffer();
        buffer.add(List.of(record(1, 250), record(2, 10)));
        assertEquals(List.of("1001"), seqs(buffer.takeFull(100)));
        assertEquals(List.of(), buffer.takeFull(100));
        assertEquals(List.of("1002"), seqs(buffer.takeUpTo(100)));
    }

    @Test
    void takeThroughASequenceNumberLeavesTheNewerOnes() {
        ShardBuffer buffer = new ShardBuffer();
        buffer.add(List.of(record(1, 10), record(2, 10), record(3, 10)));
        assertTrue(buffer.holdsAfter("1002"));
        assertFalse(buffer.holdsAfter("1003"));
        assertEquals(List.of("1001", "1002"), seqs(buffer.takeThrough("1002")));
        assertEquals("1003", buffer.lastSequenceNumber());
        assertEquals(10, buffer.bytes());
        assertEquals(T0.plusSeconds(3), buffer.oldestArrival());
    }

    @Test
    void sequenceNumbersCompareAsNumbersNotAsText() {
        ShardBuffer buffer = new ShardBuffer();
        buffer.add(List.of(Record.builder().sequenceNumber("10").data(SdkBytes.fromByteArray(new byte[1]))
                .approximateArrivalTimestamp(T0).partitionKey("k").build()));
        assertTrue(buffer.holdsAfter("9"));
        assertEquals(List.of(), buffer.takeThrough("9"));
    }

    @Test
    void oldEnoughAtExactlyMaxAge() {
        Duration maxAge = Duration.ofSeconds(60);
        assertFalse(ShardBuffer.oldEnough(T0, maxAge, T0.plusSeconds(60).minusMillis(1)));
        assertTrue(ShardBuffer.oldEnough(T0, maxAge, T0.plusSeconds(60)));
        assertTrue(ShardBuffer.oldEnough(T0, Duration.ZERO, T0));
    }
}
