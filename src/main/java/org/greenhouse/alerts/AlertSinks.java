package org.greenhouse.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which sinks an alert goes to: {@value #MAIL} when {@code greenhouse.alerts.mail.host} is set, {@value #SNS}
 * when {@code greenhouse.alerts.sns.topic-arn} is; none (the alert is only logged) when neither. The settings
 * are checked when the app starts, and a bad one stops it, named.
 */
@ApplicationScoped
@Startup
public class AlertSinks {

    public static final String MAIL = "mail";
    public static final String SNS = "sns";

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,]+@[^@\\s,]+");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");

    private final List<String> active;

    @Inject
    public AlertSinks(AlertsConfig config) {
        this.active = check(config);
    }

    /** The sinks each alert is sent to, in this order. */
    public List<String> active() {
        return active;
    }

    static List<String> check(AlertsConfig config) {
        if (config.queueSize() < 1) {
            throw bad("greenhouse.alerts.queue-size", config.queueSize(), "must be at least 1");
        }
        if (config.handOffTimeout().isNegative()) {
            throw bad("greenhouse.alerts.hand-off-timeout", config.handOffTimeout(), "must not be negative");
        }
        if (!config.subjectPrefix().matches("[\\x20-\\x7e]{0,40}")) {
            throw bad("greenhouse.alerts.subject-prefix", config.subjectPrefix(),
                    "must be at most 40 printable ASCII characters (SNS subjects are ASCII)");
        }
        var delivery = config.delivery();
        if (delivery.retryInterval().isNegative() || delivery.retryInterval().isZero()) {
            throw bad("greenhouse.alerts.delivery.retry-interval", delivery.retryInterval(), "must be positive");
        }
        if (delivery.giveUpAfter().compareTo(delivery.retryInterval()) < 0) {
            throw bad("greenhouse.alerts.delivery.give-up-after", delivery.giveUpAfter(),
                    "must be at least greenhouse.alerts.delivery.retry-interval (" + delivery.retryInterval() + ")");
        }
        List<String> sinks = new ArrayList<>();
        var mail = config.mail();
        if (mail.host().isPresent()) {
            if (mail.port() < 1 || mail.port() > 65535) {
                throw bad("greenhouse.alerts.mail.port", mail.port(), "must be a TCP port (1-65535)");
            }
            String from = mail.from().orElseThrow(() -> missing("greenhouse.alerts.mail.from"));
            if (!ADDRESS.matcher(from).matches()) {
                throw bad("greenhouse.alerts.mail.from", from, "must be one mail address");
            }
            String to = mail.to().orElseThrow(() -> missing("greenhouse.alerts.mail.to"));
            for (String address : to.split(",")) {
                if (!ADDRESS.matcher(address.trim()).matches()) {
                    throw bad("greenhouse.alerts.mail.to", to, "must be mail addresses separated by commas");
                }
            }
            if (mail.starttls() && mail.ssl()) {
                throw bad("greenhouse.alerts.mail.ssl", true,
                        "cannot be combined with greenhouse.alerts.mail.starttls=true: choose one kind of TLS");
            }
            sinks.add(MAIL);
        }
        var sns = config.sns();
        if (sns.topicArn().isPresent()) {
            if (!TOPIC_ARN.matcher(sns.topicArn().get()).matches()) {
                throw bad("greenhouse.alerts.sns.topic-arn", sns.topicArn().get(),
                        "must be a standard SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)");
            }
            sinks.add(SNS);
        }
        return List.copyOf(sinks);
    }

    private static IllegalArgumentException missing(String setting) {
        return new IllegalArgumentException(setting + " must be set when greenhouse.alerts.mail.host is");
    }

    private static IllegalArgumentException bad(String setting, Object value, String rule) {
        return new IllegalArgumentException(setting + "=" + value + ": " + rule);
    }
}
