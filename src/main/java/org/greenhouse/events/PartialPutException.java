package org.greenhouse.events;

/** Kinesis did not accept some records; they are retried, the accepted ones are not sent again. */
public class PartialPutException extends RuntimeException {

    public PartialPutException(String message) {
        super(message);
    }
}
