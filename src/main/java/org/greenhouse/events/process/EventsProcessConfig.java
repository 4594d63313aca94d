package org.greenhouse.events.process;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/**
 * Every {@code greenhouse.events.process.*} setting. The raw objects are read from events-deliver's prefix
 * ({@code greenhouse.events.delivery.prefix}), the tables written under the archive's
 * ({@code greenhouse.archive.prefix}), in the archive store.
 */
@ConfigMapping(prefix = "greenhouse.events.process")
public interface EventsProcessConfig {

    /** Whether the timer runs cycles; {@code direct:events-process} runs one either way. */
    boolean enabled();

    Duration period();

    /** Most raw objects one cycle processes; a backlog goes on next cycle. */
    int maxObjects();
}
