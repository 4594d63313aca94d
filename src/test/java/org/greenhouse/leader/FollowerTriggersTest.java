package org.greenhouse.leader;

import static org.greenhouse.db.Sql.utc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.master.MasterConsumer;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app's own four singleton triggers (plant-ingest and events-deliver timers, plant-archive and
 * batch-extract crons), run fast, on a replica that follows: another replica holds every lease, and none of
 * the triggers fires; when that replica's leases expire this one takes them over and every trigger runs its
 * pipeline. The route statistics asserted are the ones Hawtio shows.
 */
@QuarkusTest
@TestProfile(FollowerTriggersTest.FastTriggers.class)
class FollowerTriggersTest {

    static final String SELF = "replica-a";
    static final String OTHER = "replica-b";
    /** Long enough for every trigger to fire more than once if it were not guarded (the slowest: 1 s crons). */
    private static final Duration FOLLOWING = Duration.ofSeconds(3);

    /** The test profile with every singleton trigger fast; the test starts their routes. */
    public static class FastTriggers extends H2Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("greenhouse.plant.period", "500ms");
            overrides.put("greenhouse.plant.initial-delay", "0s");
            overrides.put("greenhouse.events.delivery.period", "500ms");
            overrides.put("greenhouse.events.process.period", "500ms");
            overrides.put("greenhouse.archive.cron", "* * * * * ?");
            overrides.put("greenhouse.batch.cron", "* * * * * ?");
            overrides.put("greenhouse.alerts.delivery.retry-interval", "500ms");
            overrides.put("greenhouse.warehouse.cron", "* * * * * ?");
            overrides.put("greenhouse.warehouse.catch-up-period", "500ms");
            overrides.put("greenhouse.warehouse.demo.period", "500ms");
            overrides.put("greenhouse.leader.member-id", SELF);
            overrides.put("greenhouse.leader.lease-duration", "2s");
            overrides.put("greenhouse.leader.renew-interval", "500ms");
            // the master consumer starts the trigger this long after its replica took the lease (default 5 s)
            overrides.put("camel.component.master.back-off-delay", "100");
            return overrides;
        }
    }

    @Inject
    CamelContext camel;

    @Inject
    CamelClusterService cluster;

    @AfterEach
    void stopTriggers() throws Exception {
        for (String pipeline : GuardedTriggersTest.GUARDED.keySet()) {
            camel.getRouteController().stopRoute(pipeline + "-schedule");
        }
    }

    @Test
    void aFollowerRunsNoneOfTheSingletonTriggersAndRunsThemAllOnceItLeads() throws Exception {
        TestDatabase.clean();
        PlantApiStub.serveRecorded();
        holdEveryLeaseAs(OTHER, Instant.now().plus(Duration.ofHours(1)));
        for (String pipeline : GuardedTriggersTest.GUARDED.keySet()) {
            camel.getRouteController().startRoute(pipeline + "-schedule");
        }

        for (String pipeline : GuardedTriggersTest.GUARDED.keySet()) {
            await(pipeline + ": " + SELF + " sees " + OTHER + " lead", () -> leaderSeen(pipeline).equals(OTHER));
        }
        long deadline = System.nanoTime() + FOLLOWING.toNanos();
        while (System.nanoTime() < deadline) {
            assertEquals(Map.of(), fired(), "triggers fired on the follower");
            Thread.sleep(100);
        }
        assertEquals(0, TestDatabase.count("pipeline_run"), "plant cycles on the follower");
        for (String pipeline : GuardedTriggersTest.GUARDED.keySet()) {
            assertFalse(masterConsumer(pipeline).isMaster(), pipeline + "'s trigger is not this replica's");
        }

        // the other replica died: its leases expire, and this one takes each over at its next attempt
        holdEveryLeaseAs(OTHER, Instant.now().minusSeconds(1));

        await("every trigger fired", () -> fired().keySet().equals(GuardedTriggersTest.GUARDED.keySet()));
        for (String pipeline : GuardedTriggersTest.GUARDED.keySet()) {
            assertTrue(masterConsumer(pipeline).isMaster());
            assertEquals(SELF, leaderSeen(pipeline));
            ManagedRouteMBean entry = managedRoute(pipeline);
            await("direct:" + pipeline + " ran", () -> entry.getExchangesTotal() + entry.getExchangesInflight() > 0);
        }
        await("a plant cycle recorded", () -> count("pipeline_run") > 0);
    }

    private MasterConsumer masterConsumer(String pipeline) {
        return assertInstanceOf(MasterConsumer.class, camel.getRoute(pipeline + "-schedule").getConsumer(),
                pipeline + "'s trigger");
    }

    /** Schedule routes that created an exchange, with their count. */
    private Map<String, Long> fired() {
        Map<String, Long> fired = new TreeMap<>();
        for (String pipeline : GuardedTriggersTest.GUARDED.keySet()) {
            long exchanges = managedRoute(pipeline + "-schedule").getExchangesTotal()
                    + managedRoute(pipeline + "-schedule").getExchangesInflight();
            if (exchanges > 0) {
                fired.put(pipeline, exchanges);
            }
        }
        return fired;
    }

    private ManagedRouteMBean managedRoute(String id) {
        ManagedRouteMBean route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(id);
        assertNotNull(route, "route " + id + " (JMX statistics)");
        return route;
    }

    private String leaderSeen(String pipeline) {
        try {
            CamelClusterView view = cluster.getView(pipeline);
            try {
                return view.getLeader().map(CamelClusterMember::getId).orElse("nobody");
            } finally {
                cluster.releaseView(view);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every singleton pipeline's lease row, held by {@code holder} until {@code expiresAt}. */
    private static void holdEveryLeaseAs(String holder, Instant expiresAt) throws Exception {
        try (Connection connection = TestDatabase.connect()) {
            for (String pipeline : GuardedTriggersTest.GUARDED.keySet()) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM leader_lease WHERE lease_name = ?");
                        PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO leader_lease (lease_name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)")) {
                    delete.setString(1, pipeline);
                    delete.executeUpdate();
                    insert.setString(1, pipeline);
                    insert.setString(2, holder);
                    insert.setObject(3, utc(expiresAt.minus(Duration.ofHours(2))));
                    insert.setObject(4, utc(expiresAt));
                    insert.executeUpdate();
                }
            }
        }
    }

    private static long count(String table) {
        try {
            return TestDatabase.count(table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
