package org.greenhouse.archive;

import java.time.Instant;

/**
 * The readings one batch archives: {@code from <= recording_taken < to} and {@code reading_id <= maxReadingId},
 * fixed when the batch starts so that readings arriving meanwhile wait for the next batch.
 *
 * @param runId the execution doing the work now
 * @param batchRunId the execution that fixed the bounds; object names use it, so a completed batch
 *        overwrites what its failed attempt uploaded
 */
public record ArchiveBatch(long runId, long batchRunId, Instant from, Instant to, long maxReadingId) {

    public boolean isResumed() {
        return runId != batchRunId;
    }
}
