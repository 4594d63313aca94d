package org.greenhouse.batch;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.batch.*} setting; the route file reads them as {{placeholders}}. */
@ConfigMapping(prefix = "greenhouse.batch")
public interface BatchConfig {

    boolean scheduleEnabled();

    /** Quartz cron expression (default: daily at 10:00). */
    String cron();

    /** A JSON REST API of the JSONPlaceholder shape; {@code /{collection}} is appended. */
    String baseUrl();

    /** The collections fetched, each a JSON array of objects with an {@code id}. */
    List<String> collections();

    /** How long connecting to the API, or waiting for a free connection to it, may take. */
    Duration connectTimeout();

    /** How long the API may take to answer a request, and between the packets of its answer. */
    Duration readTimeout();
}
