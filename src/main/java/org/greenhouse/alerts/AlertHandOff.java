package org.greenhouse.alerts;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.runs.RunEnded;
import org.jboss.logging.Logger;

/**
 * Hands every run end ({@link RunEnded}, fired by RunLifecycle in the pipeline's own thread) to the alert route
 * through its bounded queue, {@value #QUEUE}. Nothing of the alerting may fail or hold up the run that ended:
 * a full queue, a stopped route or a route that fails is counted ({@code greenhouse.alerts.dropped}) and logged,
 * never thrown. With {@code greenhouse.alerts.hand-off-timeout} above zero (Lambda) the thread waits that long
 * at most for the route to have recorded and sent.
 */
@ApplicationScoped
public class AlertHandOff {

    static final String QUEUE = "seda:alerts";
    private static final Logger LOG = Logger.getLogger(AlertHandOff.class);

    private final ProducerTemplate camel;
    private final MeterRegistry metrics;
    private final String endpoint;

    @Inject
    public AlertHandOff(ProducerTemplate camel, MeterRegistry metrics, AlertsConfig config) {
        this(camel, metrics, config.handOffTimeout());
    }

    AlertHandOff(ProducerTemplate camel, MeterRegistry metrics, Duration wait) {
        this.camel = camel;
        this.metrics = metrics;
        this.endpoint = wait.isZero() ? QUEUE
                : QUEUE + "?waitForTaskToComplete=Always&timeout=" + wait.toMillis();
    }

    void onRunEnded(@Observes RunEnded run) {
        try {
            camel.sendBody(endpoint, run);
        } catch (RuntimeException e) {
            metrics.counter("greenhouse.alerts.dropped", "pipeline", run.pipeline()).increment();
            LOG.warnf("%s run end (%s) not taken in by the alert route: %s", run.pipeline(), run.result(),
                    AlertText.escape(String.valueOf(e.getMessage()), 300));
        }
    }
}
