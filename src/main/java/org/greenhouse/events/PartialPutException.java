package org.greenhouse.events;

/**
 * Kinesis did not take some records, and none of those can be in the stream: entries its answer names as
 * failed, or calls it refused whole. The route retries exactly those; the taken ones are not sent again.
 */
public class PartialPutException extends RuntimeException {

    public PartialPutException(String message) {
        super(message);
    }

    public PartialPutException(String message, Throwable cause) {
        super(message, cause);
    }
}
