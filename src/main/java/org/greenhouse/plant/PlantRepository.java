package org.greenhouse.plant;

import static org.greenhouse.db.Sql.truncate;
import static org.greenhouse.db.Sql.utc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;
import org.greenhouse.db.Vendor;

/**
 * Stores a cycle into the normalized schema (country, city, origin, botanist, plant, plant_reading) and its
 * rejects, all in one transaction: a cycle is stored whole or not at all. The transaction holds the
 * plant-ingest store lock, so cycles of several processes on one database (replicas, Lambda invocations) store
 * one after the other and never collide on a unique key. Whether a key is stored already is the database's to
 * say (SQL Server's default collation takes "PARIS" for "Paris"). Parameterized SQL, portable but for one
 * statement of PostgreSQL's own (the readings at once).
 */
@ApplicationScoped
public class PlantRepository {

    static final int DETAIL_LIMIT = 1000;
    /** Statements per JDBC batch. */
    static final int BATCH_SIZE = 1000;
    /** How long a store waits for another process's store to end (a store takes seconds at most). */
    static final Duration STORE_LOCK_PATIENCE = Duration.ofSeconds(60);

    @Inject
    Database database;

    @Inject
    PlantConfig config;

    /** How many of the cycle's readings were new, and how many were already stored. */
    public record Stored(int inserted, int duplicates) {
    }

    /** What the storing transaction does last, before it commits (the cycle closes its run there). */
    @FunctionalInterface
    public interface Finish {
        void run(Connection connection, Stored stored) throws SQLException;
    }

    public Stored store(long runId, List<PlantObservation> observations, List<PlantOutcome.Rejected> rejects,
            Instant now) throws SQLException {
        return store(runId, observations, rejects, now, (connection, stored) -> { });
    }

    public Stored store(long runId, List<PlantObservation> observations, List<PlantOutcome.Rejected> rejects,
            Instant now, Finish finish) throws SQLException {
        return database.inLockedTransaction(PlantCycle.PIPELINE, STORE_LOCK_PATIENCE, connection -> {
            int inserted = storeObservations(connection, runId, observations);
            storeRejects(connection, runId, rejects, now);
            Stored stored = new Stored(inserted, observations.size() - inserted);
            finish.run(connection, stored);
            return stored;
        });
    }

    private int storeObservations(Connection connection, long runId, List<PlantObservation> observations)
            throws SQLException {
        Map<Integer, PlantObservation> latestByPlant = new LinkedHashMap<>();
        observations.forEach(o -> latestByPlant.put(o.plantId(), o));

        // in the cycle's order: where the database takes two spellings for one key, the first is inserted
        Map<String, String> countries = new LinkedHashMap<>();
        latestByPlant.values().forEach(o -> countries.merge(o.origin().country(), nullToEmpty(o.origin().countryCode()),
                (a, b) -> a.isEmpty() ? b : a));
        Map<String, Long> countryIds = sync(connection, COUNTRY, countries);

        Map<CityKey, Boolean> cities = new LinkedHashMap<>();
        latestByPlant.values().forEach(o -> cities.put(cityKey(o, countryIds), Boolean.TRUE));
        Map<CityKey, Long> cityIds = sync(connection, CITY, cities);

        Map<OriginKey, String> origins = new LinkedHashMap<>();
        latestByPlant.values().forEach(o -> origins.merge(originKey(o, countryIds, cityIds),
                nullToEmpty(o.origin().timezone()), (a, b) -> a.isEmpty() ? b : a));
        Map<OriginKey, Long> originIds = sync(connection, ORIGIN, origins);

        Map<String, BotanistAttributes> botanists = new LinkedHashMap<>();
        latestByPlant.values().forEach(o -> botanists.put(o.botanist().email(),
                new BotanistAttributes(o.botanist().name(), o.botanist().phone())));
        Map<String, Long> botanistIds = sync(connection, BOTANIST, botanists);

        Map<Integer, PlantAttributes> plants = new LinkedHashMap<>();
        latestByPlant.values().forEach(o -> plants.put(o.plantId(), PlantAttributes.of(o,
                originIds.get(originKey(o, countryIds, cityIds)), botanistIds.get(o.botanist().email()))));
        sync(connection, PLANT, plants);

        return database.vendor() == Vendor.POSTGRESQL ? insertReadingsAtOnce(connection, runId, observations)
                : insertReadings(connection, runId, observations);
    }

