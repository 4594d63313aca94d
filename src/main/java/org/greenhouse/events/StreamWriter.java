package org.greenhouse.events;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The one step that puts records into the event stream, for every route that does ({@code events-ingest},
 * {@code batch-extract}): the pending records of the body ({@link StreamPut}) in PutRecords calls within
 * Kinesis's limits, each call bounded in time. It never sends a record again that Kinesis may have stored:
 * records of failed entries and of calls Kinesis refused whole stay pending for the route's retry; a call that
 * timed out ends the put.
 */
@ApplicationScoped
@Named("streamWriter")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class StreamWriter {

    private final KinesisClient kinesis;
    private final String stream;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final Clock clock;

    @Inject
    public StreamWriter(EventsConfig config, @KinesisClients.ForPuts KinesisClient kinesis) {
        this(kinesis, config.kinesis().stream(), config.kinesis().attemptTimeout(), config.kinesis().callTimeout(),
                Clock.systemUTC());
    }

    StreamWriter(KinesisClient kinesis, String stream, Duration attemptTimeout, Duration callTimeout, Clock clock) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.attemptTimeout = attemptTimeout;
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    /**
     * Puts the pending records and updates the body: what Kinesis took is no longer pending.
     *
     * @throws PartialPutException        some records are not in the stream, and certainly not: the route retries
     *                                    them
     * @throws StreamUnavailableException a call timed out or broke after it was sent (its records may be in the
     *                                    stream), or the put's time is spent: not to be retried
     */
    public void put(StreamPut put) {
        List<List<StreamRecord>> batches = RecordBatches.of(put.pending());
        List<StreamRecord> notTaken = new ArrayList<>();
        Set<String> errors = new TreeSet<>();
        for (int b = 0; b < batches.size(); b++) {
            List<StreamRecord> batch = batches.get(b);
            PutRecordsResponse response;
            try {
                response = kinesis.putRecords(request(batch, timeLeft(put)));
            } catch (SdkException | StreamUnavailableException failure) {
                List<StreamRecord> pending = new ArrayList<>(notTaken);
                batches.subList(b, batches.size()).forEach(pending::addAll);
                put.stillPending(pending);
                throw failed(put, batch, failure);
            }
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    notTaken.add(batch.get(i));
                    errors.add(results.get(i).errorCode());
                }
            }
        }
        put.stillPending(notTaken);
        if (!notTaken.isEmpty()) {
            throw new PartialPutException(notTaken.size() + " of " + put.records().size()
                    + " records not taken by Kinesis: " + errors);
        }
    }

    /** How long the next call may take: the call timeout, or less when the put's deadline is nearer. */
    private Duration timeLeft(StreamPut put) {
        Duration left = put.deadline().map(deadline -> Duration.between(clock.instant(), deadline)).orElse(callTimeout);
        if (left.isNegative() || left.isZero()) {
            throw new StreamUnavailableException("the put's time is spent", null);
        }
        return left.compareTo(callTimeout) < 0 ? left : callTimeout;
    }

    private PutRecordsRequest request(List<StreamRecord> batch, Duration timeout) {
        Duration attempt = timeout.compareTo(attemptTimeout) < 0 ? timeout : attemptTimeout;
        return PutRecordsRequest.builder().streamName(stream)
                .records(batch.stream().map(record -> PutRecordsRequestEntry.builder()
                        .partitionKey(record.partitionKey()).data(SdkBytes.fromByteArray(record.data())).build()).toList())
                .overrideConfiguration(call -> call.apiCallTimeout(timeout).apiCallAttemptTimeout(attempt))
                .build();
    }

    private static RuntimeException failed(StreamPut put, List<StreamRecord> batch, RuntimeException failure) {
        String pending = put.pending().size() + " of " + put.records().size() + " records not in the stream";
        if (failure instanceof StreamUnavailableException) {
            return new StreamUnavailableException(pending + ": " + failure.getMessage(), null);
        }
        if (KinesisFailures.nothingStored(failure)) {
            return new PartialPutException(pending + ": a PutRecords call failed, nothing of it stored ("
                    + failure.getMessage() + ")", failure);
        }
        return new StreamUnavailableException(pending + ": a PutRecords call of " + batch.size()
                + " records timed out or broke after it was sent, so they may be in the stream; not sent again ("
                + failure.getMessage() + ")", failure);
    }
}
