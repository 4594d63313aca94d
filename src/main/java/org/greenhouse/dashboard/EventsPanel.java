package org.greenhouse.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.greenhouse.alerts.AlertText;
import org.greenhouse.query.NamedQueries;
import org.greenhouse.query.QueryFailedException;
import org.greenhouse.query.QueryLimits;
import org.greenhouse.query.QueryOutcome;
import org.greenhouse.query.QueryProgress;
import org.greenhouse.query.QueryRequest;
import org.greenhouse.query.QueryService;
import org.greenhouse.query.ResultColumn;
import org.greenhouse.query.RowSink;
import org.jboss.logging.Logger;

/**
 * The dashboard's events panel: counts by type per hour from the events' processed zone (the events_* tables
 * routes/events-process.yaml writes), through the query service's named query {@code events_per_hour}, over the
 * last hours (whole hours: from the start of the hour {@code hours - 1} ago). When the query fails the panel says
 * why instead of showing counts it does not have; the rest of the dashboard still shows.
 */
final class EventsPanel {

    private static final Logger LOG = Logger.getLogger(EventsPanel.class);

    /** Events of one type in one hour ({@code hour}: its start, an ISO instant). */
    record HourCount(String hour, String type, long events) {
    }

    record Panel(boolean available, String message, List<HourCount> counts) {
    }

    private final QueryService query;
    private final long maxRows;

    EventsPanel(QueryService query, long maxRows) {
        this.query = query;
        this.maxRows = maxRows;
    }

    Panel lastHours(int hours, Instant now) {
        Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant from = to.minus(Duration.ofHours(hours));
        List<HourCount> counts = new ArrayList<>();
        try {
            QueryOutcome outcome = query.run(QueryRequest.named(NamedQueries.EVENTS_PER_HOUR, Map.of("from",
                    from.toString(), "to", to.toString())), sink(counts), QueryProgress.NONE,
                    new QueryLimits(maxRows, query.limits().timeLimit()));
            String message = outcome.limitHit().map(limit -> "events per hour: " + limit.message()
                    + " (greenhouse.dashboard.archive-max-rows)").orElse(null);
            return new Panel(true, message, counts);
        } catch (IOException | QueryFailedException e) {
            LOG.warnf("dashboard: events per hour failed: %s", AlertText.escape(e.getMessage(), 500));
            return new Panel(false, "Events per hour from the processed zone (" + query.engine() + ") failed: "
                    + e.getMessage(), List.of());
        }
    }

    private static RowSink sink(List<HourCount> into) {
        return new RowSink() {
            @Override
            public void columns(List<ResultColumn> columns) {
                // event_type, hour, events: the named query's own order
            }

            @Override
            public boolean row(List<String> values) {
                into.add(new HourCount(ArchiveRows.timestamp(values.get(1)).toString(), values.get(0),
                        Long.parseLong(values.get(2))));
                return true;
            }
        };
    }
}
