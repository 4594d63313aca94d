-- A running run names its owner (the process) and renews a heartbeat, so a run alive on another replica is
-- never mistaken for one that was cut off (org.greenhouse.runs.RunLiveness).
ALTER TABLE pipeline_run ADD owner NVARCHAR(200) NULL;
ALTER TABLE pipeline_run ADD heartbeat_at DATETIME2(3) NULL;
ALTER TABLE archive_run ADD owner NVARCHAR(200) NULL;
ALTER TABLE archive_run ADD heartbeat_at DATETIME2(3) NULL;
