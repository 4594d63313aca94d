package org.greenhouse.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.events.*} setting. */
@ConfigMapping(prefix = "greenhouse.events")
public interface EventsConfig {

    /** Keys accepted in the X-Api-Key header (from a secret in production); none set refuses every request. */
    Optional<List<String>> apiKeys();

    /** Most events in one request. */
    int maxEvents();

    /** Larger request bodies are refused with 413 (by the HTTP server, before anything is read). */
    String maxBodySize();

    /**
     * Requests to POST /api/events whose body is read or handled at once (each holds up to max-body-size in
     * memory); more are answered 503 before their body is read.
     */
    int maxBodiesInFlight();

    /** Event fields tried in order for the Kinesis partition key; the first present one is used. */
    List<String> partitionKey();

    Kinesis kinesis();

    Delivery delivery();

    /** The Firehose role: the stream's records as gzip NDJSON objects in the archive's store. */
    interface Delivery {
        /** Whether the timer polls the stream; off where a real Firehose delivers. */
        boolean enabled();

        Duration period();

        /** An object is written once this much is waiting in a shard ... */
        long maxBytes();

        /** ... or once its oldest record is this old. */
        Duration maxAge();

        /**
         * Most GetRecords calls per shard in one cycle: a shard far behind (empty pages first, or a backlog)
         * goes on from there next cycle.
         */
        int maxReads();

        /** Key prefix; objects go under {prefix}/events/year=/month=/day=/hour=/. */
        String prefix();
    }

    interface Kinesis {
        String stream();

        Optional<String> region();

        /** A VPC endpoint, or a local emulator; unset on AWS. */
        Optional<String> endpointOverride();

        /** The endpoint is a local emulator (kinesalite): placeholder credentials, JSON instead of CBOR. */
        boolean emulator();

        /**
         * With {@link #emulator()}: when nothing answers at a local endpoint, the app starts kinesalite itself
         * ({@link LocalKinesis}).
         */
        boolean emulatorStart();

        /** Where kinesalite is installed (the npm prefix the build installs it into). */
        String emulatorDir();

        /** The Node.js executable that runs kinesalite. */
        String emulatorNode();

        /**
         * Retries of the records Kinesis did not take (failed entries, calls refused whole), with doubling delays;
         * also the first delay of the SDK's quick retries of a throttled call.
         */
        int putRetries();

        Duration putRetryDelay();

        /** One HTTP attempt of a PutRecords call (the SDK's apiCallAttemptTimeout). */
        Duration attemptTimeout();

        /** One PutRecords call with the SDK's retries of answers that stored nothing (apiCallTimeout). */
        Duration callTimeout();

        /** All of a request's puts, retries included: the client has its answer (202 or 503) within this. */
        Duration putBudget();

        /**
         * Requests putting into the stream at once; more are answered 503 at once. Below the HTTP worker threads,
         * so a hung Kinesis cannot take them all and health, metrics and other endpoints keep answering.
         */
        int maxPutsInFlight();

        /** What a 503 tells clients to wait before they try again. */
        Duration retryAfter();
    }
}
