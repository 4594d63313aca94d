package org.greenhouse.leader;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.leader.*} setting: how replicas agree on one instance per singleton pipeline. */
@ConfigMapping(prefix = "greenhouse.leader")
public interface LeaderConfig {

    /** Where the leases are kept: the shared database, or Kubernetes Lease objects (in a cluster). */
    Election election();

    /** How long a lease lasts without renewal: how long a crashed leader's pipelines wait for a new one. */
    Duration leaseDuration();

    /** How often a leader renews its lease and the others try to take it over; at most half the duration. */
    Duration renewInterval();

    /**
     * This instance's name as lease holder. Unless set: with the database, host, process and a random suffix;
     * with Kubernetes, the pod's name (HOSTNAME), which must be one of the pods the selector finds.
     */
    Optional<String> memberId();

    Kubernetes kubernetes();

    enum Election {
        DATABASE, KUBERNETES
    }

    interface Kubernetes {

        /** The namespace of the Lease objects; the pod's own unless set. */
        Optional<String> namespace();

        /** The API server; the cluster's own (in a pod: the service account's) unless set. */
        Optional<String> masterUrl();

        /** Lease objects are named {@code <prefix>-<pipeline>}. */
        String leasePrefix();

        /** The app's pods, as {@code label=value,...}: only a running, ready one of them can lead. */
        String podSelector();
    }
}
