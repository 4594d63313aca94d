package org.greenhouse.query;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How a query ended: the columns, the rows handed on, and the limit that cut it short, if one did. */
public record QueryOutcome(String engine, List<ResultColumn> columns, long rows, Optional<Limit> limitHit,
        Duration elapsed) {

    public enum Kind {
        ROWS, TIME
    }

    /**
     * A limit that was hit: {@code header} is the value of a CSV answer's {@code Greenhouse-Query-Limit} header
     * ({@code rows=10000}, {@code time=30s}), {@code message} the sentence that says so.
     */
    public record Limit(Kind kind, String header, String message) {
    }
}
