package org.greenhouse.alerts;

import static org.greenhouse.db.Sql.instant;
import static org.greenhouse.db.Sql.truncate;
import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.greenhouse.db.Database;
import org.greenhouse.runs.RunLifecycle;
import org.greenhouse.runs.RunLiveness;
import org.jboss.logging.Logger;

/**
 * The alerts waiting to be sent, for the alert route: those in {@code alert_delivery} whose time has come
 * (claimed one by one, so two replicas never send the same alert at once), and those decided while the
 * database was away, held in memory. A sink that refuses an alert leaves it waiting for another try after
 * {@code greenhouse.alerts.delivery.retry-interval}, with its error recorded, until it is older than
 * {@code give-up-after}: then it is ABANDONED and logged as an error.
 */
@ApplicationScoped
@Named("alertDeliveries")
@RegisterForReflection // called by name from routes/alerts.yaml, also in a native image
public class AlertDeliveries {

    /** The exchange property that keeps the delivery while its body is the alert's text. */
    public static final String DELIVERY = "alertDelivery";
    private static final Logger LOG = Logger.getLogger(AlertDeliveries.class);
    static final int HELD_LIMIT = 100;

    private final Database database;
    private final Duration retryInterval;
    private final Duration giveUpAfter;
    private final Duration claim;
    private final String owner;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Deque<Held> held = new ArrayDeque<>();

    private record Held(AlertDelivery delivery, Instant due) {
    }

    @Inject
    public AlertDeliveries(Database database, AlertsConfig config, MeterRegistry metrics, RunLiveness liveness) {
        this(database, config.delivery().retryInterval(), config.delivery().giveUpAfter(), liveness.owner(), metrics,
                Clock.systemUTC());
    }

    AlertDeliveries(Database database, Duration retryInterval, Duration giveUpAfter, String owner,
            MeterRegistry metrics, Clock clock) {
        this.database = database;
        this.retryInterval = retryInterval;
        this.giveUpAfter = giveUpAfter;
        // long enough for a send with its timeouts; a sender that died with a claim leaves it to others after it
        this.claim = Duration.ofMinutes(2);
        this.owner = owner;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Keeps an alert that could not be written to the database, to be sent from memory. */
    synchronized void hold(AlertDelivery delivery) {
        if (held.size() >= HELD_LIMIT) {
            Held dropped = held.removeFirst();
            LOG.errorf("alert dropped, more than %d held while the app database is away: %s: %s", HELD_LIMIT,
                    dropped.delivery(), dropped.delivery().subject());
            metrics.counter("greenhouse.alerts.deliveries", "sink", dropped.delivery().sink(), "result", "abandoned")
                    .increment();
        }
        held.addLast(new Held(delivery, delivery.createdAt()));
    }

    /** The alerts to send now, oldest first: held ones that are due, then claimed rows of alert_delivery. */
    public List<AlertDelivery> due() {
        Instant now = clock.instant();
        List<AlertDelivery> due = new ArrayList<>();
        synchronized (this) {
            for (var it = held.iterator(); it.hasNext();) {
                Held next = it.next();
                if (!next.due().isAfter(now)) {
                    due.add(next.delivery());
                    it.remove();
                }
            }
        }
        try {
            due.addAll(claimRecorded(now));
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("recorded alerts not read (%s); tried again with the next run end", e.getMessage());
        }
        return due;
    }

    /**
     * Claims every due row of alert_delivery in one conditional update, under a token of this call's own, then
     * reads what the token got: a row another sender claimed (and whose claim has not run out) is not taken.
     */
    private List<AlertDelivery> claimRecorded(Instant now) throws SQLException {
        String token = truncate(owner, 160) + "/" + UUID.randomUUID();
        try (Connection connection = database.connection()) {
            try (PreparedStatement claimDue = connection.prepareStatement("UPDATE alert_delivery SET claimed_by = ?, "
                    + "claimed_until = ? WHERE status = 'PENDING' AND next_attempt_at <= ? "
                    + "AND (claimed_until IS NULL OR claimed_until < ?)")) {
                claimDue.setString(1, token);
                claimDue.setObject(2, utc(now.plus(claim)));
                claimDue.setObject(3, utc(now));
                claimDue.setObject(4, utc(now));
                if (claimDue.executeUpdate() == 0) {
                    return List.of();
                }
            }
            List<AlertDelivery> claimed = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT delivery_id, alert_key, kind, sink, "
                    + "subject, body, created_at, attempts, recipient FROM alert_delivery WHERE status = 'PENDING' AND claimed_by = ? "
                    + "ORDER BY delivery_id")) {
                select.setString(1, token);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        claimed.add(new AlertDelivery(row.getLong(1), row.getString(2), row.getString(3),
                                row.getString(4), row.getString(5), row.getString(6), instant(row, 7), row.getInt(8),
                                row.getString(9)));
                    }
                }
            }
            return claimed;
        }
    }

    /** The sink took the alert. */
    public void sent(@ExchangeProperty(DELIVERY) AlertDelivery delivery) {
        metrics.counter("greenhouse.alerts.deliveries", "sink", delivery.sink(), "result", "sent").increment();
        LOG.infof("alert sent: %s: %s", delivery, delivery.subject());
        if (!delivery.isRecorded()) {
            return;
        }
        try {
            update("UPDATE alert_delivery SET status = 'SENT', sent_at = ?, attempts = attempts + 1, "
                    + "claimed_until = NULL, last_error = NULL WHERE delivery_id = ?", utc(clock.instant()),
                    delivery.id());
        } catch (SQLException | RuntimeException e) {
            // its claim runs out and it is sent again: an alert twice rather than none
            LOG.warnf("%s sent but not marked so (%s): it will be sent again", delivery, e.getMessage());
        }
    }

    /** The sink refused the alert (the exception the route caught): try again later, or give up. */
    public void failed(@ExchangeProperty(DELIVERY) AlertDelivery delivery, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = truncate(RunLifecycle.describe(cause), 1000);
        Instant now = clock.instant();
        boolean givingUp = !delivery.createdAt().plus(giveUpAfter).isAfter(now);
        metrics.counter("greenhouse.alerts.deliveries", "sink", delivery.sink(), "result",
                givingUp ? "abandoned" : "refused").increment();
        if (givingUp) {
            LOG.errorf("alert abandoned after %d attempt(s) over %s: %s: %s; last error: %s", delivery.attempts() + 1,
                    giveUpAfter, delivery, delivery.subject(), AlertText.escape(error, 1000));
        } else {
            LOG.warnf("alert not sent (attempt %d), tried again in %s: %s: %s", delivery.attempts() + 1, retryInterval,
                    delivery, AlertText.escape(error, 1000));
        }
        if (!delivery.isRecorded()) {
            if (!givingUp) {
                synchronized (this) {
                    held.addLast(new Held(delivery.attempted(), now.plus(retryInterval)));
                }
            }
            return;
        }
        try {
            update("UPDATE alert_delivery SET status = ?, attempts = attempts + 1, next_attempt_at = ?, "
                    + "claimed_until = NULL, last_error = ? WHERE delivery_id = ?", givingUp ? "ABANDONED" : "PENDING",
                    utc(now.plus(retryInterval)), error, delivery.id());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("%s: refusal not recorded (%s); its claim runs out and it is tried again", delivery,
                    e.getMessage());
        }
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }
}
