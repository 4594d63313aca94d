package org.greenhouse.events;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.greenhouse.archive.ArchiveStore;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Delivers the event stream, shard by shard, to gzip NDJSON objects in the archive's store. Each cycle reads
 * a shard from where its delivery stands (the stream is the buffer, so nothing waits in memory between
 * cycles) and writes an object once enough is waiting or the oldest record is old enough. The range is
 * recorded before its object is written and the shard's progress only after the object is confirmed:
 * after a crash the same range is written again under the same key (shard + first and last sequence
 * number), replacing instead of duplicating.
 */
@ApplicationScoped
@Named("eventDelivery")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class EventDelivery {

    private static final int PAGE = 1000;
    private static final Logger LOG = Logger.getLogger(EventDelivery.class);

    @Inject
    EventsConfig config;

    @Inject
    KinesisClient kinesis;

    @Inject
    ArchiveStore store;

    @Inject
    DeliveryProgress progress;

    /** Every shard of the stream, closed ones too (their last records still need delivering). */
    public List<String> shards() {
        List<String> shards = new ArrayList<>();
        var page = kinesis.listShards(list -> list.streamName(stream()));
        page.shards().stream().map(Shard::shardId).forEach(shards::add);
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(list -> list.nextToken(token));
            page.shards().stream().map(Shard::shardId).forEach(shards::add);
        }
        return shards;
    }

    /** One delivery step of one shard; returns how many records it delivered. */
    public int deliver(@Body String shardId) throws IOException, SQLException {
        DeliveryProgress.Shard shard = progress.load(stream(), shardId);
        if (shard.hasPending()) {
            List<Record> again = read(shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, shard.pendingFirstSeq(),
                    new BigInteger(shard.pendingLastSeq()), Long.MAX_VALUE).records;
            LOG.warnf("event delivery: %s range %s..%s delivered again under %s", shardId, shard.pendingFirstSeq(),
                    shard.pendingLastSeq(), shard.pendingKey());
            return write(shardId, again, shard.pendingKey());
        }
        Read read = shard.deliveredSeq() == null
                ? read(shardId, ShardIteratorType.TRIM_HORIZON, null, null, config.delivery().maxBytes())
                : read(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, shard.deliveredSeq(), null,
                        config.delivery().maxBytes());
        if (read.records.isEmpty()) {
            return 0;
        }
        Instant oldest = read.records.get(0).approximateArrivalTimestamp();
        boolean due = read.bytes >= config.delivery().maxBytes() || read.shardEnded
                || !oldest.plus(config.delivery().maxAge()).isAfter(Instant.now());
        if (!due) {
            return 0;
        }
        String first = read.records.get(0).sequenceNumber();
        String last = read.records.get(read.records.size() - 1).sequenceNumber();
        String key = key(shardId, oldest, first, last);
        progress.plan(stream(), shardId, first, last, key);
        return write(shardId, read.records, key);
    }

    private int write(String shardId, List<Record> records, String key) throws IOException, SQLException {
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
        progress.delivered(stream(), shardId, records.get(records.size() - 1).sequenceNumber());
        LOG.infof("event delivery: %d records of %s in %s/%s", records.size(), shardId, store.location(), key);
        return records.size();
    }

    private record Read(List<Record> records, long bytes, boolean shardEnded) {
    }

    /** Reads a shard from a position until {@code maxBytes}, {@code lastSeq}, or what the shard holds now. */
    private Read read(String shardId, ShardIteratorType type, String sequenceNumber, BigInteger lastSeq,
            long maxBytes) {
        String iterator = kinesis.getShardIterator(get -> get.streamName(stream()).shardId(shardId)
                .shardIteratorType(type).startingSequenceNumber(sequenceNumber)).shardIterator();
        List<Record> records = new ArrayList<>();
        long bytes = 0;
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = kinesis.getRecords(get -> get.shardIterator(current).limit(PAGE));
            for (Record record : page.records()) {
                if (lastSeq != null && new BigInteger(record.sequenceNumber()).compareTo(lastSeq) > 0) {
                    return new Read(records, bytes, false);
                }
                int size = record.data().asByteBuffer().remaining();
                if (!records.isEmpty() && bytes + size > maxBytes) {
                    return new Read(records, bytes, false);
                }
                records.add(record);
                bytes += size;
            }
            if (page.records().isEmpty() || Long.valueOf(0).equals(page.millisBehindLatest())) {
                // nothing more now; a closed shard has no next iterator
                return new Read(records, bytes, page.nextShardIterator() == null);
            }
            iterator = page.nextShardIterator();
        }
        return new Read(records, bytes, true);
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
