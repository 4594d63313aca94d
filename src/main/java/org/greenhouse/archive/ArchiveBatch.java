package org.greenhouse.archive;

import java.time.Instant;

/**
 * The readings one batch archives: {@code from <= recording_taken < to} and {@code reading_id <= maxReadingId},
 * fixed when the batch starts so that readings arriving meanwhile wait for the next batch. The bounds are whole
 * seconds, as readings are, and exactly as archive_run stores them, so every attempt reads the same readings.
 *
 * @param runId the execution doing the work now
 * @param batchRunId the execution that fixed the bounds; object names use it, so a completed batch
 *        overwrites what its failed attempt uploaded
 * @param attempt which attempt at the batch the execution is: 1 for the one that fixed it
 */
public record ArchiveBatch(long runId, long batchRunId, Instant from, Instant to, long maxReadingId, int attempt) {

    public boolean isResumed() {
        return runId != batchRunId;
    }
}
