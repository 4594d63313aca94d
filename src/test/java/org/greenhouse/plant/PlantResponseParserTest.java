package org.greenhouse.plant;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlantResponseParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Shortly after the current fixtures were recorded (2026-01-26 15:16-15:22 UTC). */
    private static final Instant NOW = Instant.parse("2026-01-26T16:00:00Z");
    /** Shortly after the legacy fixtures were recorded (2023-12-18 ~12:20, zone-less). */
    private static final Instant LEGACY_NOW = Instant.parse("2023-12-19T00:00:00Z");

    private final PlantResponseParser parser = parserFor(ZoneOffset.UTC);

    private static PlantResponseParser parserFor(ZoneId apiZone) {
        return new PlantResponseParser(new ValidationRules(-15, 70, apiZone, Duration.ofMinutes(5)));
    }

    // ---------------------------------------------------------------- current fixtures

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentFixtures")
    void everyRecordedCurrentResponseParsesToAReading(String resource) {
        int id = Integer.parseInt(resource.replaceAll("\\D", ""));
        String body = fixture(resource);

        PlantObservation plant = reading(parser.parse(id, body, NOW));

        assertAll(
                () -> assertEquals(id, plant.plantId()),
                () -> assertNotNull(plant.name()),
                () -> assertNotNull(plant.botanist().email()),
                () -> assertNotNull(plant.origin().latitude()),
                () -> assertEquals(7, plant.origin().latitude().scale()),
                () -> assertEquals(7, plant.origin().longitude().scale()),
                () -> assertEquals(0, plant.recordingTaken().getNano()),
                () -> assertEquals(0, plant.lastWatered().getNano()),
                () -> assertEquals(3, plant.soilMoisture().scale()),
                () -> assertTrue(plant.temperature() >= 12 && plant.temperature() <= 18, "temperature"),
                () -> assertTrue(plant.lastWatered().isBefore(plant.recordingTaken()), "watered before recording"));
    }

    static Stream<String> currentFixtures() throws URISyntaxException, IOException {
        Path dir = Path.of(PlantResponseParserTest.class.getClassLoader().getResource("plant-api/current").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> "plant-api/current/" + p.getFileName()).sorted().toList();
            assertEquals(48, names.size(), "recorded current responses");
            return names.stream();
        }
    }

    @Test
    void plantOneIsReadInDetail() {
        PlantObservation plant = reading(parser.parse(1, fixture("plant-api/current/plant-0001.json"), NOW));

        assertAll(
                () -> assertEquals(1, plant.plantId()),
                () -> assertEquals("Venus flytrap", plant.name()),
                () -> assertEquals(new Botanist("Sherry Campbell", "sherry.campbell@lnhm.co.uk", "+1-662-659-8097x8928"),
                        plant.botanist()),
                () -> assertEquals("Mitchellfurt", plant.origin().city()),
                () -> assertEquals("Suriname", plant.origin().country()),
                () -> assertEquals("SR", plant.origin().countryCode()),
                () -> assertNull(plant.origin().timezone()),
                () -> assertEquals(new BigDecimal("81.2003535"), plant.origin().latitude()),
                // "7.815683" is widened to scale 7, so equals() (which compares the scale too) holds
                () -> assertEquals(new BigDecimal("7.8156830"), plant.origin().longitude()),
                // 15:16:04.703006 rounds up, not down
                () -> assertEquals(Instant.parse("2026-01-26T15:16:05Z"), plant.recordingTaken()),
                () -> assertEquals(Instant.parse("2026-01-26T13:12:19Z"), plant.lastWatered()),
                // 93.13705822458411
                () -> assertEquals(new BigDecimal("93.137"), plant.soilMoisture()),
                () -> assertEquals(16.453945373988777, plant.temperature()),
                () -> assertNull(plant.scientificName(), "no scientific_name in the response"),
                () -> assertNull(plant.images(), "no images in the response"));
    }

    @Test
    void plantFiveIsReadInDetail() {
        PlantObservation plant = reading(parser.parse(5, fixture("plant-api/current/plant-0005.json"), NOW));

        String image = "https://s3.us-central-1.wasabisys.com/perenual/image/upgrade_access.jpg";
        assertAll(
                () -> assertEquals("Pitcher plant", plant.name()),
                () -> assertEquals(new Botanist("Jennifer Blanchard", "jennifer.blanchard@lnhm.co.uk", "327.732.2111"),
                        plant.botanist()),
                () -> assertEquals(new Origin(new BigDecimal("17.7169705"), new BigDecimal("-17.8297000"),
                        "Lake Lydiaburgh", "Pitcairn Islands", "PN", null), plant.origin()),
                () -> assertEquals("Sarracenia catesbaei", plant.scientificName()),
                () -> assertEquals(new PlantImages(451, "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication",
                        "https://creativecommons.org/publicdomain/zero/1.0/", image, image, image, image, image),
                        plant.images()),
                // 15:21:34.127888 rounds down
                () -> assertEquals(Instant.parse("2026-01-26T15:21:34Z"), plant.recordingTaken()),
                () -> assertEquals(Instant.parse("2026-01-26T14:11:02Z"), plant.lastWatered()),
                // 95.96171003339694
                () -> assertEquals(new BigDecimal("95.962"), plant.soilMoisture()),
                () -> assertEquals(17.138240170002035, plant.temperature()));
    }

    @Test
    void severalScientificNamesAreJoined() {
        String body = plant1(p -> p.putArray("scientific_name").add("Dionaea muscipula").add("Dionaea sessiliflora"));

        assertEquals("Dionaea muscipula; Dionaea sessiliflora", reading(parser.parse(1, body, NOW)).scientificName());
    }

    @Test
    void unicodeNamesRoundTripExactly() {
        PlantObservation plant = reading(parser.parse(13, fixture("plant-api/current/plant-0013.json"), NOW));

        assertEquals("Canna \u2018Striata\u2019", plant.name());
        assertEquals("Cyprus", plant.origin().country());
        assertEquals("CY", plant.origin().countryCode());
    }

    @Test
    void emailsAreLowerCasedAndTextIsTrimmed() {
        String body = plant1(p -> {
            p.put("name", "  Venus flytrap ");
            ((ObjectNode) p.get("botanist")).put("email", "Sherry.Campbell@LNHM.co.uk");
        });

        PlantObservation plant = reading(parser.parse(1, body, NOW));

        assertEquals("Venus flytrap", plant.name());
        assertEquals("sherry.campbell@lnhm.co.uk", plant.botanist().email());
    }

    @Test
    void unknownFieldsAreIgnored() {
        PlantObservation plain = reading(parser.parse(1, fixture("plant-api/current/plant-0001.json"), NOW));
        String body = plant1(p -> {
            p.put("colour", "green");
            p.putObject("sensor").put("firmware", "1.2.3").putArray("calibrations").add(1).add(2);
            ((ObjectNode) p.get("botanist")).put("title", "Dr");
            ((ObjectNode) p.get("origin_location")).put("region", "Paramaribo");
        });

        assertEquals(plain, reading(parser.parse(1, body, NOW)));
    }

    // ---------------------------------------------------------------- legacy shape

    @Test
    void legacyShapeIsRead() {
        PlantObservation plant = reading(parser.parse(1, fixture("plant-api/legacy/plant-0001.json"), LEGACY_NOW));

        assertAll(
                () -> assertEquals("Venus flytrap", plant.name()),
                () -> assertEquals(new Botanist("Carl Linnaeus", "carl.linnaeus@lnhm.co.uk", "(146)994-1635x35992"),
                        plant.botanist()),
                () -> assertEquals("South Whittier", plant.origin().city()),
                () -> assertEquals("US", plant.origin().countryCode()),
                () -> assertEquals("United States", plant.origin().country()),
                () -> assertEquals("America/Los_Angeles", plant.origin().timezone()),
                () -> assertEquals(new BigDecimal("33.9501500"), plant.origin().latitude()),
                () -> assertEquals(new BigDecimal("-118.0391700"), plant.origin().longitude()),
                // "Sun, 17 Dec 2023 14:03:04 GMT"
                () -> assertEquals(Instant.parse("2023-12-17T14:03:04Z"), plant.lastWatered()),
                // "2023-12-18 12:17:09"
                () -> assertEquals(Instant.parse("2023-12-18T12:17:09Z"), plant.recordingTaken()),
                () -> assertEquals(new BigDecimal("20.711"), plant.soilMoisture()),
                () -> assertEquals(12.023480448800825, plant.temperature()),
                () -> assertNull(plant.images()));
    }

    @Test
    void legacyPlantFiveIsRead() {
        PlantObservation plant = reading(parser.parse(5, fixture("plant-api/legacy/plant-0005.json"), LEGACY_NOW));

        assertAll(
                () -> assertEquals(new Origin(new BigDecimal("22.8878300"), new BigDecimal("84.1386400"), "Jashpurnagar",
                        "India", "IN", "Asia/Kolkata"), plant.origin()),
                () -> assertEquals("Sarracenia catesbaei", plant.scientificName()),
                () -> assertEquals(451, plant.images().license()),
                () -> assertEquals("https://perenual.com/storage/image/upgrade_access.jpg", plant.images().thumbnailUrl()),
                () -> assertEquals(Instant.parse("2023-12-17T14:56:18Z"), plant.lastWatered()),
                () -> assertEquals(Instant.parse("2023-12-18T12:23:36Z"), plant.recordingTaken()),
                () -> assertEquals(new BigDecimal("26.927"), plant.soilMoisture()));
    }

    @Test
    void legacyCountryCodeIsNormalisedToUpperCase() {
        String body = legacy1(p -> ((ArrayNode) p.get("origin_location")).set(3, "us"));

        Origin origin = reading(parser.parse(1, body, LEGACY_NOW)).origin();

        assertEquals("US", origin.countryCode());
        assertEquals("United States", origin.country());
    }

    @Test
    void legacyOriginWithAnUnknownCountryCodeIsInvalid() {
        String body = legacy1(p -> ((ArrayNode) p.get("origin_location")).set(3, "XX"));

        assertInvalid(parser.parse(1, body, LEGACY_NOW), "origin_location[3]");
    }

    @Test
    void aNonUtcApiZoneShiftsZoneLessTimesButNotRfc1123Ones() {
        PlantObservation plant = reading(parserFor(ZoneId.of("America/New_York"))
                .parse(1, fixture("plant-api/legacy/plant-0001.json"), LEGACY_NOW));

        // "2023-12-18 12:17:09" in New York (EST, UTC-5)
        assertEquals(Instant.parse("2023-12-18T17:17:09Z"), plant.recordingTaken());
        // "Sun, 17 Dec 2023 14:03:04 GMT" carries its zone
        assertEquals(Instant.parse("2023-12-17T14:03:04Z"), plant.lastWatered());
    }

    @Test
    void londonSummerTimeShiftsZoneLessTimesByAnHour() {
        String body = plant1(p -> {
            p.put("recording_taken", "2025-07-01T12:00:00.400000");
            p.put("last_watered", "2025-07-01T09:30:00");
        });

        PlantObservation plant = reading(parserFor(ZoneId.of("Europe/London"))
                .parse(1, body, Instant.parse("2025-07-01T11:00:00Z")));

        assertEquals(Instant.parse("2025-07-01T11:00:00Z"), plant.recordingTaken());
        assertEquals(Instant.parse("2025-07-01T08:30:00Z"), plant.lastWatered());
    }

    // ---------------------------------------------------------------- error bodies

    @Test
    void notFound() {
        assertEquals(new PlantOutcome.NotFound(7),
                parser.parse(7, fixture("plant-api/errors/plant-0007-not-found.json"), NOW));
    }

    @Test
    void onLoan() {
        assertEquals(new PlantOutcome.OnLoan(43),
                parser.parse(43, fixture("plant-api/errors/plant-0043-on-loan.json"), NOW));
    }

    @Test
    void sensorFaultIsRejectedWithItsBody() {
        String body = fixture("plant-api/errors/plant-0015-sensor-fault.json");

        PlantOutcome.Rejected rejected = rejected(parser.parse(15, body, NOW), RejectReason.SENSOR_FAULT);

        assertEquals(15, rejected.plantId());
        assertEquals(body, rejected.rawBody());
    }

    @Test
    void anUnknownErrorIsAnApiError() {
        String body = "{\"error\": \"rate limit exceeded\", \"plant_id\": 3}";

        PlantOutcome.Rejected rejected = rejected(parser.parse(3, body, NOW), RejectReason.API_ERROR);

        assertTrue(rejected.detail().contains("rate limit exceeded"), rejected.detail());
        assertEquals(body, rejected.rawBody());
    }

    @Test
    void errorsAreMatchedCaseInsensitivelyAndTrimmed() {
        assertEquals(new PlantOutcome.NotFound(7), parser.parse(7, "{\"error\": \"Plant Not Found\"}", NOW));
        assertEquals(new PlantOutcome.OnLoan(43),
                parser.parse(43, "{\"error\": \"  PLANT ON LOAN TO ANOTHER MUSEUM \"}", NOW));
        rejected(parser.parse(15, "{\"error\": \"Plant Sensor FAULT\"}", NOW), RejectReason.SENSOR_FAULT);
    }

    @Test
    void aNullErrorFieldIsNotAnError() {
        String body = plant1(p -> p.putNull("error"));

        assertEquals(1, reading(parser.parse(1, body, NOW)).plantId());
    }

    // ---------------------------------------------------------------- malformed

    static Stream<String> malformedBodies() {
        String plant = fixture("plant-api/current/plant-0001.json");
        return Stream.of(
                plant.substring(0, plant.length() / 2),
                "",
                "   ",
                "null",
                "[{\"plant_id\": 1}]",
                "\"plant\"",
                plant + " trailing",
                plant + "{}",
                "{\"plant_id\": 1, \"plant_id\": 2}",
                plant.replace("\"name\": \"Venus flytrap\",", "\"name\": \"Venus flytrap\", \"name\": \"Flytrap\","));
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void malformedBodiesAreRejectedWithTheRawBodyKept(String body) {
        PlantOutcome.Rejected rejected = rejected(parser.parse(1, body, NOW), RejectReason.MALFORMED);

        assertEquals(1, rejected.plantId());
        assertEquals(body, rejected.rawBody());
        assertNotNull(rejected.detail());
    }

    // ---------------------------------------------------------------- invalid

    @Test
    void missingTemperature() {
        assertInvalid(parser.parse(1, plant1(p -> p.remove("temperature")), NOW), "temperature is missing");
    }

    @Test
    void nullTemperature() {
        assertInvalid(parser.parse(1, plant1(p -> p.putNull("temperature")), NOW), "temperature is missing");
    }

    @Test
    void soilMoistureAsAString() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("soil_moisture", "93.1")), NOW), "soil_moisture is not a number");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 100.1, -50, 1e6})
    void soilMoistureOutsideZeroToHundred(double moisture) {
        assertInvalid(parser.parse(1, plant1(p -> p.put("soil_moisture", moisture)), NOW), "soil_moisture",
                "outside 0..100");
    }

    @Test
    void soilMoistureBoundariesAreAccepted() {
        assertEquals(new BigDecimal("0.000"),
                reading(parser.parse(1, plant1(p -> p.put("soil_moisture", 0)), NOW)).soilMoisture());
        assertEquals(new BigDecimal("100.000"),
                reading(parser.parse(1, plant1(p -> p.put("soil_moisture", 100.0)), NOW)).soilMoisture());
    }

    @Test
    void soilMoistureRoundsHalfUp() {
        assertEquals(new BigDecimal("50.126"),
                reading(parser.parse(1, plant1(p -> p.put("soil_moisture", 50.1255)), NOW)).soilMoisture());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-15.01, 70.01, -273.15, 1000})
    void temperatureOutsideTheRules(double temperature) {
        assertInvalid(parser.parse(1, plant1(p -> p.put("temperature", temperature)), NOW), "temperature",
                "outside -15.0..70.0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-15, 70})
    void temperatureBoundariesAreAccepted(double temperature) {
        assertEquals(temperature,
                reading(parser.parse(1, plant1(p -> p.put("temperature", temperature)), NOW)).temperature());
    }

    @Test
    void recordingMoreThanFiveMinutesInTheFutureIsInvalid() {
        String body = plant1(p -> p.put("recording_taken", "2026-01-26T16:05:01"));

        assertInvalid(parser.parse(1, body, NOW), "recording_taken", "in the future");
    }

    @Test
    void recordingSlightlyInTheFutureIsAccepted() {
        String fourMinutes = plant1(p -> p.put("recording_taken", "2026-01-26T16:04:00"));
        String fiveMinutes = plant1(p -> p.put("recording_taken", "2026-01-26T16:05:00"));

        assertEquals(Instant.parse("2026-01-26T16:04:00Z"), reading(parser.parse(1, fourMinutes, NOW)).recordingTaken());
        assertEquals(Instant.parse("2026-01-26T16:05:00Z"), reading(parser.parse(1, fiveMinutes, NOW)).recordingTaken());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "26/01/2026 15:16", "2026-13-01T00:00:00", "Mon, 17 Dec 2023 14:03:04 GMT"})
    void unparseableRecordingTaken(String timestamp) {
        assertInvalid(parser.parse(1, plant1(p -> p.put("recording_taken", timestamp)), NOW),
                "recording_taken '" + timestamp + "' is not a timestamp");
    }

    @Test
    void unparseableLastWatered() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("last_watered", "last Tuesday")), NOW),
                "last_watered 'last Tuesday' is not a timestamp");
    }

    @Test
    void missingLastWatered() {
        assertInvalid(parser.parse(1, plant1(p -> p.remove("last_watered")), NOW), "last_watered is missing");
    }

    @Test
    void timestampWithAnExplicitOffsetIsNotShifted() {
        // last_watered carries no zone and is read in New York time, so it must lie before NOW there too
        String body = plant1(p -> p.put("recording_taken", "2026-01-26T17:16:04+02:00")
                .put("last_watered", "2026-01-26T09:00:00"));

        assertEquals(Instant.parse("2026-01-26T15:16:04Z"),
                reading(parserFor(ZoneId.of("America/New_York")).parse(1, body, NOW)).recordingTaken());
    }

    @Test
    void countryNamesTheJdkSpellsOtherwiseStillGetTheirCode() {
        assertEquals("RU", reading(parser.parse(42, fixture("plant-api/current/plant-0042.json"), NOW)).origin()
                .countryCode());
        assertEquals("UM", reading(parser.parse(2, fixture("plant-api/current/plant-0002.json"), NOW)).origin()
                .countryCode());
    }

    @Test
    void lastWateredInTheFutureIsInvalid() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("last_watered", "2099-01-01T00:00:00")), NOW),
                "last_watered 2099-01-01T00:00:00Z is in the future");
    }

    @Test
    void timestampsBefore1900AreInvalid() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("recording_taken", "0001-01-01T00:00:00")), NOW),
                "recording_taken 0001-01-01T00:00:00Z is before 1900-01-01T00:00:00Z");
    }

    @Test
    void controlCharactersInTextAreInvalid() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("name", "Venus\u0000flytrap")), NOW),
                "name contains control characters");
    }

    @Test
    void legacyTimeZoneMustBeAZone() {
        String body = fixture("plant-api/legacy/plant-0001.json").replace("America/Los_Angeles", "Mars/Olympus");
        assertInvalid(parser.parse(1, body, NOW), "origin_location[4] 'Mars/Olympus' is not a time zone");
    }

    @Test
    void plantIdNotMatchingTheRequestedId() {
        assertInvalid(parser.parse(2, fixture("plant-api/current/plant-0001.json"), NOW),
                "plant_id 1 does not match the requested id 2");
    }

    @Test
    void plantIdAsAString() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("plant_id", "1")), NOW), "plant_id is not an integer");
    }

    @Test
    void plantIdMissing() {
        assertInvalid(parser.parse(1, plant1(p -> p.remove("plant_id")), NOW), "plant_id is missing");
    }

    @Test
    void botanistMissing() {
        assertInvalid(parser.parse(1, plant1(p -> p.remove("botanist")), NOW), "botanist is missing");
    }

    @Test
    void botanistNotAnObject() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("botanist", "Sherry Campbell")), NOW), "botanist is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sherry.campbell", "sherry campbell@lnhm.co.uk", "a@b@c", "@lnhm.co.uk"})
    void badBotanistEmail(String email) {
        String body = plant1(p -> ((ObjectNode) p.get("botanist")).put("email", email));

        assertInvalid(parser.parse(1, body, NOW), "botanist.email '" + email + "' is not an email address");
    }

    @Test
    void botanistEmailMissing() {
        String body = plant1(p -> ((ObjectNode) p.get("botanist")).remove("email"));

        assertInvalid(parser.parse(1, body, NOW), "email is missing");
    }

    @Test
    void botanistPhoneIsOptional() {
        String body = plant1(p -> ((ObjectNode) p.get("botanist")).remove("phone"));

        assertNull(reading(parser.parse(1, body, NOW)).botanist().phone());
    }

    @Test
    void latitudeBeyondNinety() {
        String body = plant1(p -> ((ObjectNode) p.get("origin_location")).put("latitude", "91"));

        assertInvalid(parser.parse(1, body, NOW), "origin latitude 91 is outside -90..90");
    }

    @Test
    void longitudeBeyondOneHundredEighty() {
        String body = plant1(p -> ((ObjectNode) p.get("origin_location")).put("longitude", -180.5));

        assertInvalid(parser.parse(1, body, NOW), "origin longitude -180.5 is outside -180..180");
    }

    @Test
    void latitudeNotANumber() {
        String body = plant1(p -> ((ObjectNode) p.get("origin_location")).put("latitude", "north"));

        assertInvalid(parser.parse(1, body, NOW), "origin latitude 'north' is not a number");
    }

    @Test
    void coordinatesOnTheBoundsAndAsNumbersAreAccepted() {
        String body = plant1(p -> ((ObjectNode) p.get("origin_location")).put("latitude", -90).put("longitude", 180.0));

        Origin origin = reading(parser.parse(1, body, NOW)).origin();

        assertEquals(new BigDecimal("-90.0000000"), origin.latitude());
        assertEquals(new BigDecimal("180.0000000"), origin.longitude());
    }

    @Test
    void originLocationMissing() {
        assertInvalid(parser.parse(1, plant1(p -> p.remove("origin_location")), NOW), "origin_location is missing");
    }

    @Test
    void legacyOriginLocationTooShort() {
        String body = legacy1(p -> p.putArray("origin_location").add("33.95015").add("-118.03917").add("South Whittier"));

        assertInvalid(parser.parse(1, body, LEGACY_NOW), "origin_location is missing");
    }

    @Test
    void nameLongerThanTwoHundredCharacters() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("name", "x".repeat(201))), NOW),
                "name is longer than 200 characters");
    }

    @Test
    void nameOfTwoHundredCharactersIsAccepted() {
        String name = "x".repeat(200);

        assertEquals(name, reading(parser.parse(1, plant1(p -> p.put("name", name)), NOW)).name());
    }

    @Test
    void nameMissingOrBlank() {
        assertInvalid(parser.parse(1, plant1(p -> p.remove("name")), NOW), "name is missing");
        assertInvalid(parser.parse(1, plant1(p -> p.put("name", "   ")), NOW), "name is missing");
    }

    @Test
    void imagesNotAnObject() {
        assertInvalid(parser.parse(1, plant1(p -> p.put("images", "https://example.org/a.jpg")), NOW),
                "images is not an object");
    }

    @Test
    void scientificNameOfTheWrongType() {
        assertInvalid(parser.parse(1, plant1(p -> p.putArray("scientific_name").add(1)), NOW),
                "scientific_name is neither a string nor a list of strings");
    }

    @Test
    void severalProblemsAreAllNamedInOneDetail() {
        String body = plant1(p -> {
            p.remove("temperature");
            p.put("soil_moisture", 101);
            p.put("recording_taken", "soon");
            ((ObjectNode) p.get("botanist")).put("email", "nobody");
            ((ObjectNode) p.get("origin_location")).put("latitude", "91");
        });

        PlantOutcome.Rejected rejected = assertInvalid(parser.parse(2, body, NOW),
                "plant_id 1 does not match the requested id 2",
                "botanist.email 'nobody' is not an email address",
                "origin latitude 91 is outside -90..90",
                "recording_taken 'soon' is not a timestamp",
                "temperature is missing",
                "soil_moisture 101.0 is outside 0..100");
        assertEquals(2, rejected.plantId());
        assertEquals(body, rejected.rawBody());
    }

    @Test
    void blankScientificNamesAreDropped() {
        String oneBlank = plant1(p -> p.putArray("scientific_name").add("Dionaea muscipula").add(" "));
        String allBlank = plant1(p -> p.putArray("scientific_name").add("").add(" "));

        assertEquals("Dionaea muscipula", reading(parser.parse(1, oneBlank, NOW)).scientificName());
        assertNull(reading(parser.parse(1, allBlank, NOW)).scientificName());
    }

    @Test
    void scientificNameLongerThanItsColumnIsInvalid() {
        String fits = "x".repeat(400);

        assertEquals(fits, reading(parser.parse(1, plant1(p -> p.put("scientific_name", fits)), NOW)).scientificName());
        assertOnlyProblem(parser.parse(1, plant1(p -> p.put("scientific_name", fits + "x")), NOW),
                "scientific_name is longer than 400 characters");
    }

    @Test
    void legacyOriginWithoutATimeZoneIsRead() {
        String body = legacy1(p -> ((ArrayNode) p.get("origin_location")).remove(4));

        assertEquals(new Origin(new BigDecimal("33.9501500"), new BigDecimal("-118.0391700"), "South Whittier",
                "United States", "US", null), reading(parser.parse(1, body, LEGACY_NOW)).origin());
    }

    @Test
    void legacyOriginOfSixValuesIsInvalid() {
        String body = legacy1(p -> ((ArrayNode) p.get("origin_location")).add("extra"));

        assertInvalid(parser.parse(1, body, LEGACY_NOW), "origin_location is missing or neither an object nor an array");
    }

    @Test
    void legacyTownOfAHundredCharactersIsAcceptedAndLongerIsInvalid() {
        String town = "x".repeat(100);

        assertEquals(town, reading(parser.parse(1, legacy1(p -> ((ArrayNode) p.get("origin_location")).set(2, town)),
                LEGACY_NOW)).origin().city());
        assertOnlyProblem(parser.parse(1, legacy1(p -> ((ArrayNode) p.get("origin_location")).set(2, town + "x")),
                LEGACY_NOW), "origin_location[2] (town) is missing or longer than 100 characters");
    }

    @Test
    void legacyTimeZoneLongerThanItsColumnIsInvalid() {
        String zone = "Europe/" + "x".repeat(58);

        assertOnlyProblem(parser.parse(1, legacy1(p -> ((ArrayNode) p.get("origin_location")).set(4, zone)), LEGACY_NOW),
                "origin_location[4] '" + zone + "' is not a time zone");
    }

    // A refused value is not read as 0 or "": the detail names that problem only, nothing made up from it.

    @Test
    void aMissingOrNonNumericTemperatureIsTheOnlyProblemNamed() {
        // with a range that excludes 0, a missing temperature read as 0 would also be "outside"
        PlantResponseParser aboveFreezing = new PlantResponseParser(
                new ValidationRules(5, 70, ZoneOffset.UTC, Duration.ofMinutes(5)));

        assertOnlyProblem(aboveFreezing.parse(1, plant1(p -> p.remove("temperature")), NOW), "temperature is missing");
        assertOnlyProblem(aboveFreezing.parse(1, plant1(p -> p.put("temperature", "16")), NOW),
                "temperature is not a number: \"16\"");
    }

    @Test
    void aMissingOrNonIntegerPlantIdIsTheOnlyProblemNamed() {
        assertOnlyProblem(parser.parse(1, plant1(p -> p.remove("plant_id")), NOW), "plant_id is missing");
        assertOnlyProblem(parser.parse(1, plant1(p -> p.put("plant_id", "1")), NOW), "plant_id is not an integer: \"1\"");
        assertOnlyProblem(parser.parse(1, plant1(p -> p.put("plant_id", 1.5)), NOW), "plant_id is not an integer: 1.5");
    }

    @Test
    void aRefusedTextIsTheOnlyProblemNamed() {
        assertOnlyProblem(parser.parse(1, plant1(p -> ((ObjectNode) p.get("botanist")).put("email", 42)), NOW),
                "email is not a string: 42");
        assertOnlyProblem(parser.parse(1, plant1(p -> ((ObjectNode) p.get("botanist")).put("email", "a\u0007@b.c")),
                NOW), "email contains control characters");
        assertOnlyProblem(parser.parse(1, plant1(p -> p.put("recording_taken", "2026-01-26T15:16:04." + "0".repeat(50))),
                NOW), "recording_taken is longer than 64 characters");
    }

    // ---------------------------------------------------------------- helpers

    private static PlantObservation reading(PlantOutcome outcome) {
        return assertInstanceOf(PlantOutcome.Reading.class, outcome, () -> "expected a reading, got " + outcome)
                .observation();
    }

    private static PlantOutcome.Rejected rejected(PlantOutcome outcome, RejectReason reason) {
        PlantOutcome.Rejected rejected = assertInstanceOf(PlantOutcome.Rejected.class, outcome,
                () -> "expected a rejection, got " + outcome);
        assertEquals(reason, rejected.reason(), rejected::detail);
        return rejected;
    }

    private static PlantOutcome.Rejected assertInvalid(PlantOutcome outcome, String... detailParts) {
        PlantOutcome.Rejected rejected = rejected(outcome, RejectReason.INVALID);
        for (String part : detailParts) {
            assertTrue(rejected.detail().contains(part), () -> "'" + part + "' not in: " + rejected.detail());
        }
        return rejected;
    }

    /** The rejection names exactly this problem. */
    private static void assertOnlyProblem(PlantOutcome outcome, String detail) {
        assertEquals(detail, rejected(outcome, RejectReason.INVALID).detail());
    }

    /** Current plant 1 with a change applied. */
    private static String plant1(Consumer<ObjectNode> change) {
        return changed("plant-api/current/plant-0001.json", change);
    }

    /** Legacy plant 1 with a change applied. */
    private static String legacy1(Consumer<ObjectNode> change) {
        return changed("plant-api/legacy/plant-0001.json", change);
    }

    private static String changed(String resource, Consumer<ObjectNode> change) {
        try {
            ObjectNode plant = (ObjectNode) JSON.readTree(fixture(resource));
            change.accept(plant);
            return JSON.writeValueAsString(plant);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fixture(String resource) {
        try (InputStream in = PlantResponseParserTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
