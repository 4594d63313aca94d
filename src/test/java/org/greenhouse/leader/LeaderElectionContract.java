package org.greenhouse.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.greenhouse.db.Database;
import org.greenhouse.db.DatabaseConfig;
import org.greenhouse.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two app instances' cluster services on one real database, each through a proxy of its own so a test can
 * cut one instance off. Most tests run the instances on a {@link SteppedLeaseTime}: the test moves the clock
 * to the instants that matter (renewals, the step-down one renew interval before expiry, the expiry, the first
 * attempt after it) and asserts who leads at each, and after every single renewal or step-down that the two
 * never lead at once. One test runs them on real time and real threads, as the app does.
 */
abstract class LeaderElectionContract {

    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration RENEW = Duration.ofMillis(400);
    static final String PIPELINE = "plant-ingest";
    private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");

    /** A JDBC URL of an empty schema, its user and password. */
    abstract String databaseUrl();

    abstract String user();

    abstract String password();

    private final List<Instance> instances = new ArrayList<>();
    private final SteppedLeaseTime time = new SteppedLeaseTime(T0);

    @AfterEach
    void stopAll() throws Exception {
        for (Instance instance : instances) {
            instance.close();
        }
    }

    @Test
    void oneInstanceLeadsWhileItRenewsAndTheOtherKnowsWhich() throws Exception {
        Instance a = startStepped("instance-a");
        Instance b = startStepped("instance-b");
        time.advanceTo(T0);

        assertLeader(a);
        assertFollows(b, a);
        assertEquals("instance-a", holderInDatabase());
        // the leader stays the leader while it renews, renewal after renewal
        for (Instant at = T0; at.isBefore(T0.plus(LEASE.multipliedBy(3))); at = at.plus(RENEW.dividedBy(2))) {
            time.advanceTo(at);
            assertLeader(a);
            assertFollows(b, a);
        }
        assertEquals(List.of(true), a.events);
        assertEquals(List.of(), b.events);
    }

    @Test
    void aLeaderCutOffStepsDownOneRenewIntervalBeforeItsLeaseExpiresAndTheOtherTakesOverOnlyAfterExpiry()
            throws Exception {
        Instance a = startStepped("instance-a");
        time.advanceTo(T0);
        // b tries half a renew interval after each of a's renewals
        time.advanceTo(T0.plus(RENEW.dividedBy(2)));
        Instance b = startStepped("instance-b");
        Instant lastRenewal = T0.plus(RENEW.multipliedBy(2));
        time.advanceTo(lastRenewal);
        assertLeader(a);

        a.proxy.cut();
        Instant expiry = lastRenewal.plus(LEASE);
        Instant stepDown = expiry.minus(RENEW);

        time.advanceTo(stepDown.minusMillis(1));
        assertLeader(a);
        assertFollows(b, a);
        time.advanceTo(stepDown);
        assertLeader(null);
        // b's attempt half a renew interval before the expiry finds the lease still a's
        time.advanceTo(expiry);
        assertLeader(null);
        assertEquals("instance-a", holderInDatabase());
        time.advanceTo(expiry.plus(RENEW.dividedBy(2)));
        assertLeader(b);
        assertEquals("instance-b", holderInDatabase());

        // back on the network, the old leader follows at its next renewal
        a.proxy.restore();
        time.advance(RENEW);
        assertLeader(b);
        assertFollows(a, b);
        assertEquals(List.of(true, false), a.events);
        assertEquals(List.of(true), b.events);
    }

    @Test
    void aStoppedLeaderReleasesItsLeaseAndTheOtherLeadsAtItsNextAttempt() throws Exception {
        Instance a = startStepped("instance-a");
        time.advanceTo(T0);
        time.advanceTo(T0.plus(RENEW.dividedBy(2)));
        Instance b = startStepped("instance-b");
        time.advanceTo(T0.plus(RENEW));
        assertLeader(a);
        assertFollows(b, a);

        a.close();
        assertLeader(null);
        time.advanceTo(T0.plus(RENEW).plus(RENEW.dividedBy(2)));

        // long before a's lease (renewed at T0 + RENEW) would have expired
        assertLeader(b);
        assertEquals(List.of(true, false), a.events);
        assertEquals("instance-b", holderInDatabase());
    }

    @Test
    void aRenewalAnsweredAfterItsOwnStepDownTimeDoesNotLead() throws Exception {
        // the database takes a whole lease duration to answer a's first attempt (a pause, a stuck connection)
        Instance a = startStepped("instance-a", LEASE);
        time.advanceTo(T0);

        assertLeader(null);
        assertEquals(List.of(), a.events);
        assertEquals("instance-a", holderInDatabase(), "the lease was taken, only too late to lead on");
    }

