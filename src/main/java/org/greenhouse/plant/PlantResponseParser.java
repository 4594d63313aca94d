package org.greenhouse.plant;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns one plant API response body into an outcome: a clean reading, a counted non-reading (not found, on
 * loan) or a rejection that says what is wrong. Both shapes the API has had are read; unknown fields are
 * ignored. No I/O: the caller fetched the body.
 */
public final class PlantResponseParser {

    static final String NOT_FOUND = "plant not found";
    static final String ON_LOAN = "plant on loan to another museum";
    static final String SENSOR_FAULT = "plant sensor fault";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Column sizes of the schema (V1__plant_schema.sql), so that no value fails a whole cycle's insert. */
    private static final int URL_LIMIT = 1000;
    private static final int SCIENTIFIC_NAME_LIMIT = 400;
    private static final int TIMEZONE_LIMIT = 64;
    /** Older is no reading of these sensors, and outside what some databases' date types hold. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /** Compiled once: String.matches would compile it again for every reading. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final ValidationRules rules;

    public PlantResponseParser(ValidationRules rules) {
        this.rules = rules;
    }

    public PlantOutcome parse(int requestedId, String body, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new PlantOutcome.Rejected(requestedId, RejectReason.MALFORMED,
                    "malformed JSON: " + e.getOriginalMessage(), body);
        }
        if (root == null || !root.isObject()) {
            return new PlantOutcome.Rejected(requestedId, RejectReason.MALFORMED, "expected a JSON object", body);
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            return errorOutcome(requestedId, error.asText(), body);
        }
        return new Reader(root, now).read(requestedId, body);
    }

    private static PlantOutcome errorOutcome(int requestedId, String error, String body) {
        return switch (error.trim().toLowerCase(Locale.ROOT)) {
            case NOT_FOUND -> new PlantOutcome.NotFound(requestedId);
            case ON_LOAN -> new PlantOutcome.OnLoan(requestedId);
            case SENSOR_FAULT -> new PlantOutcome.Rejected(requestedId, RejectReason.SENSOR_FAULT, SENSOR_FAULT, body);
            default -> new PlantOutcome.Rejected(requestedId, RejectReason.API_ERROR, "API error: " + error, body);
        };
    }

    /** Reads one plant object, collecting every problem so that a rejection names all of them. */
    private final class Reader {
        private final JsonNode root;
        private final Instant now;
        private final List<String> problems = new ArrayList<>();

        Reader(JsonNode root, Instant now) {
            this.root = root;
            this.now = now;
        }

        PlantOutcome read(int requestedId, String body) {
            Integer plantId = integer(root, "plant_id");
            if (plantId != null && plantId != requestedId) {
                problems.add("plant_id " + plantId + " does not match the requested id " + requestedId);
            }
            String name = text(root, "name", true, 200);
            String scientificName = scientificName();
            Botanist botanist = botanist();
            Origin origin = origin();
            PlantImages images = images();
            Instant recordingTaken = timestamp("recording_taken");
            Instant lastWatered = timestamp("last_watered");
            Double moisture = number("soil_moisture");
            Double temperature = number("temperature");

            if (moisture != null && (moisture < ValidationRules.MIN_MOISTURE || moisture > ValidationRules.MAX_MOISTURE)) {
                problems.add("soil_moisture " + moisture + " is outside " + (int) ValidationRules.MIN_MOISTURE + ".."
                        + (int) ValidationRules.MAX_MOISTURE);
            }
            if (temperature != null
                    && (temperature < rules.minTemperature() || temperature > rules.maxTemperature())) {
                problems.add("temperature " + temperature + " is outside " + rules.minTemperature() + ".."
                        + rules.maxTemperature() + " °C");
            }
            if (!problems.isEmpty()) {
                return new PlantOutcome.Rejected(requestedId, RejectReason.INVALID, String.join("; ", problems), body);
            }
            return new PlantOutcome.Reading(new PlantObservation(plantId, name, scientificName, botanist, origin,
                    images, roundToSecond(recordingTaken),
                    BigDecimal.valueOf(moisture).setScale(3, RoundingMode.HALF_UP), temperature,
                    lastWatered.truncatedTo(ChronoUnit.SECONDS)));
        }

        private Botanist botanist() {
            JsonNode node = root.get("botanist");
            if (node == null || !node.isObject()) {
                problems.add("botanist is missing or not an object");
                return null;
            }
            String email = text(node, "email", true, 254);
            if (email != null && !EMAIL.matcher(email).matches()) {
                problems.add("botanist.email '" + email + "' is not an email address");
            }
            return new Botanist(text(node, "name", true, 100), email == null ? null : email.toLowerCase(Locale.ROOT),
                    text(node, "phone", false, 50));
        }

