-- Plant alerts go to the plant's botanist, not to greenhouse.alerts.mail.to: the address an alert is mailed to,
-- or NULL for the sink's configured recipients (every pipeline alert).
ALTER TABLE alert_delivery ADD recipient NVARCHAR(254) NULL;
