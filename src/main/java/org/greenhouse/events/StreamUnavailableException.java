package org.greenhouse.events;

/**
 * The put ends without all records in the stream, and is not retried: a PutRecords call timed out or broke
 * after it was sent (its records may be in the stream; sending them again could put them twice), or the put's
 * time is spent.
 */
public class StreamUnavailableException extends RuntimeException {

    public StreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
