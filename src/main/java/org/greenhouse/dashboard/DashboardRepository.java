package org.greenhouse.dashboard;

import static org.greenhouse.db.Sql.instant;
import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.greenhouse.alerts.EpisodeState;
import org.greenhouse.alerts.EpisodeStore;

/** What the dashboard reads from the app's database; every statement parameterized, times in UTC. */
final class DashboardRepository {

    /** A plant with its latest reading (reading fields null when it has none yet). */
    record PlantRow(int id, String name, String scientificName, String imageUrl, String imageLicense,
            String botanist, String botanistEmail, String country, Instant recordedAt, Double soilMoisture,
            Double temperature, Instant lastWatered) {
    }

    record Totals(int plants, int countries, int botanists) {
    }

    /** The run tables and the pipelines that write them, in the order the dashboard lists them. */
    private static final List<String[]> RUN_TABLES = List.of(
            new String[] {"plant-ingest", "SELECT status, started_at, finished_at, error FROM pipeline_run WHERE run_id = "
                    + "(SELECT MAX(run_id) FROM pipeline_run WHERE pipeline = 'plant-ingest')",
                "SELECT COUNT(*) FROM pipeline_run WHERE pipeline = 'plant-ingest' AND status = 'FAILED' AND started_at >= ?"},
            new String[] {"plant-archive", "SELECT status, started_at, finished_at, error FROM archive_run WHERE run_id = "
                    + "(SELECT MAX(run_id) FROM archive_run)",
                "SELECT COUNT(*) FROM archive_run WHERE status = 'FAILED' AND started_at >= ?"},
            // a batch run is a row per collection: FAILED if any failed (FAILED sorts before SUCCEEDED)
            new String[] {"batch-extract", "SELECT MIN(status), MIN(run_started), MAX(finished_at), MAX(error) FROM batch_run "
                    + "WHERE run_started = (SELECT MAX(run_started) FROM batch_run)",
                "SELECT COUNT(DISTINCT run_started) FROM batch_run WHERE status = 'FAILED' AND run_started >= ?"},
            new String[] {"warehouse-ingest", warehouseLast("warehouse-ingest"), warehouseFailures("warehouse-ingest")},
            new String[] {"warehouse-process", warehouseLast("warehouse-process"), warehouseFailures("warehouse-process")},
            new String[] {"warehouse-load", warehouseLast("warehouse-load"), warehouseFailures("warehouse-load")},
            // no run table of its own: its health is its alert episode
            new String[] {"events-deliver", null, null},
            new String[] {"events-process", null, null});

    private final EpisodeStore episodes = new EpisodeStore();

    private static String warehouseLast(String step) {
        return "SELECT status, started_at, finished_at, error FROM warehouse_run WHERE run_id = "
                + "(SELECT MAX(run_id) FROM warehouse_run WHERE step = '" + step + "')";
    }

    private static String warehouseFailures(String step) {
        return "SELECT COUNT(*) FROM warehouse_run WHERE step = '" + step + "' AND status = 'FAILED' AND started_at >= ?";
    }

