package org.greenhouse.events;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Says at startup where events go, so nobody wonders why a laptop answers 503. */
@ApplicationScoped
public class EventsAtStartup {

    private static final Logger LOG = Logger.getLogger(EventsAtStartup.class);

    void report(@Observes StartupEvent started, EventsConfig config) {
        var kinesis = config.kinesis();
        String where = kinesis.endpointOverride().map(endpoint -> (kinesis.emulator() ? "the emulator at " : "")
                + endpoint).orElse("AWS");
        LOG.infof("Events: POST /api/events puts into Kinesis stream %s on %s%s; delivery to the archive store %s",
                kinesis.stream(), where, kinesis.emulator() ? " (503 until one runs there: see README)" : "",
                config.delivery().enabled() ? "every " + config.delivery().period().toSeconds() + " s" : "off");
    }
}
