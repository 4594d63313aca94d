package org.greenhouse.plant;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.plant.*} setting; the route file reads some of them as {{placeholders}}. */
@ConfigMapping(prefix = "greenhouse.plant")
public interface PlantConfig {

    /** Whether the timer triggers cycles; {@code direct:plant-ingest} runs one either way. */
    boolean scheduleEnabled();

    Duration period();

    Duration initialDelay();

    /** Base URL of the plant API; {@code /plants/{id}} is appended. */
    String baseUrl();

    /** Plant ids to poll when discovery is off: "1-50", "1,4,9-12". */
    String ids();

    Discovery discovery();

    /** How many requests are in flight at once. */
    int parallelism();

    Duration connectTimeout();

    Duration readTimeout();

    Retry retry();

    /** A cycle stops waiting for answers after this; shorter than the period so cycles never overlap. */
    Duration cycleDeadline();

    /** Response bodies over this are refused unread. */
    int maxBodyBytes();

    /** Raw bodies kept in rejected_reading are cut to this many characters. */
    int rejectBodyLimit();

    Validation validation();

    interface Discovery {
        boolean enabled();

        int start();

        /** Discovery ends after this many consecutive "plant not found". */
        int stopAfterMissing();
    }

    interface Retry {
        int maxRetries();

        Duration initialDelay();
    }

    interface Validation {
        double minTemperature();

        double maxTemperature();

        /** The zone of API timestamps that carry none. */
        ZoneId apiZone();

        Duration futureTolerance();
    }

    default ValidationRules rules() {
        Validation v = validation();
        return new ValidationRules(v.minTemperature(), v.maxTemperature(), v.apiZone(), v.futureTolerance());
    }

    default PlantIdPlan idPlan() {
        return discovery().enabled()
                ? PlantIdPlan.discovery(discovery().start(), discovery().stopAfterMissing(), parallelism())
                : PlantIdPlan.fixed(PlantIdPlan.parseIds(ids()));
    }
}
