package org.greenhouse.query;

/** A query refused before any engine sees it, or one the engine found wrong: the client's to fix (400). */
public class QueryRefused extends RuntimeException {

    public QueryRefused(String reason) {
        super(reason);
    }
}
