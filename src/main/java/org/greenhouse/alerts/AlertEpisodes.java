package org.greenhouse.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.greenhouse.alerts.EpisodePolicy.Decision;
import org.greenhouse.alerts.EpisodePolicy.Outcome;
import org.greenhouse.alerts.EpisodeStore.Stored;
import org.greenhouse.db.Database;
import org.greenhouse.runs.RunEnded;
import org.greenhouse.runs.RunLiveness;
import org.jboss.logging.Logger;

/**
 * Applies the {@link EpisodePolicy} to each outcome, with the episode kept in the app's database
 * ({@link EpisodeStore}): a restart neither alerts an episode again nor forgets its recovery, and since the
 * change is a compare-and-set on the row, one replica alone opens (and alerts) an episode, however many see
 * its failures at once. The alerts are written with the change, one per sink, for the alert route to send.
 *
 * <p>When the app's database itself is away (often the very failure to tell), the episode is decided in this
 * process alone and the alert sent from memory; the state is written once the database is back, unless another
 * replica changed the episode meanwhile. During such an outage each replica may alert once.
 */
@ApplicationScoped
@Named("alertEpisodes")
@RegisterForReflection // called by name from routes/alerts.yaml, also in a native image
public class AlertEpisodes {

    public static final String PIPELINE = "pipeline:";
    private static final Logger LOG = Logger.getLogger(AlertEpisodes.class);
    private static final int CONFLICTS_BEFORE_GIVING_UP = 10;

    /** What one outcome did, for the route's log and the tests. */
    public record Recorded(String key, Decision decision, int failures, boolean stored, List<String> sinks) {
        @Override
        public String toString() {
            return key + ": " + decision + " (" + failures + " failure(s) in the episode"
                    + (decision.notifies() ? "; alert to " + (sinks.isEmpty() ? "the log only" : sinks) : "")
                    + (stored ? "" : "; decided in this process alone, the app database is unreachable") + ")";
        }
    }

    /** A state decided while the database was away, and the revision it was based on (-1: not known). */
    private record Unrecorded(EpisodeState state, long basedOn) {
    }

    private final Database database;
    private final EpisodeStore store;
    private final List<String> sinks;
    private final String subjectPrefix;
    private final AlertDeliveries deliveries;
    private final MeterRegistry metrics;
    private final String owner;
    private final Clock clock;
    private final Map<String, Unrecorded> unrecorded = new HashMap<>();
    private final Map<String, Stored> lastKnown = new HashMap<>();

    @Inject
    public AlertEpisodes(Database database, AlertSinks sinks, AlertsConfig config, AlertDeliveries deliveries,
            MeterRegistry metrics, RunLiveness liveness) {
        this(database, new EpisodeStore(), sinks.active(), config.subjectPrefix(), deliveries, metrics,
                liveness.owner(), Clock.systemUTC());
    }

    /** Another replica's alert service, in tests: its own database pool and store on the same database. */
    AlertEpisodes(Database database, EpisodeStore store, List<String> sinks, String subjectPrefix,
            AlertDeliveries deliveries, MeterRegistry metrics, String owner, Clock clock) {
        this.database = database;
        this.store = store;
        this.sinks = List.copyOf(sinks);
        this.subjectPrefix = subjectPrefix;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.owner = owner;
        this.clock = clock;
    }

    /** A pipeline run ended (the body of seda:alerts). */
    public Recorded onRunEnded(RunEnded run) {
        return record(PIPELINE + run.pipeline(), run.pipeline(), Observation.of(run));
    }

    /** Applies one outcome of {@code key}, a pipeline ({@code subject} names it in the alert's words). */
    public Recorded record(String key, String subject, Observation seen) {
        return record(key, subject, seen, AlertText.PIPELINE, sinks, null);
    }

    /**
     * Whether a key under {@code prefix} has an outcome that may change something: its episode is stored as
     * failing, or was decided in this process alone and is not recorded yet; every key may when the store cannot
     * be read (then each goes through {@link #record}). One read for many keys: a key it rules out that is seen
     * healthy stays healthy ({@link #healthy}) without reading its row again.
     */
    public synchronized Predicate<String> mayChange(String prefix) {
        Map<String, Stored> stored;
        try (Connection connection = database.connection()) {
            stored = store.readAll(connection, prefix);
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("episodes under %s not readable at once (%s): each is read on its own", prefix, e.getMessage());
            return key -> true;
        }
        lastKnown.putAll(stored);
        Set<String> keys = new HashSet<>();
        stored.forEach((key, episode) -> {
            if (episode.state().failing()) {
                keys.add(key);
            }
        });
        unrecorded.keySet().stream().filter(key -> key.startsWith(prefix)).forEach(keys::add);
        return keys::contains;
    }

    /** A healthy outcome of a key that {@link #mayChange} rules out: nothing to change, nothing to send. */
    public synchronized Recorded healthy(String key, List<String> to) {
        Stored known = lastKnown.get(key);
        return counted(key, new Outcome(Decision.HEALTHY, known == null ? EpisodeState.NEVER_FAILED : known.state()),
                true, to);
    }

