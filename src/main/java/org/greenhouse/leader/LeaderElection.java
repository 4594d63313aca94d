package org.greenhouse.leader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * The cluster service behind the routes' {@code master:} triggers; Camel adds it to the context at startup.
 * It does nothing until a singleton trigger starts, so a Lambda (no internal triggers) never touches a lease.
 */
@ApplicationScoped
public class LeaderElection {

    @Produces
    @Singleton
    @Unremovable
    CamelClusterService clusterService(LeaderConfig config, LeaderLeases leases) {
        checkTiming(config.leaseDuration(), config.renewInterval());
        return switch (config.election()) {
            case DATABASE -> new DatabaseLeaseClusterService(config.memberId().orElseGet(LeaderElection::processName),
                    leases, config.leaseDuration(), config.renewInterval());
            case KUBERNETES -> kubernetes(config);
        };
    }

    /** A leader that misses one renewal must still hold its lease at the next. */
    static void checkTiming(Duration leaseDuration, Duration renewInterval) {
        if (renewInterval.multipliedBy(2).compareTo(leaseDuration) > 0) {
            throw new IllegalArgumentException("greenhouse.leader.renew-interval (" + renewInterval
                    + ") must be at most half of greenhouse.leader.lease-duration (" + leaseDuration + ")");
        }
    }

    /** Kubernetes Lease objects (coordination.k8s.io), one per pipeline, with the same timing as the database. */
    static KubernetesClusterService kubernetes(LeaderConfig config) {
        KubernetesClusterService service = new KubernetesClusterService();
        // Camel's default pod name is HOSTNAME, which Kubernetes sets to the pod's name
        config.memberId().ifPresent(memberId -> {
            service.setId(memberId);
            service.setPodName(memberId);
        });
        service.setClusterLabels(labels(config.kubernetes().podSelector()));
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName(config.kubernetes().leasePrefix());
        service.setLeaseDurationMillis(config.leaseDuration().toMillis());
        // a leader that has not renewed by then steps down, one renew interval before its lease expires
        service.setRenewDeadlineMillis(config.leaseDuration().minus(config.renewInterval()).toMillis());
        service.setRetryPeriodMillis(config.renewInterval().toMillis());
        config.kubernetes().namespace().ifPresent(service::setKubernetesNamespace);
        config.kubernetes().masterUrl().ifPresent(service::setMasterUrl);
        return service;
    }

    /** {@code a=b,c=d} as a map of labels. */
    static Map<String, String> labels(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : selector.split(",")) {
            String[] keyValue = pair.split("=", 2);
            if (keyValue.length != 2 || keyValue[0].isBlank() || keyValue[1].isBlank()) {
                throw new IllegalArgumentException("greenhouse.leader.kubernetes.pod-selector must be label=value[,...], not "
                        + selector);
            }
            labels.put(keyValue[0].trim(), keyValue[1].trim());
        }
        return labels;
    }

    /** The host and the process, plus a suffix that a restart changes. */
    public static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
