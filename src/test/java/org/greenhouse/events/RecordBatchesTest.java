package org.greenhouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** How records are cut into PutRecords calls: at most 500 records and 5 MiB (data and keys) a call, in order. */
class RecordBatchesTest {

    private static StreamRecord record(int id, int dataBytes) {
        return new StreamRecord("e" + id, "k" + id % 10, "x".repeat(dataBytes).getBytes(StandardCharsets.UTF_8));
    }

    private static List<StreamRecord> records(int count, int dataBytes) {
        return IntStream.range(0, count).mapToObj(id -> record(id, dataBytes)).toList();
    }

    private static List<Integer> sizes(List<List<StreamRecord>> batches) {
        return batches.stream().map(List::size).toList();
    }

    @Test
    void noRecordsAreNoCalls() {
        assertEquals(List.of(), RecordBatches.of(List.of()));
    }

    @Test
    void fiveHundredRecordsAreOneCallAndTheNextStartsAnother() {
        assertEquals(List.of(500), sizes(RecordBatches.of(records(500, 10))));
        assertEquals(List.of(500, 1), sizes(RecordBatches.of(records(501, 10))));
        assertEquals(List.of(500, 500, 200), sizes(RecordBatches.of(records(1200, 10))));
    }

    @Test
    void aCallHoldsAtMostFiveMebibytesOfDataAndKeys() {
        // 5 records of exactly 1 MiB with their 2-character keys fill one call; a sixth needs another
        int oneMebibyte = 1024 * 1024 - 2;
        assertEquals(List.of(5), sizes(RecordBatches.of(records(5, oneMebibyte))));
        assertEquals(List.of(5, 1), sizes(RecordBatches.of(records(6, oneMebibyte))));
        // a byte more than fits goes into the next call
        List<StreamRecord> records = new ArrayList<>(records(4, oneMebibyte));
        records.add(record(4, oneMebibyte + 1));
        assertEquals(List.of(4, 1), sizes(RecordBatches.of(records)));
    }

    @Test
    void recordsKeepTheirOrderAndNoneIsLostOrRepeated() {
        List<StreamRecord> records = new ArrayList<>(records(700, 10));
        records.add(3, record(9999, 5 * 1024 * 1024 - 6));
        List<StreamRecord> again = RecordBatches.of(records).stream().flatMap(List::stream).toList();
        assertEquals(records, again);
    }
}
