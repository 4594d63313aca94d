package org.greenhouse.runs;

/** A run was asked for while one of the same pipeline is in progress in this process (HTTP: 409). */
public class RunInProgressException extends IllegalStateException {

    public RunInProgressException(String pipeline) {
        super("a " + pipeline + " run is running already; try again when it has ended");
    }
}
