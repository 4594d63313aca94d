-- One row per singleton pipeline: which app instance leads it, and until when. A replica takes the lease
-- over only after it has expired, so one instance runs the pipeline's schedule at a time.
CREATE TABLE leader_lease (
    lease_name  VARCHAR(100) NOT NULL,
    holder      VARCHAR(200) NOT NULL,
    acquired_at TIMESTAMP(3) NOT NULL,
    expires_at  TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_leader_lease PRIMARY KEY (lease_name)
);
