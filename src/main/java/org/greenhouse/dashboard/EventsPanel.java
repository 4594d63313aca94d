package org.greenhouse.dashboard;

import java.util.List;

/**
 * The dashboard's events panel: counts by type per hour from the events' processed zone. That zone (issue [7]'s
 * events_* tables) is not built yet, so the panel says so instead of showing counts it does not have. Where it
 * plugs in: once the tables exist, {@link #lastHours} runs {@code SELECT event_type, hour, COUNT(*) ...} over them
 * through the query service (as {@link DashboardHistory} does for daily_summary) and answers available.
 */
final class EventsPanel {

    /** Events of one type in one hour. */
    record HourCount(String hour, String type, long events) {
    }

    record Panel(boolean available, String message, List<HourCount> counts) {
    }

    static final String NOT_YET = "Not available yet: the events' processed zone (Parquet tables per event family) is "
            + "not built, so there are no counts by type per hour to show. The raw events are delivered to the "
            + "archive store under events/.";

    Panel lastHours(int hours) {
        return new Panel(false, NOT_YET, List.of());
    }
}
