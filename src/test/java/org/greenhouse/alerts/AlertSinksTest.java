package org.greenhouse.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which sinks the settings make active, and a bad setting refused by name. */
class AlertSinksTest {

    /** The settings as greenhouse.alerts.* names (without the prefix) to values; defaults as in application.properties. */
    private static AlertsConfig config(Map<String, String> set) {
        Map<String, String> values = new HashMap<>(Map.of("subject-prefix", "[greenhouse]", "queue-size", "1000",
                "hand-off-timeout", "PT0S", "mail.port", "587", "mail.starttls", "true", "mail.ssl", "false",
                "delivery.retry-interval", "PT1M", "delivery.give-up-after", "PT24H"));
        values.putAll(set);
        return new AlertsConfig() {
            public String subjectPrefix() {
                return values.get("subject-prefix");
            }

            public int queueSize() {
                return Integer.parseInt(values.get("queue-size"));
            }

            public Duration handOffTimeout() {
                return Duration.parse(values.get("hand-off-timeout"));
            }

            public Mail mail() {
                return new Mail() {
                    public Optional<String> host() {
                        return Optional.ofNullable(values.get("mail.host"));
                    }

                    public int port() {
                        return Integer.parseInt(values.get("mail.port"));
                    }

                    public Optional<String> from() {
                        return Optional.ofNullable(values.get("mail.from"));
                    }

                    public Optional<String> to() {
                        return Optional.ofNullable(values.get("mail.to"));
                    }

                    public Optional<String> username() {
                        return Optional.empty();
                    }

                    public Optional<String> password() {
                        return Optional.empty();
                    }

                    public boolean starttls() {
                        return Boolean.parseBoolean(values.get("mail.starttls"));
                    }

                    public boolean ssl() {
                        return Boolean.parseBoolean(values.get("mail.ssl"));
                    }
                };
            }

            public Sns sns() {
                return new Sns() {
                    public Optional<String> topicArn() {
                        return Optional.ofNullable(values.get("sns.topic-arn"));
                    }

                    public Optional<String> endpointOverride() {
                        return Optional.empty();
                    }
                };
            }

            public Plant plant() {
                throw new UnsupportedOperationException("the sinks do not read the plant limits");
            }

            public Delivery delivery() {
                return new Delivery() {
                    public Duration retryInterval() {
                        return Duration.parse(values.get("delivery.retry-interval"));
                    }

                    public Duration giveUpAfter() {
                        return Duration.parse(values.get("delivery.give-up-after"));
                    }

                    public boolean retryEnabled() {
                        return true;
                    }
                };
            }
        };
    }

    private static final Map<String, String> MAIL = Map.of("mail.host", "smtp.example.org",
            "mail.from", "greenhouse@example.org", "mail.to", "a@example.org, b@example.org");
    private static final String ARN = "arn:aws:sns:eu-west-2:123456789012:greenhouse-prod-pipeline-alerts";

    @Test
    void eachSinkIsActiveWhenItsSettingIsSet() {
        assertEquals(List.of(), AlertSinks.check(config(Map.of())), "neither: the log only");
        assertEquals(List.of("mail"), AlertSinks.check(config(MAIL)));
        assertEquals(List.of("sns"), AlertSinks.check(config(Map.of("sns.topic-arn", ARN))));
        Map<String, String> both = new HashMap<>(MAIL);
        both.put("sns.topic-arn", ARN);
        assertEquals(List.of("mail", "sns"), AlertSinks.check(config(both)));
    }

    @Test
    void aBadSettingIsRefusedByName() {
        assertRefused(Map.of("mail.host", "smtp.example.org", "mail.to", "a@example.org"), "greenhouse.alerts.mail.from");
        assertRefused(Map.of("mail.host", "smtp.example.org", "mail.from", "g@example.org"), "greenhouse.alerts.mail.to");
        assertRefused(with(MAIL, "mail.to", "a@example.org;b@example.org"), "greenhouse.alerts.mail.to");
        assertRefused(with(MAIL, "mail.from", "greenhouse"), "greenhouse.alerts.mail.from");
        assertRefused(with(MAIL, "mail.port", "0"), "greenhouse.alerts.mail.port");
        assertRefused(with(MAIL, "mail.ssl", "true"), "greenhouse.alerts.mail.ssl");
        assertRefused(Map.of("sns.topic-arn", "greenhouse-alerts"), "greenhouse.alerts.sns.topic-arn");
        assertRefused(Map.of("queue-size", "0"), "greenhouse.alerts.queue-size");
        assertRefused(Map.of("hand-off-timeout", "PT-1S"), "greenhouse.alerts.hand-off-timeout");
        assertRefused(Map.of("subject-prefix", "[grünhaus]"), "greenhouse.alerts.subject-prefix");
        assertRefused(Map.of("delivery.retry-interval", "PT0S"), "greenhouse.alerts.delivery.retry-interval");
        assertRefused(Map.of("delivery.give-up-after", "PT30S"), "greenhouse.alerts.delivery.give-up-after");
    }

    @Test
    void eachRangeIncludesItsLimits() {
        assertEquals(List.of(), AlertSinks.check(config(Map.of("queue-size", "1"))));
        assertEquals(List.of(), AlertSinks.check(config(Map.of("delivery.retry-interval", "PT1M",
                "delivery.give-up-after", "PT1M"))));
        assertEquals(List.of("mail"), AlertSinks.check(config(with(MAIL, "mail.port", "1"))));
        assertEquals(List.of("mail"), AlertSinks.check(config(with(MAIL, "mail.port", "65535"))));
        assertRefused(with(MAIL, "mail.port", "65536"), "greenhouse.alerts.mail.port");
    }

    @Test
    void implicitTlsWithoutStarttlsIsAccepted() {
        assertEquals(List.of("mail"), AlertSinks.check(config(with(with(MAIL, "mail.ssl", "true"), "mail.starttls",
                "false"))));
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> changed = new HashMap<>(base);
        changed.put(name, value);
        return changed;
    }

    private static void assertRefused(Map<String, String> set, String setting) {
        var refused = assertThrows(IllegalArgumentException.class, () -> AlertSinks.check(config(set)));
        assertTrue(refused.getMessage().startsWith(setting), refused.getMessage());
    }
}
