package org.greenhouse.events.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.greenhouse.archive.ArchiveConfig;
import org.greenhouse.archive.ArchiveStore;
import org.greenhouse.events.EventsConfig;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLifecycle;
import org.jboss.logging.Logger;

/**
 * The steps of routes/events-process.yaml: the raw objects without a manifest, each processed into the zone's
 * tables ({@link EventsZone}), one that fails reported and left for the next cycle, the cycle's report.
 */
@ApplicationScoped
@Named("eventsProcess")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class EventsProcess {

    static final String PIPELINE = "events-process";
    /** The cycle in progress, in an exchange property of the events-process route. */
    static final String CYCLE = "eventsProcessCycle";
    private static final Logger LOG = Logger.getLogger(EventsProcess.class);

    @Inject
    EventsProcessConfig config;

    @Inject
    EventsConfig events;

    @Inject
    ArchiveConfig archive;

    @Inject
    ArchiveStore store;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    MeterRegistry metrics;

    /** What one cycle did; lives in the {@value #CYCLE} exchange property. */
    static final class Cycle {
        final PipelineRun run;
        final Map<String, Long> rows = new TreeMap<>();
        final Map<String, String> failed = new ConcurrentHashMap<>();
        long rejects;
        int objects;
        int pending;

        Cycle(PipelineRun run) {
            this.run = run;
        }
    }

    /** What a cycle reports to its caller (a Lambda's answer) and the log. */
    @RegisterForReflection // serialized by Jackson (Lambda answer), also in a native image
    public record Report(int pending, int objects, Map<String, Long> rows, long rejects, Duration duration) {
        @Override
        public String toString() {
            return objects + " of " + pending + " raw objects processed: " + rows + ", " + rejects
                    + " lines rejected, in " + duration.toMillis() + " ms";
        }
    }

    /** A cycle failed because some raw objects did; the others are processed. */
    public static final class ObjectsFailedException extends RuntimeException {
        ObjectsFailedException(Map<String, String> failed) {
            super(failed.size() + " raw object(s) not processed this cycle, tried again next cycle: " + failed);
        }
    }

    /** Refuses a bad setting at startup; static, so the bean (and the store it needs) is not created then. */
    static void checkSettings(@Observes StartupEvent started, EventsProcessConfig config) {
        if (config.maxObjects() < 1) {
            throw new IllegalArgumentException("greenhouse.events.process.max-objects must be at least 1, not "
                    + config.maxObjects());
        }
    }

    /** Opens a cycle and returns the raw objects still to process, oldest first. */
    public List<String> begin(Exchange exchange) throws IOException {
        Cycle cycle = new Cycle(lifecycle.begin(PIPELINE));
        exchange.setProperty(CYCLE, cycle);
        List<String> pending = zone().pending(config.maxObjects());
        cycle.pending = pending.size();
        return pending;
    }

    /** One raw object into the zone (nothing when another process did it meanwhile). */
    public void process(@Body String rawKey, @ExchangeProperty(CYCLE) Cycle cycle) throws IOException {
        var done = zone().process(rawKey);
        if (done.isEmpty()) {
            return;
        }
        EventsZone.Manifest manifest = done.get();
        synchronized (cycle) {
            cycle.objects++;
            cycle.rejects += manifest.rejects();
            manifest.rows().forEach((table, rows) -> cycle.rows.merge(table, rows, Long::sum));
        }
        manifest.rows().forEach((table, rows) -> metrics.counter("greenhouse.events.process.rows", "table", table)
                .increment(rows));
        metrics.counter("greenhouse.events.process.rejects").increment(manifest.rejects());
        metrics.counter("greenhouse.events.process.objects").increment();
        if (manifest.rejects() > 0) {
            LOG.warnf("events-process: %d of %d lines of %s rejected (table events_reject says why)",
                    manifest.rejects(), manifest.lines(), rawKey);
        }
    }

    /** A raw object failed this cycle: reported; it has no manifest, so the next cycle processes it again. */
    public void objectFailed(@Body String rawKey, @ExchangeProperty(CYCLE) Cycle cycle, Exchange exchange) {
        String error = RunLifecycle.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        cycle.failed.put(rawKey, error);
        metrics.counter("greenhouse.events.process.object.failures").increment();
        LOG.errorf("events-process: %s not processed this cycle, tried again next cycle: %s", rawKey, error);
    }

    /** Ends the cycle: its report, or a failure naming the raw objects that failed. */
    public Report end(@ExchangeProperty(CYCLE) Cycle cycle) {
        if (!cycle.failed.isEmpty()) {
            throw new ObjectsFailedException(cycle.failed);
        }
        Duration duration = lifecycle.succeeded(cycle.run);
        return new Report(cycle.pending, cycle.objects, Map.copyOf(cycle.rows), cycle.rejects, duration);
    }

    /** The cycle failed (the store could not be listed, or objects failed): recorded once. */
    public void fail(@ExchangeProperty(CYCLE) Cycle cycle, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cycle == null) {
            LOG.errorf("events-process cycle could not start: %s", RunLifecycle.describe(cause));
            return;
        }
        if (lifecycle.failed(cycle.run, cause) != null) {
            LOG.errorf("events-process cycle failed after %d raw objects: %s", cycle.objects,
                    RunLifecycle.describe(cause));
        }
    }

    private EventsZone zone() throws IOException {
        Path work = archive.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        return new EventsZone(store, events.delivery().prefix(), archive.prefix(), Files.createDirectories(work));
    }
}
