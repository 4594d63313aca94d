package org.greenhouse.query;

import java.time.Duration;

/** Most rows an answer carries, and how long a query may run (its engine's start to its last row). */
public record QueryLimits(long maxRows, Duration timeLimit) {

    public QueryLimits {
        if (maxRows < 1) {
            throw new IllegalArgumentException("a query's row limit must be at least 1, not " + maxRows);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("a query's time limit must be more than 0, not " + timeLimit);
        }
    }
}
