package org.greenhouse.events;

/** A request the API refuses as a whole: an HTTP status and a message that says what is wrong. */
public class EventRejected extends RuntimeException {

    private final int status;

    public EventRejected(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
