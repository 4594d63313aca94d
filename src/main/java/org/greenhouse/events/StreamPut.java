package org.greenhouse.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The records of one put into the event stream, and which of them the stream does not hold yet: the message
 * body of the stream-writing step ({@code streamWriter.put}) in both routes that put events. The step updates
 * it in place. When a route retries the step, Camel gives it back the message it had before the step, whose
 * body is this same object, so a retry sends only the records still pending.
 */
public final class StreamPut {

    private final List<StreamRecord> records;
    private final Instant deadline;
    private volatile List<StreamRecord> pending;

    /**
     * @param deadline when the put must have ended, retries included (a client waits for the answer); null for
     *                 no bound other than the retries' count
     */
    public StreamPut(List<StreamRecord> records, Instant deadline) {
        this.records = List.copyOf(records);
        this.deadline = deadline;
        this.pending = this.records;
    }

    public List<StreamRecord> records() {
        return records;
    }

    /** The event ids of all records, in order. */
    public List<String> eventIds() {
        return records.stream().map(StreamRecord::eventId).toList();
    }

    /** The records not known to be in the stream, in order. */
    public List<StreamRecord> pending() {
        return pending;
    }

    void stillPending(List<StreamRecord> records) {
        pending = List.copyOf(records);
    }

    /** How many records are known to be in the stream. */
    public int stored() {
        return records.size() - pending.size();
    }

    Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }
}
