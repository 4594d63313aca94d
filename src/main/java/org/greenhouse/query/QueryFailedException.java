package org.greenhouse.query;

/**
 * The engine could not answer: the query's own fault (a table or column that does not exist, a type error:
 * {@code clientFault}, 400) or the engine's (unreachable, an internal error: 502), with the engine's reason.
 */
public class QueryFailedException extends RuntimeException {

    private final boolean clientFault;

    public QueryFailedException(String message, boolean clientFault, Throwable cause) {
        super(message, cause);
        this.clientFault = clientFault;
    }

    public boolean clientFault() {
        return clientFault;
    }
}
