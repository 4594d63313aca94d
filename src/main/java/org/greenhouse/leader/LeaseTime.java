package org.greenhouse.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time the database leases run on: the clock they are dated by, the renewals' timer and the step-down
 * timer. In the app it is real time ({@link #system()}); a test steps a time of its own across the renew,
 * step-down and expiry instants and checks who leads at each.
 */
interface LeaseTime {

    /** A scheduled task; cancelling it keeps it from running again. */
    interface Timer {
        void cancel();
    }

    Instant now();

    /** Runs the task now and then every period, one run at a time, until cancelled. */
    Timer every(Duration period, Runnable task);

    /** Runs the task at that instant (at once if it has passed), unless cancelled first. */
    Timer at(Instant when, Runnable task);

    void start();

    void stop();

    /** The system clock; renewals and step-downs on threads of their own. */
    static LeaseTime system() {
        return new SystemLeaseTime();
    }

    /**
     * Step-downs are not queued behind renewals, which wait on the database: a leader cut off from the database
     * steps down on time even while its renewal hangs.
     */
    final class SystemLeaseTime implements LeaseTime {
        private final Clock clock = Clock.systemUTC();
        private ScheduledExecutorService renewals;
        private ScheduledExecutorService deadlines;

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public Timer every(Duration period, Runnable task) {
            return cancelling(renewals.scheduleWithFixedDelay(task, 0, period.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public Timer at(Instant when, Runnable task) {
            long delay = Math.max(0, Duration.between(now(), when).toNanos());
            return cancelling(deadlines.schedule(task, delay, TimeUnit.NANOSECONDS));
        }

        @Override
        public void start() {
            renewals = thread("greenhouse-lease-renewal");
            deadlines = thread("greenhouse-lease-deadline");
        }

        @Override
        public void stop() {
            renewals.shutdownNow();
            deadlines.shutdownNow();
        }

        private static Timer cancelling(ScheduledFuture<?> future) {
            return () -> future.cancel(false);
        }

        private static ScheduledExecutorService thread(String name) {
            return Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }
}
