package org.greenhouse.runs;

import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;
import org.greenhouse.leader.LeaderConfig;
import org.greenhouse.leader.LeaderElection;
import org.jboss.logging.Logger;

/**
 * Tells a run that is alive on some replica (or Lambda) from one that was cut off when its process died or
 * lost the database. A running run's row names its owner and carries a heartbeat that the owner renews
 * while the run lasts; another run closes a RUNNING row as FAILED only once its heartbeat is older than
 * {@code greenhouse.runs.dead-after}. Run tables share the columns {@code status}, {@code started_at},
 * {@code finished_at}, {@code error}, {@code owner} and {@code heartbeat_at}.
 */
@ApplicationScoped
@Startup // its settings are checked when the app starts
public class RunLiveness {

    private static final Logger LOG = Logger.getLogger(RunLiveness.class);
    private static final Pattern TABLE = Pattern.compile("[a-z_]+");
    static final String CUT_OFF = "cut off before it finished (process stopped or database unreachable)";

    private final Database database;
    private final Duration heartbeatInterval;
    private final Duration deadAfter;
    private final String owner;
    private final Clock clock;
    private final ScheduledExecutorService heartbeats;

    @Inject
    public RunLiveness(Database database, RunsConfig config, LeaderConfig leader) {
        this(database, config.heartbeatInterval(), config.deadAfter(),
                leader.memberId().orElseGet(LeaderElection::processName), Clock.systemUTC());
    }

    RunLiveness(Database database, Duration heartbeatInterval, Duration deadAfter, String owner, Clock clock) {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("greenhouse.runs.heartbeat-interval must be positive, not "
                    + heartbeatInterval);
        }
        if (deadAfter.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("greenhouse.runs.dead-after (" + deadAfter + ") must be at least three "
                    + "times greenhouse.runs.heartbeat-interval (" + heartbeatInterval + "): a live run that misses "
                    + "a heartbeat must not look dead");
        }
        this.database = database;
        this.heartbeatInterval = heartbeatInterval;
        this.deadAfter = deadAfter;
        this.owner = owner;
        this.clock = clock;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "greenhouse-run-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** This process as a run's owner. */
    public String owner() {
        return owner;
    }

    /** The time a run's row starts with as its heartbeat, and a cut-off run is judged by. */
    public Instant now() {
        return clock.instant();
    }

    /** Renews the heartbeat of the run's row in {@code table} every heartbeat interval until the run ends. */
    public void keepAlive(PipelineRun run, String table, long runId) {
        String sql = "UPDATE " + checked(table) + " SET heartbeat_at = ? WHERE run_id = ? AND status = 'RUNNING'";
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(heartbeats.scheduleAtFixedRate(() -> {
            if (run.hasEnded()) {
                task.get().cancel(false);
                return;
            }
            try (Connection connection = database.connection();
                    PreparedStatement update = connection.prepareStatement(sql)) {
                update.setObject(1, utc(clock.instant()));
                update.setLong(2, runId);
                update.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                // the run notices the outage itself; a heartbeat missed now only ages its row
                LOG.debugf("%s run %d: heartbeat not renewed (%s)", run.pipeline(), runId, e.getMessage());
            }
        }, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Closes as FAILED the RUNNING rows of {@code table} that were cut off: their heartbeat (or, in rows from
     * before heartbeats, their start) is older than dead-after, or this process owns them. Call it as a run
     * begins, when {@link RunLifecycle} has made sure no other run of the pipeline is alive here, so a row of
     * this process that still says RUNNING belongs to a run that ended without recording it (the database was
     * away). Rows of live runs elsewhere stay.
     *
     * @param condition more conditions on the rows, with {@code ?} for {@code parameters}; "" for none
     * @return the number of rows closed
     */
    public int closeDead(Connection connection, String table, String condition, List<?> parameters)
            throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement close = connection.prepareStatement("UPDATE " + checked(table)
                + " SET status = 'FAILED', finished_at = ?, error = ? WHERE status = 'RUNNING'"
                + " AND (COALESCE(heartbeat_at, started_at) < ? OR owner = ?)"
                + (condition.isEmpty() ? "" : " AND " + condition))) {
            close.setObject(1, utc(now));
            close.setString(2, CUT_OFF);
            close.setObject(3, utc(now.minus(deadAfter)));
            close.setString(4, owner);
            for (int i = 0; i < parameters.size(); i++) {
                close.setObject(5 + i, parameters.get(i));
            }
            return close.executeUpdate();
        }
    }

    private static String checked(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a run table: " + table);
        }
        return table;
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }
}
