package org.greenhouse.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.greenhouse.archive.ArchiveStore;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLifecycle;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Delivers the event stream, shard by shard, to gzip NDJSON objects in the archive's store. Each shard is
 * read on from where the last cycle stopped (a {@link ShardReader} in memory: each record is read from the
 * stream once), and an object is written once {@code max-bytes} wait or the oldest record is {@code max-age}
 * old. The stream stays the durable buffer: the database keeps per shard only what is delivered, and a
 * restarted process reads what waited in memory again. The range is recorded before its object is written
 * and the shard's progress only after the object is confirmed: after a crash the same range is written
 * again under the same key (shard + first and last sequence number), replacing instead of duplicating.
 */
@ApplicationScoped
@Named("eventDelivery")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class EventDelivery {

    static final String PIPELINE = "events-deliver";
    /** The cycle in progress, in an exchange property of the events-deliver route. */
    static final String CYCLE = "eventsDeliveryCycle";
    private static final Logger LOG = Logger.getLogger(EventDelivery.class);

    @Inject
    EventsConfig config;

    @Inject
    KinesisClient kinesis;

    @Inject
    ArchiveStore store;

    @Inject
    DeliveryProgress progress;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    MeterRegistry metrics;

    private final ConcurrentMap<String, ShardReader> readers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> behind = new ConcurrentHashMap<>();
    private volatile Clock clock = Clock.systemUTC();

    /** What one cycle did, shard by shard; lives in the {@value #CYCLE} exchange property. */
    static final class Cycle {
        final PipelineRun run;
        final AtomicLong records = new AtomicLong();
        final AtomicInteger objects = new AtomicInteger();
        final AtomicInteger losses = new AtomicInteger();
        final Map<String, String> failed = new ConcurrentHashMap<>();
        int shards;

        Cycle(PipelineRun run) {
            this.run = run;
        }
    }

    /** What a cycle reports to its caller (a Lambda's answer) and the log. */
    @RegisterForReflection // serialized by Jackson (Lambda answer), also in a native image
    public record Report(int shards, long records, int objects, int losses, Duration duration) {
        @Override
        public String toString() {
            return records + " records of " + shards + " shards in " + objects + " objects, " + losses
                    + " ranges lost, in " + duration.toMillis() + " ms";
        }
    }

    /** A cycle failed because some shards did; the others were delivered. */
    public static final class ShardsFailedException extends RuntimeException {
        ShardsFailedException(Map<String, String> failed) {
            super(failed.size() + " shard(s) not delivered this cycle, retried next cycle: " + failed);
        }
    }

    /** Refuses bad settings at startup; static, so that the bean (and the store it needs) is not created then. */
    static void checkSettings(@Observes StartupEvent started, EventsConfig config) {
        var delivery = config.delivery();
        if (delivery.maxReads() < 1) {
            throw new IllegalArgumentException("greenhouse.events.delivery.max-reads must be at least 1, not "
                    + delivery.maxReads());
        }
        if (delivery.maxBytes() < 1) {
            throw new IllegalArgumentException("greenhouse.events.delivery.max-bytes must be at least 1, not "
                    + delivery.maxBytes());
        }
    }

    /** Tests move the delivery's time (the age of what waits) instead of waiting. */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    /** Drops what only this process holds between cycles (iterators, records read ahead), as a restart does. */
    void forgetReadAhead() {
        readers.clear();
    }

    /**
     * Opens a cycle (one at a time in this process: the readers are per process) and returns every shard of
     * the stream, closed ones too (their last records still need delivering).
     */
    public List<String> begin(Exchange exchange) {
        Cycle cycle = new Cycle(lifecycle.begin(PIPELINE));
        exchange.setProperty(CYCLE, cycle);
        List<String> shards = new ArrayList<>();
        var page = kinesis.listShards(list -> list.streamName(stream()));
        page.shards().stream().map(Shard::shardId).forEach(shards::add);
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(list -> list.nextToken(token));
            page.shards().stream().map(Shard::shardId).forEach(shards::add);
        }
        cycle.shards = shards.size();
        readers.keySet().retainAll(shards); // shards gone from the stream (closed, then past its retention)
        return shards;
    }

    /**
     * One cycle of one shard: completes a range left pending by a crash, reads on (at most {@code max-reads}
     * pages), and writes every object that is due.
     */
    public void deliver(@Body String shardId, @ExchangeProperty(CYCLE) Cycle cycle) throws IOException, SQLException {
        while (true) {
            DeliveryProgress.Shard position = progress.load(stream(), shardId);
            ShardReader reader = readers.get(shardId);
            if (reader == null || !reader.continuesFrom(position.deliveredSeq())) {
                reader = new ShardReader(kinesis, stream(), shardId, position.deliveredSeq());
                readers.put(shardId, reader);
            }
            try {
                if (!deliver(reader, position, cycle)) {
                    readers.remove(shardId);
                }
                if (reader.millisBehindLatest() >= 0) {
                    behind.computeIfAbsent(shardId, id -> metrics.gauge("greenhouse.events.delivery.millis-behind",
                            Tags.of("shard", id), new AtomicLong())).set(reader.millisBehindLatest());
                }
                return;
            } catch (ShardReader.PositionGoneException gone) {
                // never twice in a row: the oldest record's position cannot be gone
                readers.remove(shardId);
                if (!restartFromOldest(shardId, position, gone, cycle)) {
                    return;
                }
            } catch (IOException | SQLException | RuntimeException e) {
                readers.remove(shardId); // what it read may or may not be delivered: the database says
                throw e;
            }
        }
    }

    /** Returns false when another deliverer moved the shard meanwhile (this reader is then out of date). */
    private boolean deliver(ShardReader reader, DeliveryProgress.Shard position, Cycle cycle)
            throws IOException, SQLException {
        var settings = config.delivery();
        boolean more = !reader.ended();
        boolean pending = position.hasPending();
        for (int reads = 0;; reads++) {
            if (pending && (!more || reader.buffer.holdsAfter(position.pendingLastSeq()))) {
                if (!completePending(reader, position, cycle)) {
                    return false;
                }
                pending = false;
            }
            if (!pending) {
                for (List<Record> full = reader.buffer.takeFull(settings.maxBytes()); !full.isEmpty();
                        full = reader.buffer.takeFull(settings.maxBytes())) {
                    if (!write(reader, full, cycle)) {
                        return false;
                    }
                }
            }
            if (!more || reads == settings.maxReads()) {
                break;
            }
            more = reader.read();
        }
        while (!pending && !reader.buffer.isEmpty() && (reader.ended()
                || ShardBuffer.oldEnough(reader.buffer.oldestArrival(), settings.maxAge(), clock.instant()))) {
            if (!write(reader, reader.buffer.takeUpTo(settings.maxBytes()), cycle)) {
                return false;
            }
        }
        return true;
    }

    /** Plans, writes and confirms one object, then records the shard's progress. */
    private boolean write(ShardReader reader, List<Record> records, Cycle cycle) throws IOException, SQLException {
        String shardId = reader.shardId();
        String first = records.get(0).sequenceNumber();
        String last = records.get(records.size() - 1).sequenceNumber();
        String key = key(shardId, records.get(0).approximateArrivalTimestamp(), first, last);
        if (!progress.plan(stream(), shardId, reader.delivered(), first, last, key, records.size())) {
            LOG.warnf("event delivery: %s was delivered by another process meanwhile; this one stops", shardId);
            return false;
        }
        return store(reader, records, key, cycle);
    }

    private boolean store(ShardReader reader, List<Record> records, String key, Cycle cycle)
            throws IOException, SQLException {
        String last = records.get(records.size() - 1).sequenceNumber();
        storeObject(key, records);
        if (!progress.delivered(stream(), reader.shardId(), key, last)) {
            LOG.warnf("event delivery: %s range under %s was taken over by another process", reader.shardId(), key);
            return false;
        }
        reader.delivered(last);
        counted(reader.shardId(), records.size(), key, cycle);
        return true;
    }

    private void counted(String shardId, int records, String key, Cycle cycle) {
        cycle.records.addAndGet(records);
        cycle.objects.incrementAndGet();
        metrics.counter("greenhouse.events.delivery.records").increment(records);
        metrics.counter("greenhouse.events.delivery.objects").increment();
        LOG.infof("event delivery: %d records of %s in %s/%s", records, shardId, store.location(), key);
    }

    /**
     * A range planned before a crash: written again under its key from what the stream still holds. Records
     * retention trimmed meanwhile are reported as lost, unless the crashed attempt had stored them all.
     */
    private boolean completePending(ShardReader reader, DeliveryProgress.Shard position, Cycle cycle)
            throws IOException, SQLException {
        String shardId = reader.shardId();
        String key = position.pendingKey();
        List<Record> range = reader.buffer.takeThrough(position.pendingLastSeq());
        boolean whole = position.pendingCount() == null
                ? !range.isEmpty() && range.get(0).sequenceNumber().equals(position.pendingFirstSeq())
                : range.size() == position.pendingCount();
        if (whole) {
            LOG.warnf("event delivery: %s range %s..%s delivered again under %s", shardId, position.pendingFirstSeq(),
                    position.pendingLastSeq(), key);
            return store(reader, range, key, cycle);
        }
        if (position.pendingCount() != null && storedWhole(key, position.pendingCount())) {
            LOG.warnf("event delivery: %s range under %s was stored whole before the crash", shardId, key);
            if (!progress.delivered(stream(), shardId, key, position.pendingLastSeq())) {
                return false;
            }
            reader.delivered(position.pendingLastSeq());
            return true;
        }
        Integer lost = position.pendingCount() == null ? null : position.pendingCount() - range.size();
        var loss = new DeliveryProgress.Loss(position.deliveredSeq(), position.pendingFirstSeq(),
                position.pendingLastSeq(), lost, (lost == null ? "some" : lost) + " of the records planned under "
                        + key + " were no longer in the stream (trimmed by its retention) when written again"
                        + (range.isEmpty() ? "" : "; the " + range.size() + " left are in that object"));
        if (!range.isEmpty()) {
            storeObject(key, range);
        }
        if (!progress.deliveredWithLoss(stream(), shardId, key, position.pendingLastSeq(), loss)) {
            return false;
        }
        reader.delivered(position.pendingLastSeq());
        if (!range.isEmpty()) {
            counted(shardId, range.size(), key, cycle);
        }
        reported(shardId, loss, cycle);
        return true;
    }

    /** The stream no longer holds the shard's position: report the gap and start again from its oldest record. */
    private boolean restartFromOldest(String shardId, DeliveryProgress.Shard position,
            ShardReader.PositionGoneException gone, Cycle cycle) throws SQLException {
        var loss = new DeliveryProgress.Loss(position.deliveredSeq(), position.pendingFirstSeq(),
                position.pendingLastSeq(), null, "records after " + position.deliveredSeq()
                        + " not yet delivered, if any, are lost; delivery starts again from the oldest record the "
                        + "shard holds: " + gone.getMessage());
        if (!progress.restartFromOldest(stream(), shardId, position.deliveredSeq(), loss)) {
            return false;
        }
        reported(shardId, loss, cycle);
        return true;
    }

    private void reported(String shardId, DeliveryProgress.Loss loss, Cycle cycle) {
        cycle.losses.incrementAndGet();
        metrics.counter("greenhouse.events.delivery.losses").increment();
        LOG.errorf("event delivery: %s lost %s records after %s (%s..%s): %s", shardId,
                loss.records() == null ? "an unknown number of" : loss.records(), loss.afterSeq(), loss.firstSeq(),
                loss.lastSeq(), loss.reason());
    }

    /** Whether the object under the key is a readable gzip NDJSON of {@code records} lines. */
    private boolean storedWhole(String key, int records) {
        try {
            if (store.size(key).isEmpty()) {
                return false;
            }
            Path file = Files.createTempFile("events-", ".ndjson.gz");
            try {
                store.get(key, file);
                long lines = 0;
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        lines += b == '\n' ? 1 : 0;
                    }
                }
                return lines == records;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void storeObject(String key, List<Record> records) throws IOException {
        Path file = Files.createTempFile("events-", ".ndjson.gz");
        try {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                for (Record record : records) {
                    out.write(record.data().asByteArray());
                    out.write('\n');
                }
            }
            store.putConfirmed(key, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A shard failed this cycle: reported, and read again next cycle from where its delivery stands. */
    public void shardFailed(@Body String shardId, @ExchangeProperty(CYCLE) Cycle cycle, Exchange exchange) {
        String error = RunLifecycle.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        cycle.failed.put(shardId, error);
        metrics.counter("greenhouse.events.delivery.shard.failures", "shard", shardId).increment();
        LOG.errorf("event delivery: %s not delivered this cycle, retried next cycle: %s", shardId, error);
    }

    /** Ends the cycle: its report, or a failure naming the shards that failed (the others are delivered). */
    public Report end(@ExchangeProperty(CYCLE) Cycle cycle) {
        if (!cycle.failed.isEmpty()) {
            throw new ShardsFailedException(cycle.failed);
        }
        Duration duration = lifecycle.succeeded(cycle.run);
        return new Report(cycle.shards, cycle.records.get(), cycle.objects.get(), cycle.losses.get(), duration);
    }

    /** The cycle failed (the stream could not be listed, or shards failed): recorded once. */
    public void fail(@ExchangeProperty(CYCLE) Cycle cycle, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cycle == null) {
            LOG.errorf("events-deliver cycle could not start: %s", RunLifecycle.describe(cause));
            return;
        }
        if (lifecycle.failed(cycle.run, cause) != null) {
            LOG.errorf("events-deliver cycle failed after %d records in %d objects: %s", cycle.records.get(),
                    cycle.objects.get(), RunLifecycle.describe(cause));
        }
    }

    private String key(String shardId, Instant oldest, String first, String last) {
        ZonedDateTime utc = oldest.atZone(ZoneOffset.UTC);
        String prefix = config.delivery().prefix().replaceAll("^/+|/+$", "");
        return (prefix.isEmpty() ? "" : prefix + "/") + "events/year=%04d/month=%02d/day=%02d/hour=%02d/%s-%s-%s.ndjson.gz"
                .formatted(utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), shardId, first, last);
    }

    private String stream() {
        return config.kinesis().stream();
    }
}
