package org.greenhouse.leader;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.jboss.logging.Logger;

/**
 * One namespace's lease, as this instance sees it: every renew interval it renews the lease it holds or tries
 * to take over an expired one. A leader steps down one renew interval before its lease expires unless a
 * renewal has moved that instant on: by its own timer, so it has stopped before another instance may take
 * over even while the database does not answer.
 */
final class DatabaseLeaseView extends AbstractCamelClusterView {

    private static final Logger LOG = Logger.getLogger(DatabaseLeaseView.class);

    private final DatabaseLeaseClusterService service;
    private final Member localMember;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile Instant stepDownAt = Instant.MIN;
    private volatile Optional<CamelClusterMember> otherLeader = Optional.empty();
    private LeaseTime.Timer renewal;
    private LeaseTime.Timer deadline;

    DatabaseLeaseView(DatabaseLeaseClusterService service, String namespace) {
        super(service, namespace);
        this.service = service;
        this.localMember = new Member(service.getId(), true);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leader.get() ? Optional.of(localMember) : otherLeader;
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return otherLeader.map(other -> List.of(localMember, other)).orElse(List.of(localMember));
    }

    @Override
    protected synchronized void doStart() {
        renewal = service.time().every(service.renewInterval(), this::renewOrAcquire);
    }

    @Override
    protected synchronized void doStop() {
        renewal.cancel();
        if (deadline != null) {
            deadline.cancel();
        }
        if (stepDown("stopping")) {
            try {
                service.leases().release(getNamespace(), localMember.getId(), service.time().now());
            } catch (Exception e) {
                LOG.warnf("Lease %s not released (%s); another instance takes it over when it expires",
                        getNamespace(), e.getMessage());
            }
        }
    }

    private synchronized void renewOrAcquire() {
        if (!isRunAllowed()) {
            return;
        }
        Instant now = service.time().now();
        try {
            LeaderLeases.Lease lease = service.leases().acquire(getNamespace(), localMember.getId(), now,
                    service.leaseDuration());
            if (lease.holder().equals(localMember.getId())) {
                otherLeader = Optional.empty();
                Instant renewedStepDownAt = lease.expiresAt().minus(service.renewInterval());
                stepDownAt = renewedStepDownAt;
                if (deadline != null) {
                    deadline.cancel();
                }
                deadline = service.time().at(renewedStepDownAt, () -> stepDownIfUnrenewed(renewedStepDownAt));
                // an answer that came after its own step-down time (a slow database, a long pause) leads no more
                if (service.time().now().isBefore(renewedStepDownAt) && leader.compareAndSet(false, true)) {
                    LOG.infof("Leading %s as %s", getNamespace(), localMember.getId());
                    fireLeadershipChangedEvent(Optional.of(localMember));
                }
                return;
            }
            otherLeader = Optional.of(new Member(lease.holder(), false));
            stepDown("taken over by " + lease.holder());
        } catch (Exception e) {
            LOG.warnf("Lease %s not renewed or acquired: %s", getNamespace(), e.getMessage());
        }
    }

    /** Not synchronized: a renewal that waits on the database never delays a step-down. */
    private void stepDownIfUnrenewed(Instant scheduledFor) {
        if (scheduledFor.equals(stepDownAt)) {
            stepDown("the lease was not renewed in time");
        }
    }

    /** True if this instance was leading. */
    private boolean stepDown(String why) {
        if (!leader.compareAndSet(true, false)) {
            return false;
        }
        LOG.infof("No longer leading %s: %s", getNamespace(), why);
        fireLeadershipChangedEvent(Optional.empty());
        return true;
    }

    private final class Member implements CamelClusterMember {
        private final String id;
        private final boolean local;

        Member(String id, boolean local) {
            this.id = id;
            this.local = local;
        }

        @Override
        public boolean isLeader() {
            return local ? leader.get() : otherLeader.filter(other -> other == this).isPresent();
        }

        @Override
        public boolean isLocal() {
            return local;
        }

        @Override
        public String getId() {
            return id;
        }
    }
}
