package org.greenhouse.events;

import java.time.Duration;
import java.util.OptionalInt;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Says at startup where events go, so nobody wonders why a laptop answers 503, and stops the start on put
 * settings that cannot work, naming the setting.
 */
@ApplicationScoped
public class EventsAtStartup {

    private static final Logger LOG = Logger.getLogger(EventsAtStartup.class);

    void report(@Observes StartupEvent started, EventsConfig config, LocalKinesis local) {
        var kinesis = config.kinesis();
        check(kinesis, workerThreads());
        String where = local.endpoint().map(endpoint -> (local.started() ? "the app's own kinesalite at "
                : kinesis.emulator() ? "the emulator at " : "") + endpoint).orElse("AWS");
        LOG.infof("Events: POST /api/events puts into Kinesis stream %s on %s%s; delivery to the archive store %s",
                kinesis.stream(), where, local.missing().isPresent() ? " (503 until one runs there: see above)" : "",
                config.delivery().enabled() ? "every " + config.delivery().period().toSeconds() + " s" : "off");
    }

    /** The HTTP worker threads: quarkus.thread-pool.max-threads, else Quarkus's documented default. */
    private static int workerThreads() {
        OptionalInt set = ConfigProvider.getConfig().getOptionalValue("quarkus.thread-pool.max-threads", Integer.class)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        return set.orElse(Math.max(8 * Runtime.getRuntime().availableProcessors(), 200));
    }

    static void check(EventsConfig.Kinesis kinesis, int workerThreads) {
        positive("attempt-timeout", kinesis.attemptTimeout());
        positive("call-timeout", kinesis.callTimeout());
        positive("put-budget", kinesis.putBudget());
        if (kinesis.maxPutsInFlight() < 1 || kinesis.maxPutsInFlight() >= workerThreads) {
            throw new IllegalArgumentException("greenhouse.events.kinesis.max-puts-in-flight is "
                    + kinesis.maxPutsInFlight() + ": it must be at least 1 and below the " + workerThreads
                    + " HTTP worker threads (quarkus.thread-pool.max-threads), or a hung Kinesis holds them all");
        }
    }

    private static void positive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("greenhouse.events.kinesis." + setting + " is " + value
                    + ": it must be more than 0");
        }
    }
}