    @Test
    void onRealTimersACutOffLeaderStepsDownBeforeTheOtherTakesOver() throws Exception {
        Instance a = startReal("instance-a");
        await("a leads", a::leads);
        Instance b = startReal("instance-b");
        List<String> overlaps = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            if (a.leads() && b.leads() && overlaps.isEmpty()) {
                overlaps.add("both led at " + Instant.now());
            }
        }, 0, 5, TimeUnit.MILLISECONDS);
        try {
            a.proxy.cut();

            await("a steps down", () -> !a.leads());
            await("b leads once a's lease has expired", b::leads);
            assertEquals("instance-b", holderInDatabase());
            a.proxy.restore();
            await("a sees b lead",
                    () -> a.view.getLeader().map(CamelClusterMember::getId).equals(Optional.of("instance-b")));
        } finally {
            sampler.shutdownNow();
        }
        assertEquals(List.of(), overlaps);
        assertEquals(List.of(true, false), a.events);
        assertEquals(List.of(true), b.events);
    }

    /** Exactly this instance leads (none: {@code null}). */
    private void assertLeader(Instance expected) {
        assertEquals(expected == null ? List.of() : List.of(expected.id), leaders(), "leading at " + time.now());
    }

    /** The follower knows who leads, and that it is not itself. */
    private static void assertFollows(Instance follower, Instance leader) {
        CamelClusterMember seen = follower.view.getLeader().orElseThrow(
                () -> new AssertionError(follower.id + " does not know who leads"));
        assertEquals(leader.id, seen.getId());
        assertFalse(seen.isLocal());
    }

    private List<String> leaders() {
        return instances.stream().filter(Instance::leads).map(instance -> instance.id).collect(Collectors.toList());
    }

    private Instance startStepped(String id) throws Exception {
        return startStepped(id, Duration.ZERO);
    }

    /** An instance on the stepped time, whose database answers take {@code answerTime} of it. */
    private Instance startStepped(String id, Duration answerTime) throws Exception {
        // checked after every renewal and step-down of any instance
        time.afterEachTask(() -> assertTrue(leaders().size() <= 1, "two leaders at " + time.now() + ": " + leaders()));
        return start(id, time.forInstance(), answerTime);
    }

    private Instance startReal(String id) throws Exception {
        return start(id, LeaseTime.system(), Duration.ZERO);
    }

    private Instance start(String id, LeaseTime leaseTime, Duration answerTime) throws Exception {
        Instance instance = new Instance(id, leaseTime, answerTime);
        instances.add(instance);
        return instance;
    }

    private String holderInDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(databaseUrl(), user(), password());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT holder FROM leader_lease WHERE lease_name = ?")) {
            query.setString(1, PIPELINE);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no lease row");
                return row.getString(1);
            }
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** One app instance: its own connection pool (through its own proxy) and cluster service. */
    final class Instance implements AutoCloseable {
        final String id;
        final TcpProxy proxy;
        final Database database;
        final DatabaseLeaseClusterService service;
        final CamelClusterView view;
        final List<Boolean> events = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Instance(String id, LeaseTime leaseTime, Duration answerTime) throws Exception {
            this.id = id;
            URI server = URI.create(databaseUrl().substring("jdbc:".length()).replaceFirst("^h2:tcp:", "tcp:"));
            proxy = new TcpProxy(server.getHost(), server.getPort());
            String viaProxy = databaseUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            database = new Database(settings(viaProxy));
            LeaderLeases leases = new LeaderLeases(database) {
                @Override
                public Lease acquire(String lease, String holder, Instant now, Duration duration)
                        throws java.sql.SQLException {
                    Lease answer = super.acquire(lease, holder, now, duration);
                    if (!answerTime.isZero()) {
                        time.pass(answerTime);
                    }
                    return answer;
                }
            };
            service = new DatabaseLeaseClusterService(id, leases, LEASE, RENEW, leaseTime);
            service.setCamelContext(new DefaultCamelContext());
            view = service.getView(PIPELINE);
            view.addEventListener((CamelClusterEventListener.Leadership) (changed, leader) -> events
                    .add(leader != null && leader.isLocal()));
            service.start();
        }

        boolean leads() {
            return !closed && view.getLocalMember().isLeader();
        }

        @Override
        public void close() throws Exception {
            if (!closed) {
                service.stop();
                closed = true;
                database.close();
                proxy.close();
            }
        }

        private DatabaseConfig settings(String url) {
            return new DatabaseConfig() {
                public String url() {
                    return url;
                }

                public Optional<String> username() {
                    return Optional.of(user());
                }

                public Optional<String> password() {
                    return Optional.of(LeaderElectionContract.this.password()).filter(p -> !p.isEmpty());
                }

                public int maxPoolSize() {
                    return 2;
                }

                public Duration acquisitionTimeout() {
                    return Duration.ofMillis(500);
                }
            };
        }
    }
}