    /** The sinks active in this app (those a plant alert may go to are among them). */
    public List<String> sinks() {
        return sinks;
    }

    /**
     * Applies one outcome of {@code key}, its alerts worded by {@code words} and sent to {@code to} (each an active
     * sink), to {@code recipient} (null: each sink's configured recipients).
     */
    public synchronized Recorded record(String key, String subject, Observation seen, AlertText.Words words,
            List<String> to, String recipient) {
        for (int attempt = 1; attempt <= CONFLICTS_BEFORE_GIVING_UP; attempt++) {
            Stored stored;
            try (Connection connection = database.connection()) {
                stored = store.read(connection, key);
            } catch (SQLException | RuntimeException e) {
                return decideAlone(key, subject, seen, e, words, to, recipient);
            }
            lastKnown.put(key, stored);
            Unrecorded pending = unrecorded.get(key);
            boolean pendingHolds = pending != null && (pending.basedOn() == stored.revision()
                    || (pending.basedOn() < 0 && !stored.state().failing()));
            EpisodeState current = pendingHolds ? pending.state() : stored.state();
            Outcome outcome = EpisodePolicy.decide(current, seen);
            if (!outcome.decision().changes() && !pendingHolds) {
                unrecorded.remove(key);
                return counted(key, outcome, true, to);
            }
            Instant now = clock.instant();
            List<AlertDelivery> alerts = alerts(key, subject, outcome, current, seen, now, true, words, to, recipient);
            boolean written;
            try {
                written = database.inTransaction(connection -> {
                    if (!store.write(connection, key, stored.revision(), outcome.next())) {
                        return false;
                    }
                    for (AlertDelivery alert : alerts) {
                        store.enqueue(connection, key, alert.kind(), alert.sink(), alert.subject(), alert.text(),
                                alert.recipient(), now);
                    }
                    return true;
                });
            } catch (SQLException | RuntimeException e) {
                return decideAlone(key, subject, seen, e, words, to, recipient);
            }
            if (written) {
                unrecorded.remove(key);
                lastKnown.put(key, new Stored(outcome.next(), stored.revision() + 1));
                return counted(key, outcome, true, to);
            }
            LOG.debugf("%s: changed by another replica since read, deciding again", key);
        }
        throw new IllegalStateException(key + ": the episode changed under every one of "
                + CONFLICTS_BEFORE_GIVING_UP + " attempts to record an outcome");
    }

    private Recorded decideAlone(String key, String subject, Observation seen, Exception cause, AlertText.Words words,
            List<String> to, String recipient) {
        Unrecorded pending = unrecorded.get(key);
        Stored known = lastKnown.get(key);
        EpisodeState current = pending != null ? pending.state() : known != null ? known.state() : EpisodeState.NEVER_FAILED;
        long basedOn = pending != null ? pending.basedOn() : known != null ? known.revision() : -1;
        Outcome outcome = EpisodePolicy.decide(current, seen);
        if (outcome.decision().changes()) {
            unrecorded.put(key, new Unrecorded(outcome.next(), basedOn));
        }
        LOG.warnf("%s: alert state not readable or writable (%s); deciding in this process alone", key,
                AlertText.escape(cause.getMessage(), 300));
        metrics.counter("greenhouse.alerts.unrecorded", "key", key).increment();
        alerts(key, subject, outcome, current, seen, clock.instant(), false, words, to, recipient)
                .forEach(deliveries::hold);
        return counted(key, outcome, false, to);
    }

    private List<AlertDelivery> alerts(String key, String subject, Outcome outcome, EpisodeState current,
            Observation seen, Instant now, boolean stored, AlertText.Words words, List<String> to, String recipient) {
        if (!outcome.decision().notifies()) {
            return List.of();
        }
        EpisodeState episode = outcome.decision() == Decision.OPENED ? outcome.next() : current;
        var notice = new AlertText.Notice(subject, outcome.decision(), episode, seen.at());
        String text = words.body(notice) + (stored ? "" : "\nDecided by " + owner + " alone: the app's database "
                + "was unreachable, so other replicas may send this alert too, and the episode is recorded once "
                + "the database is back.\n");
        String title = words.subject(subjectPrefix, notice);
        return to.stream()
                .map(sink -> new AlertDelivery(null, key, outcome.decision().name(), sink, title, text, now, 0,
                        recipient))
                .toList();
    }

    private Recorded counted(String key, Outcome outcome, boolean stored, List<String> to) {
        metrics.counter("greenhouse.alerts.decisions", "key", key, "decision", outcome.decision().name()).increment();
        Recorded recorded = new Recorded(key, outcome.decision(), outcome.next().failures(), stored, to);
        if (outcome.decision() == Decision.HEALTHY) {
            LOG.debugf("alert %s", recorded);
        } else {
            LOG.infof("alert %s", recorded);
        }
        return recorded;
    }
}
