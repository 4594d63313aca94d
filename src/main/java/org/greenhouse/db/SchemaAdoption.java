package org.greenhouse.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * {@code greenhouse.db.adopt-existing-schema}: whether a schema that already holds other tables (and no
 * Greenhouse history) is adopted, Greenhouse's tables created next to them. Off, such a schema stops the start.
 * A mapping of its own, so code that builds a {@link DatabaseConfig} need not know of it.
 */
@ConfigMapping(prefix = "greenhouse.db.adopt-existing-schema")
public interface SchemaAdoption {

    @WithParentName
    boolean enabled();
}
