package org.greenhouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventRequestsTest {

    private static final String VIEWED = "{\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T06:00:00Z\","
            + "\"user_id\":3,\"product\":{\"id\":1,\"title\":\"Fjallraven Backpack\",\"price\":109.95,"
            + "\"category\":\"men's clothing\"}}";
    private static final String PURCHASE = "{\"type\":\"purchase\",\"occurred_at\":\"2026-11-23T06:01:00Z\","
            + "\"user_id\":3,\"cart\":{\"id\":1,\"userId\":3,\"date\":\"2020-03-02T00:00:00.000Z\","
            + "\"products\":[{\"productId\":1,\"quantity\":4},{\"productId\":2,\"quantity\":1}]}}";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneObjectAnArrayOrNdjson() {
        assertEquals(1, EventRequests.parse(bytes(VIEWED), "application/json", 500).size());
        assertEquals(2, EventRequests.parse(bytes("[" + VIEWED + "," + PURCHASE + "]"), "application/json; charset=utf-8",
                500).size());
        assertEquals(2, EventRequests.parse(bytes(VIEWED + "\n\n" + PURCHASE + "\r\n"), "application/x-ndjson", 500)
                .size());
    }

    @Test
    void refusals() {
        assertEquals(415, assertThrows(EventRejected.class,
                () -> EventRequests.parse(bytes(VIEWED), "text/plain", 500)).status());
        assertEquals(415, assertThrows(EventRejected.class, () -> EventRequests.parse(bytes(VIEWED), null, 500))
                .status());
        EventRejected malformed = assertThrows(EventRejected.class,
                () -> EventRequests.parse(bytes(VIEWED + "\n{\"type\":"), "application/x-ndjson", 500));
        assertEquals(400, malformed.status());
        assertTrue(malformed.getMessage().startsWith("line 2 is not JSON"), malformed.getMessage());
        assertEquals(400, assertThrows(EventRejected.class,
                () -> EventRequests.parse(bytes("[]"), "application/json", 500)).status());
        EventRejected tooMany = assertThrows(EventRejected.class,
                () -> EventRequests.parse(bytes("[" + VIEWED + "," + VIEWED + "," + VIEWED + "]"), "application/json", 2));
        assertEquals("the request holds 3 events; at most 2 are taken at once", tooMany.getMessage());
    }

    @Test
    void theSchemaNamesEachBadEventByIndex() {
        var events = EventRequests.parse(bytes("[" + VIEWED + ","
                + "{\"type\":\"product_viewed\",\"occurred_at\":\"yesterday\",\"product\":{\"id\":1,\"title\":\"x\","
                + "\"price\":-1,\"category\":\"c\"}}," + PURCHASE + ",{\"type\":\"purchase\",\"occurred_at\":"
                + "\"2026-11-23T06:01:00Z\"},{\"type\":\"sold\",\"occurred_at\":\"2026-11-23T06:01:00Z\"}]"),
                "application/json", 500);

        Map<Integer, List<String>> problems = new EventValidator().problems(events);

        assertEquals(List.of(1, 3, 4), List.copyOf(problems.keySet()));
        assertTrue(problems.get(1).stream().anyMatch(p -> p.contains("occurred_at")), problems.toString());
        assertTrue(problems.get(1).stream().anyMatch(p -> p.contains("price")), problems.toString());
        assertTrue(problems.get(3).stream().anyMatch(p -> p.contains("cart")), problems.toString());
        assertTrue(problems.get(4).stream().anyMatch(p -> p.contains("type")), problems.toString());
    }

    @Test
    void theRefusedContentTypeIsNamed() {
        assertEquals("Content-Type must be application/json or application/x-ndjson, not 'text/plain'",
                assertThrows(EventRejected.class, () -> EventRequests.parse(bytes(VIEWED), "text/plain", 500))
                        .getMessage());
        assertEquals("Content-Type must be application/json or application/x-ndjson, not ''",
                assertThrows(EventRejected.class, () -> EventRequests.parse(bytes(VIEWED), null, 500)).getMessage());
    }

    @Test
    void exactlyTheMaximumNumberOfEventsIsTaken() {
        assertEquals(2, EventRequests.parse(bytes("[" + VIEWED + "," + VIEWED + "]"), "application/json", 2).size());
    }

    @Test
    void anEventsProblemsAreListedByField() {
        var events = EventRequests.parse(bytes("{\"type\":\"sold\",\"occurred_at\":\"yesterday\",\"user_id\":0,"
                + "\"quantity\":0,\"session_id\":\"\",\"event_id\":\"a b\"}"), "application/json", 500);

        List<String> problems = new EventValidator().problems(events).get(0);

        assertEquals(List.of("/event_id", "/occurred_at", "/quantity", "/session_id", "/type", "/user_id"),
                problems.stream().map(p -> p.substring(0, p.indexOf(':'))).toList(), problems.toString());
    }

    @Test
    void apiKeysAcceptOnlyConfiguredKeys() {
        ApiKeys keys = new ApiKeys(List.of("alpha-key", " beta-key ", ""));
        assertTrue(keys.accepts("alpha-key"));
        assertTrue(keys.accepts("beta-key"));
        assertEquals(false, keys.accepts("alpha-ke"));
        assertEquals(false, keys.accepts(""));
        assertEquals(false, keys.accepts(null));
        assertTrue(new ApiKeys(List.of()).isEmpty());
    }
}
