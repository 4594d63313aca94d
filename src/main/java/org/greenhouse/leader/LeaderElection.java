package org.greenhouse.leader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.camel.cluster.CamelClusterService;

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
        return new DatabaseLeaseClusterService(config.memberId().orElseGet(LeaderElection::processName), leases,
                config.leaseDuration(), config.renewInterval());
    }

    /** The host (the pod or task name in a container) and process, plus a suffix that a restart changes. */
    static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
