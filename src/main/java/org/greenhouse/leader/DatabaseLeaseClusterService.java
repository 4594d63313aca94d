package org.greenhouse.leader;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Leader election through the database every instance already shares: one lease row per namespace (per
 * singleton pipeline), see {@link LeaderLeases}. Camel's {@code master:} endpoints ask it which instance
 * leads; the leader's trigger runs, the others' wait. Works on SQL Server, PostgreSQL and H2 alike.
 */
public class DatabaseLeaseClusterService extends AbstractCamelClusterService<DatabaseLeaseView> {

    private final LeaderLeases leases;
    private final Duration leaseDuration;
    private final Duration renewInterval;
    private ScheduledExecutorService renewals;
    private ScheduledExecutorService deadlines;

    public DatabaseLeaseClusterService(String memberId, LeaderLeases leases, Duration leaseDuration,
            Duration renewInterval) {
        super(memberId);
        this.leases = leases;
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
    }

    @Override
    protected DatabaseLeaseView createView(String namespace) {
        return new DatabaseLeaseView(this, namespace);
    }

    @Override
    protected void doStart() throws Exception {
        renewals = scheduler("greenhouse-lease-renewal");
        // separate from the renewals, which wait on the database: a step-down is never late
        deadlines = scheduler("greenhouse-lease-deadline");
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        renewals.shutdownNow();
        deadlines.shutdownNow();
    }

    private static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    LeaderLeases leases() {
        return leases;
    }

    Duration leaseDuration() {
        return leaseDuration;
    }

    Duration renewInterval() {
        return renewInterval;
    }

    ScheduledExecutorService renewals() {
        return renewals;
    }

    ScheduledExecutorService deadlines() {
        return deadlines;
    }
}