        /** Current shape: {city, country, latitude, longitude}; legacy: [lat, lon, town, country code, tz]. */
        private Origin origin() {
            JsonNode node = root.get("origin_location");
            if (node != null && node.isObject()) {
                String country = text(node, "country", true, 100);
                return new Origin(coordinate(node.get("latitude"), "latitude", 90),
                        coordinate(node.get("longitude"), "longitude", 180), text(node, "city", true, 100), country,
                        country == null ? null : Countries.codeOf(country).orElse(null), null);
            }
            if (node != null && node.isArray() && node.size() >= 4 && node.size() <= 5) {
                String code = node.get(3).isTextual() ? node.get(3).asText().trim() : null;
                if (code == null || !Countries.isIsoCode(code)) {
                    problems.add("origin_location[3] is not an ISO country code");
                    code = null;
                }
                String town = node.get(2).isTextual() && !node.get(2).asText().isBlank() ? node.get(2).asText().trim()
                        : null;
                if (town == null || town.length() > 100) {
                    problems.add("origin_location[2] (town) is missing or longer than 100 characters");
                }
                String zone = node.size() > 4 && node.get(4).isTextual() ? node.get(4).asText().trim() : null;
                if (zone != null && !isZone(zone)) {
                    problems.add("origin_location[4] '" + zone + "' is not a time zone");
                    zone = null;
                }
                return new Origin(coordinate(node.get(0), "latitude", 90), coordinate(node.get(1), "longitude", 180),
                        town, code == null ? null : Countries.nameOf(code), code == null ? null : code.toUpperCase(Locale.ROOT),
                        zone);
            }
            problems.add("origin_location is missing or neither an object nor an array of 4 or 5 values");
            return null;
        }

        private PlantImages images() {
            JsonNode node = root.get("images");
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                problems.add("images is not an object");
                return null;
            }
            JsonNode license = node.get("license");
            return new PlantImages(license != null && license.canConvertToInt() ? license.asInt() : null,
                    text(node, "license_name", false, 200), text(node, "license_url", false, URL_LIMIT),
                    text(node, "original_url", false, URL_LIMIT), text(node, "regular_url", false, URL_LIMIT),
                    text(node, "medium_url", false, URL_LIMIT), text(node, "small_url", false, URL_LIMIT), text(node, "thumbnail", false, URL_LIMIT));
        }

        /** A list of names in the API; stored joined, as analysts read them. */
        private String scientificName() {
            JsonNode node = root.get("scientific_name");
            if (node == null || node.isNull()) {
                return null;
            }
            String joined;
            if (node.isTextual()) {
                joined = node.asText();
            } else if (node.isArray() && StreamSupport.stream(node.spliterator(), false).allMatch(JsonNode::isTextual)) {
                List<String> names = StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText)
                        .filter(name -> !name.isBlank()).toList();
                joined = names.isEmpty() ? null : String.join("; ", names);
            } else {
                problems.add("scientific_name is neither a string nor a list of strings");
                return null;
            }
            if (joined != null && joined.length() > SCIENTIFIC_NAME_LIMIT) {
                problems.add("scientific_name is longer than " + SCIENTIFIC_NAME_LIMIT + " characters");
                return null;
            }
            return joined;
        }

        /** A time of the past (within the clock tolerance); nothing a sensor could have stamped is refused. */
        private Instant timestamp(String field) {
            String text = text(root, field, true, 64);
            if (text == null) {
                return null;
            }
            try {
                Instant instant = ApiTimestamps.parse(text, rules.apiZone());
                if (instant.isAfter(now.plus(rules.futureTolerance()))) {
                    problems.add(field + " " + instant + " is in the future (now " + now + ")");
                    return null;
                }
                if (instant.isBefore(EARLIEST)) {
                    problems.add(field + " " + instant + " is before " + EARLIEST);
                    return null;
                }
                return instant;
            } catch (DateTimeParseException e) {
                problems.add(field + " '" + text + "' is not a timestamp");
                return null;
            }
        }

        private Double number(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                problems.add(field + " is missing");
                return null;
            }
            if (!node.isNumber()) {
                problems.add(field + " is not a number: " + node);
                return null;
            }
            return node.asDouble();
        }

        private Integer integer(JsonNode parent, String field) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                problems.add(field + " is missing");
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                problems.add(field + " is not an integer: " + node);
                return null;
            }
            return node.asInt();
        }

        /** Coordinates come as numbers or as numeric strings. */
        private BigDecimal coordinate(JsonNode node, String field, int bound) {
            if (node == null || node.isNull() || !(node.isNumber() || node.isTextual())) {
                problems.add("origin " + field + " is missing or not a number");
                return null;
            }
            try {
                BigDecimal value = new BigDecimal(node.asText().trim());
                if (value.abs().compareTo(BigDecimal.valueOf(bound)) > 0) {
                    problems.add("origin " + field + " " + value + " is outside -" + bound + ".." + bound);
                    return null;
                }
                return value.setScale(7, RoundingMode.HALF_UP);
            } catch (NumberFormatException e) {
                problems.add("origin " + field + " '" + node.asText() + "' is not a number");
                return null;
            }
        }

        /** A string field; longer than {@code maxLength} is a problem, as the database column would refuse it. */
        private String text(JsonNode parent, String field, boolean required, int maxLength) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
                if (required) {
                    problems.add(field + " is missing");
                }
                return null;
            }
            if (!node.isTextual()) {
                problems.add(field + " is not a string: " + node);
                return null;
            }
            String value = node.asText().trim();
            if (hasControlCharacter(value)) {
                problems.add(field + " contains control characters");
                return null;
            }
            if (value.length() > maxLength) {
                problems.add(field + " is longer than " + maxLength + " characters");
                return null;
            }
            return value;
        }

        /** A plain loop: this runs for every text field of every answer, where a stream cost a tenth of the parse. */
        private static boolean hasControlCharacter(String value) {
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean isZone(String zone) {
        try {
            return zone.length() <= TIMEZONE_LIMIT && ZoneId.of(zone) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Instant roundToSecond(Instant instant) {
        return instant.plusMillis(500).truncatedTo(ChronoUnit.SECONDS);
    }
}