    Totals totals(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT (SELECT COUNT(*) FROM plant), "
                + "(SELECT COUNT(DISTINCT ci.country_id) FROM plant p JOIN origin o ON o.origin_id = p.origin_id "
                + "JOIN city ci ON ci.city_id = o.city_id), (SELECT COUNT(DISTINCT botanist_id) FROM plant)");
                ResultSet row = select.executeQuery()) {
            row.next();
            return new Totals(row.getInt(1), row.getInt(2), row.getInt(3));
        }
    }

    List<PlantRow> plants(Connection connection) throws SQLException {
        List<PlantRow> plants = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT p.plant_id, p.name, p.scientific_name, "
                + "COALESCE(p.image_small_url, p.image_thumbnail_url, p.image_regular_url), p.image_license_name, b.name, "
                + "b.email, co.country_name, r.recording_taken, r.soil_moisture, r.temperature, r.last_watered "
                + "FROM plant p JOIN botanist b ON b.botanist_id = p.botanist_id "
                + "JOIN origin o ON o.origin_id = p.origin_id JOIN city ci ON ci.city_id = o.city_id "
                + "JOIN country co ON co.country_id = ci.country_id "
                + "LEFT JOIN (SELECT plant_id, recording_taken, soil_moisture, temperature, last_watered, "
                + "ROW_NUMBER() OVER (PARTITION BY plant_id ORDER BY recording_taken DESC) AS newest FROM plant_reading) r "
                + "ON r.plant_id = p.plant_id AND r.newest = 1 ORDER BY p.plant_id");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                double moisture = row.getDouble(10);
                Double soilMoisture = row.wasNull() ? null : moisture;
                double temperature = row.getDouble(11);
                Double temp = row.wasNull() ? null : temperature;
                plants.add(new PlantRow(row.getInt(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7), row.getString(8), instant(row, 9),
                        soilMoisture, temp, instant(row, 12)));
            }
        }
        return plants;
    }

    /** Per plant: the distinct waterings its readings report since {@code since} (the start of today, UTC). */
    Map<Integer, Integer> wateredSince(Connection connection, Instant since) throws SQLException {
        Map<Integer, Integer> watered = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT plant_id, COUNT(DISTINCT last_watered) "
                + "FROM plant_reading WHERE last_watered >= ? GROUP BY plant_id")) {
            select.setObject(1, utc(since));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    watered.put(row.getInt(1), row.getInt(2));
                }
            }
        }
        return watered;
    }

    /** The plant's oldest reading still in the database; older ones are in the archive only. */
    Instant oldestReading(Connection connection, int plant) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT MIN(recording_taken) FROM plant_reading WHERE plant_id = ?")) {
            select.setInt(1, plant);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return instant(row, 1);
            }
        }
    }

    /** The plant's readings in [from, to), in time order, into the series. */
    void readings(Connection connection, int plant, Instant from, Instant to, Series into) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT recording_taken, soil_moisture, temperature "
                + "FROM plant_reading WHERE plant_id = ? AND recording_taken >= ? AND recording_taken < ? "
                + "ORDER BY recording_taken")) {
            select.setInt(1, plant);
            select.setObject(2, utc(from));
            select.setObject(3, utc(to));
            select.setFetchSize(1000);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    into.add(instant(row, 1), row.getDouble(2), row.getDouble(3));
                }
            }
        }
    }

    /** Each pipeline's last run, failures since {@code since}, and alert episode. */
    List<PipelineHealth> pipelines(Connection connection, Instant since) throws SQLException {
        List<PipelineHealth> health = new ArrayList<>();
        for (String[] table : RUN_TABLES) {
            String pipeline = table[0];
            String status = null;
            Instant started = null;
            Instant finished = null;
            String error = null;
            Integer failures = null;
            if (table[1] != null) {
                try (PreparedStatement select = connection.prepareStatement(table[1]);
                        ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        status = row.getString(1);
                        started = instant(row, 2);
                        finished = instant(row, 3);
                        error = row.getString(4);
                    }
                }
                try (PreparedStatement count = connection.prepareStatement(table[2])) {
                    count.setObject(1, utc(since));
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        failures = row.getInt(1);
                    }
                }
            }
            EpisodeState episode = episodes.read(connection, "pipeline:" + pipeline).state();
            health.add(new PipelineHealth(pipeline, status, started, finished, error, failures, episode.failing(),
                    episode.failing() ? episode.since() : null, episode.failing() ? episode.failures() : 0));
        }
        return health;
    }

    /** The open plant episodes (alert_key plant:<id>): since when each plant has been out of range. */
    Map<Integer, Instant> plantEpisodes(Connection connection) throws SQLException {
        Map<Integer, Instant> open = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT alert_key, since FROM alert_episode "
                + "WHERE alert_key LIKE 'plant:%' AND status = 'FAILING'"); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                try {
                    open.put(Integer.parseInt(row.getString(1).substring("plant:".length())), instant(row, 2));
                } catch (NumberFormatException e) {
                    // not a key PlantAlerts writes
                }
            }
        }
        return open;
    }
}
