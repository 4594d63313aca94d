-- A running run names its owner (the process) and renews a heartbeat, so a run alive on another replica is
-- never mistaken for one that was cut off (org.greenhouse.runs.RunLiveness).
ALTER TABLE pipeline_run ADD COLUMN owner VARCHAR(200) NULL;
ALTER TABLE pipeline_run ADD COLUMN heartbeat_at TIMESTAMP(3) NULL;
ALTER TABLE archive_run ADD COLUMN owner VARCHAR(200) NULL;
ALTER TABLE archive_run ADD COLUMN heartbeat_at TIMESTAMP(3) NULL;
