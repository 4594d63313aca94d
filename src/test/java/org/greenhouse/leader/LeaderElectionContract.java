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

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.greenhouse.db.Database;
import org.greenhouse.db.DatabaseConfig;
import org.greenhouse.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two app instances' cluster services on one real database, each through a proxy of its own so a test can
 * cut one instance off. Throughout every test a sampler checks that the two never lead at the same time.
 */
abstract class LeaderElectionContract {

    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration RENEW = Duration.ofMillis(400);
    static final String PIPELINE = "plant-ingest";

    /** A JDBC URL of an empty schema, its user and password. */
    abstract String databaseUrl();

    abstract String user();

    abstract String password();

    private final List<Instance> instances = new ArrayList<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService sampler;

    @BeforeEach
    void watchForTwoLeaders() {
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long leading = instances.stream().filter(Instance::leads).count();
            if (leading > 1 && overlaps.isEmpty()) {
                overlaps.add(leading + " leaders, first at " + Instant.now());
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopAll() throws Exception {
        sampler.shutdownNow();
        for (Instance instance : instances) {
            instance.close();
        }
        assertEquals(List.of(), overlaps, "two instances led at once");
    }

    @Test
    void oneInstanceLeadsAndTheOtherKnowsWhich() throws Exception {
        Instance a = start("instance-a");
        Instance b = start("instance-b");

        await("one leader", () -> a.leads() || b.leads());
        Instance leader = a.leads() ? a : b;
        Instance follower = leader == a ? b : a;
        await("the follower sees the leader", () -> follower.view.getLeader().isPresent());

        assertEquals(leader.id, follower.view.getLeader().get().getId());
        assertFalse(follower.view.getLeader().get().isLocal());
        assertEquals(leader.id, holderInDatabase());
        // the leader stays the leader while it renews
        Thread.sleep(LEASE.multipliedBy(2).toMillis());
        assertTrue(leader.leads());
        assertEquals(List.of(true), leader.events);
        assertEquals(List.of(), follower.events);
    }

    @Test
    void aStoppedLeaderHandsOverWithoutWaitingForItsLease() throws Exception {
        Instance a = start("instance-a");
        await("a leads", a::leads);
        Instance b = start("instance-b");
        Thread.sleep(RENEW.multipliedBy(2).toMillis());
        assertFalse(b.leads());

        long stopped = System.nanoTime();
        a.close();

        await("b leads", b::leads);
        Duration handOver = Duration.ofNanos(System.nanoTime() - stopped);
        assertTrue(handOver.compareTo(LEASE) < 0, "released lease taken over in " + handOver);
        assertEquals(List.of(true, false), a.events);
        assertEquals("instance-b", holderInDatabase());
    }

    @Test
    void aLeaderCutOffFromTheDatabaseStepsDownBeforeAnotherTakesOver() throws Exception {
        Instance a = start("instance-a");
        await("a leads", a::leads);
        Instance b = start("instance-b");

        a.proxy.cut();

        await("a steps down", () -> !a.leads());
        await("b leads once a's lease has expired", b::leads);
        assertEquals("instance-b", holderInDatabase());

        // back on the network, the old leader follows
        a.proxy.restore();
        await("a sees b lead", () -> a.view.getLeader().map(CamelClusterMember::getId).equals(Optional.of("instance-b")));
        assertFalse(a.leads());
        assertEquals(List.of(true, false), a.events);
        assertEquals(List.of(true), b.events);
    }

    private Instance start(String id) throws Exception {
        Instance instance = new Instance(id);
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
        private boolean closed;

        Instance(String id) throws Exception {
            this.id = id;
            URI server = URI.create(databaseUrl().substring("jdbc:".length()).replaceFirst("^h2:tcp:", "tcp:"));
            proxy = new TcpProxy(server.getHost(), server.getPort());
            String viaProxy = databaseUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            database = new Database(settings(viaProxy));
            service = new DatabaseLeaseClusterService(id, new LeaderLeases(database), LEASE, RENEW);
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
