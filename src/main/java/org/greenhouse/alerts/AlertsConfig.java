package org.greenhouse.alerts;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.alerts.*} setting; routes/alerts.yaml reads the sinks' as {{placeholders}}. */
@ConfigMapping(prefix = "greenhouse.alerts")
public interface AlertsConfig {

    /** Starts every subject, so a reader tells deployments apart ("[greenhouse-prod]"). */
    String subjectPrefix();

    /** Run ends waiting for the alert route at most; a run end beyond it is dropped, counted and logged. */
    int queueSize();

    /**
     * How long a pipeline's thread waits for the alert route to take its run end in (recorded and sent). 0s:
     * not at all, the app keeps running (containers). Lambda may freeze the function as soon as an invocation
     * returns, so there the invocation waits.
     */
    Duration handOffTimeout();

    Mail mail();

    Sns sns();

    Delivery delivery();

    Plant plant();

    /** SMTP through camel-mail; off unless {@code host} is set. */
    interface Mail {
        Optional<String> host();

        int port();

        Optional<String> from();

        /** Comma-separated addresses. */
        Optional<String> to();

        Optional<String> username();

        /** From GREENHOUSE_ALERTS_MAIL_PASSWORD (a secret), never from a file. */
        Optional<String> password();

        /** Upgrade the connection with STARTTLS, and refuse to send without it. */
        boolean starttls();

        /** Implicit TLS from the first byte (SMTPS, usually port 465). */
        boolean ssl();
    }

    /** An SNS topic through camel-aws2-sns; off unless {@code topic-arn} is set. */
    interface Sns {
        /** The topic; its region is the one in the ARN. */
        Optional<String> topicArn();

        /** A local SNS-compatible server (tests); unset on AWS. */
        Optional<String> endpointOverride();
    }

    interface Delivery {
        /** A refused alert is tried again after this. */
        Duration retryInterval();

        /** A refused alert older than this is given up (ABANDONED, logged as an error). */
        Duration giveUpAfter();

        /** Whether the app's own timer retries refused alerts; each later run end retries them either way. */
        boolean retryEnabled();
    }

    /**
     * Plant alerts (PlantAlerts): after each plant cycle, a plant whose last {@code readings} readings are all out
     * of these limits is mailed to its botanist, once per episode, with a note when it is back in range.
     */
    interface Plant {
        boolean enabled();

        /** Soil moisture (%) below this is out of range. */
        double minSoilMoisture();

        /** Temperature (°C) below this is out of range. */
        double minTemperature();

        /** Temperature (°C) above this is out of range. */
        double maxTemperature();

        /** How many of a plant's latest readings must all be out of range. */
        int readings();
    }
}
