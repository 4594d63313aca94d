-- Alerts (org.greenhouse.alerts). One row per thing that can fail and recover (alert_key: a pipeline as
-- 'pipeline:<name>'): its state, OK or FAILING, since when, and the failures of the current (or last)
-- episode. revision grows with every change, and a change is written only while the revision is still the
-- one that was read, so two replicas that see a failure at once cannot both open the episode and alert.
CREATE TABLE alert_episode (
    alert_key       NVARCHAR(200) NOT NULL,
    revision        BIGINT NOT NULL,
    status          NVARCHAR(10) NOT NULL,
    since           DATETIME2(3) NULL,
    failures        INT NOT NULL,
    first_error     NVARCHAR(1000) NULL,
    last_error      NVARCHAR(1000) NULL,
    last_failure_at DATETIME2(3) NULL,
    details         NVARCHAR(2000) NULL,
    CONSTRAINT pk_alert_episode PRIMARY KEY (alert_key)
);

-- Each alert for each sink (mail, sns), written with the episode change that caused it and sent from here:
-- an alert that a sink refuses stays PENDING and is tried again (next_attempt_at) until it is SENT, or
-- ABANDONED once it is older than greenhouse.alerts.delivery.give-up-after. A sender claims a row until
-- claimed_until, so two replicas do not send it twice.
CREATE TABLE alert_delivery (
    delivery_id     BIGINT IDENTITY(1,1) PRIMARY KEY,
    alert_key       NVARCHAR(200) NOT NULL,
    kind            NVARCHAR(20) NOT NULL,
    sink            NVARCHAR(20) NOT NULL,
    subject         NVARCHAR(200) NOT NULL,
    body            NVARCHAR(MAX) NOT NULL,
    created_at      DATETIME2(3) NOT NULL,
    status          NVARCHAR(20) NOT NULL,
    attempts        INT NOT NULL,
    next_attempt_at DATETIME2(3) NOT NULL,
    claimed_by      NVARCHAR(200) NULL,
    claimed_until   DATETIME2(3) NULL,
    sent_at         DATETIME2(3) NULL,
    last_error      NVARCHAR(1000) NULL
);
CREATE INDEX ix_alert_delivery_due ON alert_delivery (status, next_attempt_at);
