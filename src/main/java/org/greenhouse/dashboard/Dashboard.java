package org.greenhouse.dashboard;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.greenhouse.alerts.AlertText;
import org.greenhouse.alerts.PlantAlerts;
import org.greenhouse.alerts.PlantLimits;
import org.greenhouse.db.Database;
import org.greenhouse.query.NamedQueries;
import org.greenhouse.query.QueryFailedException;
import org.greenhouse.query.QueryLimits;
import org.greenhouse.query.QueryOutcome;
import org.greenhouse.query.QueryProgress;
import org.greenhouse.query.QueryRequest;
import org.greenhouse.query.QueryService;
import org.jboss.logging.Logger;

/**
 * The dashboard's two JSON answers (routes/dashboard.yaml): GET /api/dashboard, everything the page shows in one
 * snapshot (one request per refresh), and GET /api/dashboard/history, a plant's readings over any range (the
 * database's, then the archive's through the query service) with its daily_summary days. A bad parameter is a 400
 * that says why; the database away is a 503.
 */
@ApplicationScoped
@Startup // the settings are checked when the app starts
@Named("dashboard")
@RegisterForReflection // called by name from the route, also in a native image
public class Dashboard {

    private static final Logger LOG = Logger.getLogger(Dashboard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Totals(int plants, int countries, int botanists) {
    }

    record Plant(int id, String name, String scientificName, String imageUrl, String imageLicense, String botanist,
            String botanistEmail, String country, String recordedAt, Double soilMoisture, Double temperature,
            String lastWatered, Double hoursSinceWatered, String watering, int wateredToday, boolean outOfRange,
            String problem) {
    }

    record Chart(int plantId, String from, String to, List<String> sources, long readings, List<Series.Point> points) {
    }

    record PlantAlert(int id, String name, String botanist, String problem, String latestReading, String alertedSince) {
    }

    record Pipeline(String pipeline, String state, String lastStatus, String lastStartedAt, String lastFinishedAt,
            String lastError, Integer failuresLast24h, String failingSince, int episodeFailures) {
    }

    record Alerts(Map<String, Object> limits, List<PlantAlert> plants, List<Pipeline> pipelines) {
    }

    record Snapshot(String generatedAt, long refreshSeconds, Totals totals, List<Plant> plants, Chart chart,
            Alerts alerts, EventsPanel.Panel events) {
    }

    record History(int plantId, String from, String to, Chart readings, List<ArchiveRows.Day> days,
            List<String> notes) {
    }

    private final Database database;
    private final PlantAlerts plantAlerts;
    private final QueryService query;
    private final DashboardConfig config;
    private final DashboardRepository repository = new DashboardRepository();
    private final EventsPanel events;
    private final Clock clock;

    @Inject
    public Dashboard(Database database, PlantAlerts plantAlerts, QueryService query, DashboardConfig config) {
        this.database = database;
        this.plantAlerts = plantAlerts;
        this.query = query;
        this.config = config;
        this.clock = Clock.systemUTC();
        check(config);
        this.events = new EventsPanel(query, config.archiveMaxRows());
    }

    static void check(DashboardConfig config) {
        if (config.refreshInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("greenhouse.dashboard.refresh-interval=" + config.refreshInterval()
                    + ": must be at least 1s");
        }
        if (config.chartPoints() < 2 || config.chartPoints() > 5000) {
            throw new IllegalArgumentException("greenhouse.dashboard.chart-points=" + config.chartPoints()
                    + ": must be from 2 to 5000");
        }
        if (config.archiveMaxRows() < 1) {
            throw new IllegalArgumentException("greenhouse.dashboard.archive-max-rows=" + config.archiveMaxRows()
                    + ": must be at least 1");
        }
        if (config.maxHistory().compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("greenhouse.dashboard.max-history=" + config.maxHistory()
                    + ": must be at least 1d");
        }
    }

    /** GET /api/dashboard?plant=&hours=: the snapshot, the chart of {@code plant} (the first plant) over the last hours. */
    public void snapshot(Exchange exchange) {
        Message message = exchange.getMessage();
        answer(message, () -> {
            Integer plant = RangeParameters.plant(message.getHeader("plant", String.class));
            int hours = RangeParameters.hours(message.getHeader("hours", String.class));
            return snapshot(plant, hours);
        });
    }

    /** GET /api/dashboard/history?plant=&from=&to=. */
    public void history(Exchange exchange) {
        Message message = exchange.getMessage();
        answer(message, () -> {
            Integer plant = RangeParameters.plant(message.getHeader("plant", String.class));
            if (plant == null) {
                throw new RangeParameters.Refused("plant is required: the id of the plant whose history to show");
            }
            RangeParameters.Range range = RangeParameters.range(message.getHeader("from", String.class),
                    message.getHeader("to", String.class), clock.instant(), config.maxHistory());
            return history(plant, range);
        });
    }

    Snapshot snapshot(Integer selected, int hours) throws SQLException {
        Instant now = clock.instant();
        // from the archive through the query service, before a database connection is taken
        EventsPanel.Panel eventCounts = events.lastHours(24, now);
        try (Connection connection = database.connection()) {
            var totals = repository.totals(connection);
            var rows = repository.plants(connection);
            var watered = repository.wateredSince(connection, now.truncatedTo(ChronoUnit.DAYS));
            var judged = plantAlerts.judgeAll(connection);
            Map<Integer, Instant> episodes = repository.plantEpisodes(connection);
            Map<Integer, PlantAlerts.PlantStatus> byPlant = new java.util.HashMap<>();
            judged.forEach(status -> byPlant.put(status.plantId(), status));

            List<Plant> plants = new ArrayList<>();
            List<PlantAlert> outOfRange = new ArrayList<>();
            for (var row : rows) {
                PlantAlerts.PlantStatus status = byPlant.get(row.id());
                boolean out = status != null && status.verdict().outOfRange();
                String problem = out ? status.verdict().problem() : null;
                Double sinceWatered = row.lastWatered() == null ? null
                        : Duration.between(row.lastWatered(), now).toMinutes() / 60.0;
                plants.add(new Plant(row.id(), row.name(), row.scientificName(), row.imageUrl(), row.imageLicense(),
                        row.botanist(), row.botanistEmail(), row.country(), text(row.recordedAt()), row.soilMoisture(),
                        row.temperature(), text(row.lastWatered()), sinceWatered,
                        Watering.of(row.lastWatered(), now).json(), watered.getOrDefault(row.id(), 0), out, problem));
                if (out) {
                    outOfRange.add(new PlantAlert(row.id(), row.name(), row.botanist(), problem,
                            text(status.verdict().latest().taken()), text(episodes.get(row.id()))));
                }
            }
            List<Pipeline> pipelines = repository.pipelines(connection, now.minus(Duration.ofHours(24))).stream()
                    .map(h -> new Pipeline(h.pipeline(), h.state(), h.lastStatus(), text(h.lastStartedAt()),
                            text(h.lastFinishedAt()), h.lastError(), h.failuresLast24h(), text(h.failingSince()),
                            h.episodeFailures()))
                    .toList();

            Chart chart = null;
            Integer plant = selected != null ? selected : rows.isEmpty() ? null : rows.get(0).id();
            if (plant != null) {
                Instant from = now.minus(Duration.ofHours(hours));
                Series series = new Series(from, now, config.chartPoints());
                repository.readings(connection, plant, from, now, series);
                chart = new Chart(plant, from.toString(), now.toString(), List.of("database"), series.readings(),
                        series.points());
            }
            PlantLimits limits = plantAlerts.limits();
            Map<String, Object> limitValues = Map.of("minSoilMoisture", limits.minSoilMoisture(), "minTemperature",
                    limits.minTemperature(), "maxTemperature", limits.maxTemperature(), "readings", limits.readings());
            return new Snapshot(now.toString(), config.refreshInterval().toSeconds(), new Totals(totals.plants(),
                    totals.countries(), totals.botanists()), plants, chart,
                    new Alerts(limitValues, outOfRange, pipelines), eventCounts);
        }
    }

    History history(int plant, RangeParameters.Range range) throws SQLException, IOException {
        List<String> notes = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Series series = new Series(range.from(), range.to(), config.chartPoints());
        Instant oldestInDatabase;
        try (Connection connection = database.connection()) {
            oldestInDatabase = repository.oldestReading(connection, plant);
        }
        // older than the database's oldest reading: archived only (the archive deletes exactly what it stored)
        Instant archivedUntil = oldestInDatabase == null ? range.to()
                : oldestInDatabase.isBefore(range.to()) ? oldestInDatabase : range.to();
        if (range.from().isBefore(archivedUntil)) {
            sources.add("archive");
            QueryOutcome outcome = archive(NamedQueries.PLANT_READINGS, plant, range.from().toString(),
                    archivedUntil.toString(), ArchiveRows.readings(series), notes);
            if (outcome != null) {
                outcome.limitHit().ifPresent(limit -> notes.add("archived readings: " + limit.message()
                        + " (greenhouse.dashboard.archive-max-rows)"));
            }
        }
        if (archivedUntil.isBefore(range.to())) {
            sources.add("database");
            Instant from = range.from().isAfter(archivedUntil) ? range.from() : archivedUntil;
            try (Connection connection = database.connection()) {
                repository.readings(connection, plant, from, range.to(), series);
            }
        }
        List<ArchiveRows.Day> days = new ArrayList<>();
        LocalDate firstDay = LocalDate.ofInstant(range.from(), ZoneOffset.UTC);
        LocalDate afterLastDay = LocalDate.ofInstant(range.to().minusMillis(1), ZoneOffset.UTC).plusDays(1);
        archive(NamedQueries.DAILY_SUMMARY, plant, firstDay.toString(), afterLastDay.toString(),
                ArchiveRows.days(days), notes);
        return new History(plant, range.from().toString(), range.to().toString(),
                new Chart(plant, range.from().toString(), range.to().toString(), sources, series.readings(),
                        series.points()), days, notes);
    }

    /** Runs a named query over the archive; a failure becomes a note of the answer (the database part still shows). */
    private QueryOutcome archive(String name, int plant, String from, String to, org.greenhouse.query.RowSink sink,
            List<String> notes) throws IOException {
        try {
            return query.run(QueryRequest.named(name, Map.of("plant", String.valueOf(plant), "from", from, "to", to)),
                    sink, QueryProgress.NONE, new QueryLimits(config.archiveMaxRows(), query.limits().timeLimit()));
        } catch (QueryFailedException e) {
            LOG.warnf("dashboard: %s from the archive failed: %s", name, AlertText.escape(e.getMessage(), 500));
            notes.add(name + " from the archive (" + query.engine() + ") failed: " + e.getMessage());
            return null;
        }
    }

    @FunctionalInterface
    private interface Answer {
        Object get() throws SQLException, IOException;
    }

    private static void answer(Message message, Answer answer) {
        try {
            reply(message, 200, JSON.writeValueAsBytes(answer.get()));
        } catch (RangeParameters.Refused e) {
            LOG.debugf("dashboard request refused: %s", AlertText.escape(e.getMessage(), 300));
            reply(message, 400, error(e.getMessage()));
        } catch (SQLException | IOException | QueryFailedException e) {
            LOG.warnf("dashboard answer failed: %s", AlertText.escape(String.valueOf(e), 500));
            reply(message, 503, error("the dashboard's data is not readable now (database or archive away); "
                    + "the page tries again at its next refresh"));
        } catch (RuntimeException e) {
            LOG.error("dashboard answer failed", e);
            reply(message, 500, error("the dashboard could not answer; the app's log says why"));
        }
    }

    private static void reply(Message message, int status, byte[] body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }

    private static byte[] error(String reason) {
        try {
            return JSON.writeValueAsBytes(Map.of("error", reason));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
