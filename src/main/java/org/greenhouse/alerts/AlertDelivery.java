package org.greenhouse.alerts;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One alert for one sink, as the alert route sends it: body {@link #text()}, header {@code Subject}.
 *
 * @param id its row in {@code alert_delivery}; null for an alert decided while the app's database was away,
 *        which only this process holds
 * @param kind {@code OPENED} or {@code RECOVERED}
 * @param sink {@link AlertSinks#MAIL} or {@link AlertSinks#SNS}
 * @param attempts the attempts before this one
 * @param recipient the one address a mail alert goes to (a plant's botanist); null: the sink's configured ones
 */
@RegisterForReflection // read by the route's simple expressions (${exchangeProperty.alertDelivery.text}), also in a native image
public record AlertDelivery(Long id, String key, String kind, String sink, String subject, String text,
        Instant createdAt, int attempts, String recipient) {

    public boolean isRecorded() {
        return id != null;
    }

    AlertDelivery attempted() {
        return new AlertDelivery(id, key, kind, sink, subject, text, createdAt, attempts + 1, recipient);
    }

    @Override
    public String toString() {
        return (id == null ? "unrecorded" : "delivery " + id) + " (" + kind + " of " + key + " to " + sink + ")";
    }
}
