package org.greenhouse.alerts;

import static org.greenhouse.db.Sql.instant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.greenhouse.db.Database;
import org.jboss.logging.Logger;

/**
 * Plant alerts (routes/alerts.yaml, after each plant cycle): every plant's last readings judged by the
 * {@link PlantLimits}; a plant out of range is an episode of its own, key {@code plant:<id>}, through the same
 * {@link AlertEpisodes} as the pipelines' (once per episode, a note when it ends, across restarts and replicas),
 * mailed to the plant's botanist. The dashboard shows the same judgement ({@link #judgeAll}).
 */
@ApplicationScoped
@Startup // the limits are checked when the app starts
@Named("plantAlerts")
@RegisterForReflection // called by name from routes/alerts.yaml, also in a native image
public class PlantAlerts {

    public static final String KEY = "plant:";
    private static final Logger LOG = Logger.getLogger(PlantAlerts.class);
    private static final Pattern ONE_ADDRESS = Pattern.compile("[^@\\s,;<>\"()\\[\\]\\\\]+@[^@\\s,;<>\"()\\[\\]\\\\]+");

    /** A plant, its botanist and its latest readings judged. */
    public record PlantStatus(int plantId, String plant, String botanist, String botanistEmail,
            PlantLimits.Verdict verdict) {

        /** How the plant is named in alerts and on the dashboard. */
        public String title() {
            return plant + " (plant " + plantId + ")";
        }
    }

    private final Database database;
    private final AlertEpisodes episodes;
    private final PlantLimits limits;
    private final boolean enabled;

    @Inject
    public PlantAlerts(Database database, AlertEpisodes episodes, AlertsConfig config) {
        this.database = database;
        this.episodes = episodes;
        this.limits = PlantLimits.of(config.plant());
        this.enabled = config.plant().enabled();
    }

    public PlantLimits limits() {
        return limits;
    }

    /** Records each plant's outcome of the cycle that just ended; the alerts it causes wait in alert_delivery. */
    public List<AlertEpisodes.Recorded> check() throws SQLException {
        if (!enabled) {
            return List.of();
        }
        List<String> mail = episodes.sinks().contains(AlertSinks.MAIL) ? List.of(AlertSinks.MAIL) : List.of();
        List<AlertEpisodes.Recorded> recorded = new ArrayList<>();
        List<PlantStatus> statuses = judgeAll();
        // most plants are in range and were so before: one read of all episodes settles those
        Predicate<String> mayChange = episodes.mayChange(KEY);
        for (PlantStatus status : statuses) {
            PlantLimits.Verdict verdict = status.verdict();
            String key = KEY + status.plantId();
            if (!verdict.outOfRange() && !mayChange.test(key)) {
                recorded.add(episodes.healthy(key, mail));
                continue;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("Plant", status.title());
            details.put("Botanist", status.botanist() + " <" + status.botanistEmail() + ">");
            details.put("Reading when first out of range", verdict.latest().taken() + ": soil moisture "
                    + String.format(Locale.ROOT, "%.1f %%, temperature %.1f °C", verdict.latest().soilMoisture(),
                            verdict.latest().temperature()));
            details.put("Limits", String.format(Locale.ROOT, "soil moisture at least %.1f %%, temperature %.1f to %.1f °C, "
                    + "%d readings in a row", limits.minSoilMoisture(), limits.minTemperature(), limits.maxTemperature(),
                    limits.readings()));
            Observation seen = new Observation(verdict.outOfRange(), verdict.latest().taken(), verdict.problem(),
                    details);
            recorded.add(episodes.record(key, status.title(), seen, PlantAlertText.WORDS, mail,
                    recipient(status)));
        }
        return recorded;
    }

    /** Every plant with readings, its last readings judged by the limits, by plant id. */
    public List<PlantStatus> judgeAll() throws SQLException {
        try (Connection connection = database.connection()) {
            return judgeAll(connection);
        }
    }

    /** The same, on a connection of the caller's. */
    public List<PlantStatus> judgeAll(Connection connection) throws SQLException {
        List<PlantStatus> statuses = new ArrayList<>();
        // the archive keeps only the retention's readings here, so every plant's latest few are cheap to rank
        try (PreparedStatement select = connection.prepareStatement("SELECT r.plant_id, p.name, b.name, b.email, "
                + "r.recording_taken, r.soil_moisture, r.temperature FROM (SELECT plant_id, recording_taken, "
                + "soil_moisture, temperature, ROW_NUMBER() OVER (PARTITION BY plant_id ORDER BY recording_taken DESC) "
                + "AS newest FROM plant_reading) r JOIN plant p ON p.plant_id = r.plant_id "
                + "JOIN botanist b ON b.botanist_id = p.botanist_id WHERE r.newest <= ? "
                + "ORDER BY r.plant_id, r.recording_taken DESC")) {
            select.setInt(1, limits.readings());
            try (ResultSet row = select.executeQuery()) {
                int plant = -1;
                String name = null;
                String botanist = null;
                String email = null;
                List<PlantLimits.Reading> readings = new ArrayList<>();
                while (row.next()) {
                    if (row.getInt(1) != plant) {
                        if (plant >= 0) {
                            statuses.add(new PlantStatus(plant, name, botanist, email, limits.judge(readings)));
                        }
                        plant = row.getInt(1);
                        name = row.getString(2);
                        botanist = row.getString(3);
                        email = row.getString(4);
                        readings = new ArrayList<>();
                    }
                    readings.add(new PlantLimits.Reading(instant(row, 5), row.getDouble(6), row.getDouble(7)));
                }
                if (plant >= 0) {
                    statuses.add(new PlantStatus(plant, name, botanist, email, limits.judge(readings)));
                }
            }
        }
        return statuses;
    }

    /** The botanist's address when it is one plain address; otherwise null (the mail sink's own recipients). */
    static String recipient(PlantStatus status) {
        String email = status.botanistEmail() == null ? "" : status.botanistEmail().strip();
        if (ONE_ADDRESS.matcher(email).matches()) {
            return email;
        }
        LOG.warnf("%s: botanist address '%s' is not one plain address; alerts go to greenhouse.alerts.mail.to",
                status.title(), AlertText.escape(email, 254));
        return null;
    }
}
