package org.greenhouse.events;

import java.util.ArrayList;
import java.util.List;

/** Cuts records into PutRecords calls within Kinesis's limits: 500 records and 5 MB a call. */
public final class RecordBatches {

    public static final int MAX_RECORDS = 500;
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private RecordBatches() {
    }

    public static List<List<StreamRecord>> of(List<StreamRecord> records) {
        List<List<StreamRecord>> batches = new ArrayList<>();
        List<StreamRecord> batch = new ArrayList<>();
        int bytes = 0;
        for (StreamRecord record : records) {
            if (!batch.isEmpty() && (batch.size() == MAX_RECORDS || bytes + record.size() > MAX_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(record);
            bytes += record.size();
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
