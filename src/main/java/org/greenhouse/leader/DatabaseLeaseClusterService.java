package org.greenhouse.leader;

import java.time.Duration;

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
    private final LeaseTime time;

    public DatabaseLeaseClusterService(String memberId, LeaderLeases leases, Duration leaseDuration,
            Duration renewInterval) {
        this(memberId, leases, leaseDuration, renewInterval, LeaseTime.system());
    }

    DatabaseLeaseClusterService(String memberId, LeaderLeases leases, Duration leaseDuration, Duration renewInterval,
            LeaseTime time) {
        super(memberId);
        this.leases = leases;
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
        this.time = time;
    }

    @Override
    protected DatabaseLeaseView createView(String namespace) {
        return new DatabaseLeaseView(this, namespace);
    }

    @Override
    protected void doStart() throws Exception {
        time.start();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        time.stop();
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

    LeaseTime time() {
        return time;
    }
}
