package org.greenhouse.archive;

import java.io.IOException;

/** A stored object is missing or not what was written; the run must not delete anything. */
public class ArchiveNotConfirmedException extends IOException {

    public ArchiveNotConfirmedException(String message) {
        super(message);
    }
}
