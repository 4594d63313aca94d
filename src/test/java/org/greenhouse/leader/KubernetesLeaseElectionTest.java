package org.greenhouse.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes variant, as the app configures it (greenhouse.leader.election=kubernetes), against an API
 * server that keeps the Lease objects it is sent (fabric8's CRUD mock server, over HTTP). Two pods: one holds
 * the pipeline's Lease, and when it stops the other takes it over; they never lead at the same time.
 */
class KubernetesLeaseElectionTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RENEW = Duration.ofMillis(500);
    private static final String NAMESPACE = "greenhouse-test";
    private static final String PIPELINE = "plant-ingest";

    private KubernetesMockServer apiServer;
    private KubernetesClient client;
    private final List<Pod> pods = new ArrayList<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService sampler;

    @BeforeEach
    void start() {
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        apiServer.init();
        client = apiServer.createClient();
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            if (pods.stream().filter(Pod::leads).count() > 1 && overlaps.isEmpty()) {
                overlaps.add("two leaders, first at " + Instant.now());
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        sampler.shutdownNow();
        for (Pod pod : pods) {
            pod.stop();
        }
        client.close();
        apiServer.destroy();
        assertEquals(List.of(), overlaps, "two pods led at once");
    }

    @Test
    void onePodHoldsThePipelinesLeaseAndAnotherTakesOverWhenItStops() throws Exception {
        Pod a = start("pod-a");
        await("pod-a leads", a::leads);
        Pod b = start("pod-b");
        Thread.sleep(RENEW.multipliedBy(4).toMillis());
        assertFalse(b.leads());
        assertEquals("pod-a", lease().getSpec().getHolderIdentity());

        a.stop();

        await("pod-b leads", b::leads);
        assertEquals("pod-b", lease().getSpec().getHolderIdentity());
        assertEquals(LEASE.toSeconds(), lease().getSpec().getLeaseDurationSeconds().longValue());
    }

    @Test
    void aRenewIntervalOverHalfTheLeaseIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LeaderElection.checkTiming(Duration.ofSeconds(30), Duration.ofSeconds(20)));
        assertEquals("greenhouse.leader.renew-interval (PT20S) must be at most half of "
                + "greenhouse.leader.lease-duration (PT30S)", refused.getMessage());
    }

    @Test
    void thePodSelectorIsReadAsLabelsAndAMalformedOneIsRefused() {
        assertEquals(Map.of("app.kubernetes.io/name", "greenhouse", "tier", "app"),
                LeaderElection.labels("app.kubernetes.io/name=greenhouse, tier=app"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LeaderElection.labels("app.kubernetes.io/name"));
        assertEquals("greenhouse.leader.kubernetes.pod-selector must be label=value[,...], not app.kubernetes.io/name",
                refused.getMessage());
    }

    private Lease lease() {
        List<Lease> leases = client.leases().inNamespace(NAMESPACE).list().getItems();
        assertEquals(1, leases.size(), "one Lease for the one pipeline: " + leases);
        Lease lease = leases.get(0);
        assertTrue(lease.getMetadata().getName().startsWith("greenhouse-"), lease.getMetadata().getName());
        assertTrue(lease.getMetadata().getName().endsWith(PIPELINE), lease.getMetadata().getName());
        return lease;
    }

    private Pod start(String name) throws Exception {
        Pod pod = new Pod(name);
        pods.add(pod);
        return pod;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LEASE.multipliedBy(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private LeaderConfig settings(String podName) {
        String masterUrl = apiServer.url("/");
        return new LeaderConfig() {
            public Election election() {
                return Election.KUBERNETES;
            }

            public Duration leaseDuration() {
                return LEASE;
            }

            public Duration renewInterval() {
                return RENEW;
            }

            public Optional<String> memberId() {
                return Optional.of(podName);
            }

            public Kubernetes kubernetes() {
                return new Kubernetes() {
                    public Optional<String> namespace() {
                        return Optional.of(NAMESPACE);
                    }

                    public Optional<String> masterUrl() {
                        return Optional.of(masterUrl);
                    }

                    public String leasePrefix() {
                        return "greenhouse";
                    }

                    public String podSelector() {
                        return "app.kubernetes.io/name=greenhouse";
                    }
                };
            }
        };
    }

    /** One pod's Camel context with the cluster service the app makes for it. */
    private final class Pod {
        final DefaultCamelContext camel = new DefaultCamelContext();
        final KubernetesClusterService service;
        final CamelClusterView view;
        private volatile boolean stopped;

        Pod(String name) throws Exception {
            // the pod as Kubernetes shows it: running and ready, with the app's label
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
                    .addToLabels("app.kubernetes.io/name", "greenhouse").endMetadata()
                    .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                    .endCondition().endStatus().build()).create();
            service = LeaderElection.kubernetes(settings(name));
            camel.addService(service);
            camel.start();
            view = service.getView(PIPELINE);
            view.start();
        }

        boolean leads() {
            return !stopped && view.getLocalMember().isLeader();
        }

        /** The pod ends: its Camel context stops and Kubernetes removes it. */
        void stop() {
            if (!stopped) {
                stopped = true;
                camel.stop();
                client.pods().inNamespace(NAMESPACE).withName(service.getPodName()).delete();
            }
        }
    }
}
