package org.greenhouse.plant;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses to start on a {@code greenhouse.plant.*} value no cycle can work with, naming the setting, instead
 * of a ready app whose every cycle fails: a plant API URL that is not one, plant ids that do not parse, a period of 0 or below (the timer
 * would fire once and never again), timeouts or bounds that leave nothing to do.
 */
@ApplicationScoped
@Startup
public class PlantSettings {

    static final int MAX_REJECT_BODY_LIMIT = 1_000_000;

    @Inject
    public PlantSettings(PlantConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid plant settings: " + String.join("; ", problems));
        }
    }

    /** Every value of the configuration that cannot work, each naming its setting. */
    static List<String> problems(PlantConfig config) {
        List<String> problems = new ArrayList<>();
        try {
            PlantIdPlan.parseIds(config.ids());
        } catch (IllegalArgumentException e) {
            problems.add("greenhouse.plant.ids: " + e.getMessage() + " (write e.g. 1-50 or 1,4,9-12)");
        }
        httpUrl(problems, "base-url", config.baseUrl());
        positive(problems, "period", config.period());
        notNegative(problems, "initial-delay", config.initialDelay());
        positive(problems, "connect-timeout", config.connectTimeout());
        positive(problems, "read-timeout", config.readTimeout());
        positive(problems, "cycle-deadline", config.cycleDeadline());
        notNegative(problems, "retry.initial-delay", config.retry().initialDelay());
        atLeast(problems, "parallelism", config.parallelism(), 1);
        atLeast(problems, "retry.max-retries", config.retry().maxRetries(), 0);
        atLeast(problems, "max-body-bytes", config.maxBodyBytes(), 1);
        atLeast(problems, "discovery.stop-after-missing", config.discovery().stopAfterMissing(), 1);
        if (config.rejectBodyLimit() < 0 || config.rejectBodyLimit() > MAX_REJECT_BODY_LIMIT) {
            problems.add("greenhouse.plant.reject-body-limit must be 0.." + MAX_REJECT_BODY_LIMIT + ", not "
                    + config.rejectBodyLimit());
        }
        PlantConfig.Validation validation = config.validation();
        if (validation.minTemperature() > validation.maxTemperature()) {
            problems.add("greenhouse.plant.validation.min-temperature (" + validation.minTemperature()
                    + ") is above greenhouse.plant.validation.max-temperature (" + validation.maxTemperature() + ")");
        }
        notNegative(problems, "validation.future-tolerance", validation.futureTolerance());
        return problems;
    }

    /** The plant client appends /plants/{id} to its path and speaks HTTP only. */
    private static void httpUrl(List<String> problems, String setting, String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return;
            }
        } catch (URISyntaxException unreadable) {
            // named below
        }
        problems.add("greenhouse.plant." + setting + " must be an http:// or https:// URL with a host and no query, not '"
                + value + "'");
    }

    private static void positive(List<String> problems, String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add("greenhouse.plant." + setting + " must be longer than 0, not " + text(value));
        }
    }

    private static void notNegative(List<String> problems, String setting, Duration value) {
        if (value.isNegative()) {
            problems.add("greenhouse.plant." + setting + " must not be negative, not " + text(value));
        }
    }

    private static void atLeast(List<String> problems, String setting, int value, int least) {
        if (value < least) {
            problems.add("greenhouse.plant." + setting + " must be at least " + least + ", not " + value);
        }
    }

    /** As the setting is written: 0s, -5s, 500ms. */
    private static String text(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
    }
}