    /**
     * PostgreSQL: the readings not stored yet in one statement, as arrays, the unique constraint skipping those
     * stored (and a repeat within the cycle). 10,000 readings: 130 ms, against 195 ms as 10,000 statements.
     */
    private static int insertReadingsAtOnce(Connection connection, long runId, List<PlantObservation> observations)
            throws SQLException {
        int n = observations.size();
        Integer[] plantIds = new Integer[n];
        String[] recordingsTaken = new String[n];
        String[] soilMoistures = new String[n];
        Double[] temperatures = new Double[n];
        String[] lastWatered = new String[n];
        for (int i = 0; i < n; i++) {
            PlantObservation o = observations.get(i);
            plantIds[i] = o.plantId();
            recordingsTaken[i] = utc(o.recordingTaken()).toString();
            soilMoistures[i] = o.soilMoisture().toPlainString();
            temperatures[i] = o.temperature();
            lastWatered[i] = utc(o.lastWatered()).toString();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO plant_reading "
                + "(plant_id, recording_taken, soil_moisture, temperature, last_watered, run_id) "
                + "SELECT r.plant_id, r.recording_taken, r.soil_moisture, r.temperature, r.last_watered, ? "
                + "FROM unnest(?::int[], ?::timestamp[], ?::numeric[], ?::float8[], ?::timestamp[]) "
                + "AS r (plant_id, recording_taken, soil_moisture, temperature, last_watered) "
                + "ON CONFLICT (plant_id, recording_taken) DO NOTHING")) {
            insert.setLong(1, runId);
            insert.setArray(2, connection.createArrayOf("int4", plantIds));
            insert.setArray(3, connection.createArrayOf("text", recordingsTaken));
            insert.setArray(4, connection.createArrayOf("text", soilMoistures));
            insert.setArray(5, connection.createArrayOf("float8", temperatures));
            insert.setArray(6, connection.createArrayOf("text", lastWatered));
            return insert.executeUpdate();
        }
    }

    /** Inserts the readings not stored yet; a reading is unique on (plant_id, recording_taken). */
    private static int insertReadings(Connection connection, long runId, List<PlantObservation> observations)
            throws SQLException {
        int inserted = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO plant_reading "
                + "(plant_id, recording_taken, soil_moisture, temperature, last_watered, run_id) "
                + "SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM plant_reading WHERE plant_id = ? AND recording_taken = ?)")) {
            int pending = 0;
            for (PlantObservation o : observations) {
                insert.setInt(1, o.plantId());
                insert.setObject(2, utc(o.recordingTaken()));
                insert.setBigDecimal(3, o.soilMoisture());
                insert.setDouble(4, o.temperature());
                insert.setObject(5, utc(o.lastWatered()));
                insert.setLong(6, runId);
                insert.setInt(7, o.plantId());
                insert.setObject(8, utc(o.recordingTaken()));
                insert.addBatch();
                if (++pending == BATCH_SIZE) {
                    inserted += rowsAffected(insert.executeBatch());
                    pending = 0;
                }
            }
            if (pending > 0) {
                inserted += rowsAffected(insert.executeBatch());
            }
        }
        return inserted;
    }

    private void storeRejects(Connection connection, long runId, List<PlantOutcome.Rejected> rejects, Instant now)
            throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rejected_reading "
                + "(run_id, plant_id, reason, detail, raw_body, rejected_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (PlantOutcome.Rejected reject : rejects) {
                insert.setLong(1, runId);
                insert.setInt(2, reject.plantId());
                insert.setString(3, reject.reason().name());
                insert.setString(4, storable(truncate(reject.detail(), DETAIL_LIMIT)));
                if (reject.rawBody() == null) {
                    insert.setNull(5, Types.VARCHAR);
                } else {
                    insert.setString(5, storable(truncate(reject.rawBody(), config.rejectBodyLimit())));
                }
                insert.setObject(6, utc(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** PostgreSQL refuses NUL in text; a rejected body keeps it visibly escaped instead. */
    private static String storable(String text) {
        return text.replace("\u0000", "\\u0000");
    }

    private static int rowsAffected(int[] counts) {
        int rows = 0;
        for (int count : counts) {
            rows += Math.max(count, 0);
        }
        return rows;
    }

    // ---- dimension tables: found by a natural key, inserted when new, updated when their attributes change

    private record CityKey(long countryId, String name) {
    }

    private record OriginKey(long cityId, BigDecimal latitude, BigDecimal longitude) {
    }

    private record BotanistAttributes(String name, String phone) {
    }

    private record PlantAttributes(String name, String scientificName, long originId, long botanistId,
            Integer imageLicense, String imageLicenseName, String imageLicenseUrl, String imageOriginalUrl,
            String imageRegularUrl, String imageMediumUrl, String imageSmallUrl, String imageThumbnailUrl) {

        static PlantAttributes of(PlantObservation o, long originId, long botanistId) {
            PlantImages i = o.images() == null ? new PlantImages(null, null, null, null, null, null, null, null)
                    : o.images();
            return new PlantAttributes(o.name(), o.scientificName(), originId, botanistId, i.license(),
                    i.licenseName(), i.licenseUrl(), i.originalUrl(), i.regularUrl(), i.mediumUrl(), i.smallUrl(),
                    i.thumbnailUrl());
        }
    }

    private static CityKey cityKey(PlantObservation o, Map<String, Long> countryIds) {
        return new CityKey(countryIds.get(o.origin().country()), o.origin().city());
    }

    private static OriginKey originKey(PlantObservation o, Map<String, Long> countryIds, Map<CityKey, Long> cityIds) {
        return new OriginKey(cityIds.get(cityKey(o, countryIds)), o.origin().latitude(), o.origin().longitude());
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder<K, A> {
        void bind(PreparedStatement statement, K key, A attributes) throws SQLException;
    }

    @FunctionalInterface
    private interface KeyBinder<K> {
        void bind(PreparedStatement statement, K key) throws SQLException;
    }

    /**
     * @param select id first, then whatever {@code key} and {@code attributes} read
     * @param lookUp {@code select} of the row whose key the database compares equal to the bound one
     * @param merge the attributes to keep, from the stored and the wanted ones
     * @param insert inserts the row unless the database holds its key already
     * @param update null where a row never changes
     */
    private record Dimension<K, A>(String select, RowReader<K> key, RowReader<A> attributes, String lookUp,
            KeyBinder<K> bindLookUp, BinaryOperator<A> merge, String insert, Binder<K, A> bindInsert, String update,
            Binder<K, A> bindUpdate) {
    }

    private record Row<A>(long id, A attributes) {
    }

    private static final BinaryOperator<String> KEEP_KNOWN = (stored, wanted) -> wanted.isEmpty() ? stored : wanted;

    private static final Dimension<String, String> COUNTRY = new Dimension<>(
            "SELECT country_id, country_name, country_code FROM country",
            row -> row.getString("country_name"), row -> nullToEmpty(row.getString("country_code")),
            "SELECT country_id, country_name, country_code FROM country WHERE country_name = ?",
            (s, name) -> s.setString(1, name),
            KEEP_KNOWN,
            "INSERT INTO country (country_name, country_code) SELECT ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM country WHERE country_name = ?)",
            (s, name, code) -> {
                s.setString(1, name);
                s.setString(2, emptyToNull(code));
                s.setString(3, name);
            },
            "UPDATE country SET country_code = ? WHERE country_name = ?",
            (s, name, code) -> {
                s.setString(1, emptyToNull(code));
                s.setString(2, name);
            });

    private static final Dimension<CityKey, Boolean> CITY = new Dimension<>(
            "SELECT city_id, country_id, city_name FROM city",
            row -> new CityKey(row.getLong("country_id"), row.getString("city_name")), row -> Boolean.TRUE,
            "SELECT city_id, country_id, city_name FROM city WHERE country_id = ? AND city_name = ?",
            (s, key) -> {
                s.setLong(1, key.countryId());
                s.setString(2, key.name());
            },
            (stored, wanted) -> stored,
            "INSERT INTO city (country_id, city_name) SELECT ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM city WHERE country_id = ? AND city_name = ?)",
            (s, key, none) -> {
                s.setLong(1, key.countryId());
                s.setString(2, key.name());
                s.setLong(3, key.countryId());
                s.setString(4, key.name());
            },
            null, null);

    private static final Dimension<OriginKey, String> ORIGIN = new Dimension<>(
            "SELECT origin_id, city_id, latitude, longitude, timezone FROM origin",
            row -> new OriginKey(row.getLong("city_id"), row.getBigDecimal("latitude"), row.getBigDecimal("longitude")),
            row -> nullToEmpty(row.getString("timezone")),
            "SELECT origin_id, city_id, latitude, longitude, timezone FROM origin "
                    + "WHERE city_id = ? AND latitude = ? AND longitude = ?",
            (s, key) -> {
                s.setLong(1, key.cityId());
                s.setBigDecimal(2, key.latitude());
                s.setBigDecimal(3, key.longitude());
            },
            KEEP_KNOWN,
            "INSERT INTO origin (city_id, latitude, longitude, timezone) SELECT ?, ?, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM origin WHERE city_id = ? AND latitude = ? AND longitude = ?)",
            (s, key, zone) -> {
                s.setLong(1, key.cityId());
                s.setBigDecimal(2, key.latitude());
                s.setBigDecimal(3, key.longitude());
                s.setString(4, emptyToNull(zone));
                s.setLong(5, key.cityId());
                s.setBigDecimal(6, key.latitude());
                s.setBigDecimal(7, key.longitude());
            },
            "UPDATE origin SET timezone = ? WHERE city_id = ? AND latitude = ? AND longitude = ?",
            (s, key, zone) -> {
                s.setString(1, emptyToNull(zone));
                s.setLong(2, key.cityId());
                s.setBigDecimal(3, key.latitude());
                s.setBigDecimal(4, key.longitude());
            });

    private static final Dimension<String, BotanistAttributes> BOTANIST = new Dimension<>(
            "SELECT botanist_id, email, name, phone FROM botanist",
            row -> row.getString("email"), row -> new BotanistAttributes(row.getString("name"), row.getString("phone")),
            "SELECT botanist_id, email, name, phone FROM botanist WHERE email = ?",
            (s, email) -> s.setString(1, email),
            (stored, wanted) -> wanted,
            "INSERT INTO botanist (name, phone, email) SELECT ?, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM botanist WHERE email = ?)",
            (s, email, a) -> {
                bindBotanist(s, email, a);
                s.setString(4, email);
            },
            "UPDATE botanist SET name = ?, phone = ? WHERE email = ?",
            PlantRepository::bindBotanist);

    private static final String PLANT_COLUMNS = "plant_id, name, scientific_name, origin_id, botanist_id, "
            + "image_license, image_license_name, image_license_url, image_original_url, image_regular_url, "
            + "image_medium_url, image_small_url, image_thumbnail_url";

    private static final Dimension<Integer, PlantAttributes> PLANT = new Dimension<>(
            "SELECT " + PLANT_COLUMNS + " FROM plant",
            row -> row.getInt("plant_id"),
            row -> new PlantAttributes(row.getString("name"), row.getString("scientific_name"),
                    row.getLong("origin_id"), row.getLong("botanist_id"), row.getObject("image_license", Integer.class),
                    row.getString("image_license_name"), row.getString("image_license_url"),
                    row.getString("image_original_url"), row.getString("image_regular_url"),
                    row.getString("image_medium_url"), row.getString("image_small_url"),
                    row.getString("image_thumbnail_url")),
            "SELECT " + PLANT_COLUMNS + " FROM plant WHERE plant_id = ?",
            (s, plantId) -> s.setInt(1, plantId),
            (stored, wanted) -> wanted,
            "INSERT INTO plant (name, scientific_name, origin_id, botanist_id, image_license, image_license_name, "
                    + "image_license_url, image_original_url, image_regular_url, image_medium_url, image_small_url, "
                    + "image_thumbnail_url, plant_id) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM plant WHERE plant_id = ?)",
            (s, plantId, a) -> {
                bindPlant(s, plantId, a);
                s.setInt(14, plantId);
            },
            "UPDATE plant SET name = ?, scientific_name = ?, origin_id = ?, botanist_id = ?, image_license = ?, "
                    + "image_license_name = ?, image_license_url = ?, image_original_url = ?, image_regular_url = ?, "
                    + "image_medium_url = ?, image_small_url = ?, image_thumbnail_url = ? WHERE plant_id = ?",
            PlantRepository::bindPlant);

    private static void bindBotanist(PreparedStatement s, String email, BotanistAttributes a) throws SQLException {
        s.setString(1, a.name());
        s.setString(2, a.phone());
        s.setString(3, email);
    }

    private static void bindPlant(PreparedStatement s, Integer plantId, PlantAttributes a) throws SQLException {
        s.setString(1, a.name());
        s.setString(2, a.scientificName());
        s.setLong(3, a.originId());
        s.setLong(4, a.botanistId());
        s.setObject(5, a.imageLicense(), Types.INTEGER);
        s.setString(6, a.imageLicenseName());
        s.setString(7, a.imageLicenseUrl());
        s.setString(8, a.imageOriginalUrl());
        s.setString(9, a.imageRegularUrl());
        s.setString(10, a.imageMediumUrl());
        s.setString(11, a.imageSmallUrl());
        s.setString(12, a.imageThumbnailUrl());
        s.setInt(13, plantId);
    }

    /**
     * Makes the table hold every wanted row and returns their ids by key. What is new is the database's to say,
     * by its own comparison: a key it takes for a stored one (another spelling, under a case-insensitive
     * collation) is not inserted again but resolves to that row, whose key keeps its first spelling.
     */
    private static <K, A> Map<K, Long> sync(Connection connection, Dimension<K, A> table, Map<K, A> wanted)
            throws SQLException {
        Map<K, Row<A>> stored = load(connection, table);
        List<Map.Entry<K, A>> missing = wanted.entrySet().stream().filter(e -> !stored.containsKey(e.getKey()))
                .toList();
        Map<K, Row<A>> rows = stored;
        if (!missing.isEmpty()) {
            write(connection, table.insert(), table.bindInsert(), missing);
            rows = load(connection, table);
        }
        Map<K, Long> ids = new HashMap<>();
        List<Map.Entry<K, A>> updates = new ArrayList<>();
        for (Map.Entry<K, A> entry : wanted.entrySet()) {
            Row<A> row = rows.get(entry.getKey());
            if (row == null) {
                row = lookUp(connection, table, entry.getKey());
            }
            ids.put(entry.getKey(), row.id());
            if (table.update() != null) {
                A merged = table.merge().apply(row.attributes(), entry.getValue());
                if (!Objects.equals(merged, row.attributes())) {
                    updates.add(Map.entry(entry.getKey(), merged));
                }
            }
        }
        write(connection, table.update(), table.bindUpdate(), updates);
        return ids;
    }

    /** The stored row the database takes the key for, though it is spelled differently. */
    private static <K, A> Row<A> lookUp(Connection connection, Dimension<K, A> table, K key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(table.lookUp())) {
            table.bindLookUp().bind(select, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("no row for " + key + " right after storing it: " + table.lookUp());
                }
                return new Row<>(row.getLong(1), table.attributes().read(row));
            }
        }
    }

    private static <K, A> Map<K, Row<A>> load(Connection connection, Dimension<K, A> table) throws SQLException {
        Map<K, Row<A>> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(table.select());
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.put(table.key().read(row), new Row<>(row.getLong(1), table.attributes().read(row)));
            }
        }
        return rows;
    }

    private static <K, A> void write(Connection connection, String sql, Binder<K, A> binder,
            List<Map.Entry<K, A>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Map.Entry<K, A> row : rows) {
                binder.bind(statement, row.getKey(), row.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
