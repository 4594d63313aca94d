-- Plant sensor schema for SQL Server (RDS), normalized as in seed 003. Times are UTC.
-- NVARCHAR throughout: plant and place names carry any Unicode.

CREATE TABLE country (
    country_id   INT IDENTITY(1,1) PRIMARY KEY,
    country_name NVARCHAR(100) NOT NULL,
    country_code NVARCHAR(2) NULL,
    CONSTRAINT uq_country_name UNIQUE (country_name)
);

CREATE TABLE city (
    city_id    INT IDENTITY(1,1) PRIMARY KEY,
    country_id INT NOT NULL REFERENCES country (country_id),
    city_name  NVARCHAR(100) NOT NULL,
    CONSTRAINT uq_city UNIQUE (country_id, city_name)
);

CREATE TABLE origin (
    origin_id INT IDENTITY(1,1) PRIMARY KEY,
    city_id   INT NOT NULL REFERENCES city (city_id),
    latitude  DECIMAL(10,7) NOT NULL,
    longitude DECIMAL(10,7) NOT NULL,
    timezone  NVARCHAR(64) NULL,
    CONSTRAINT uq_origin UNIQUE (city_id, latitude, longitude)
);

CREATE TABLE botanist (
    botanist_id INT IDENTITY(1,1) PRIMARY KEY,
    name        NVARCHAR(100) NOT NULL,
    email       NVARCHAR(254) NOT NULL,
    phone       NVARCHAR(50) NULL,
    CONSTRAINT uq_botanist_email UNIQUE (email)
);

-- plant_id is the API's id, not generated here
CREATE TABLE plant (
    plant_id            INT PRIMARY KEY,
    name                NVARCHAR(200) NOT NULL,
    scientific_name     NVARCHAR(400) NULL,
    origin_id           INT NOT NULL REFERENCES origin (origin_id),
    botanist_id         INT NOT NULL REFERENCES botanist (botanist_id),
    image_license       INT NULL,
    image_license_name  NVARCHAR(200) NULL,
    image_license_url   NVARCHAR(1000) NULL,
    image_original_url  NVARCHAR(1000) NULL,
    image_regular_url   NVARCHAR(1000) NULL,
    image_medium_url    NVARCHAR(1000) NULL,
    image_small_url     NVARCHAR(1000) NULL,
    image_thumbnail_url NVARCHAR(1000) NULL
);

CREATE TABLE pipeline_run (
    run_id             BIGINT IDENTITY(1,1) PRIMARY KEY,
    pipeline           NVARCHAR(50) NOT NULL,
    status             NVARCHAR(20) NOT NULL,
    started_at         DATETIME2(3) NOT NULL,
    finished_at        DATETIME2(3) NULL,
    plants_requested   INT NULL,
    readings_inserted  INT NULL,
    readings_duplicate INT NULL,
    rejected           INT NULL,
    not_found          INT NULL,
    on_loan            INT NULL,
    missed_deadline    INT NULL,
    error              NVARCHAR(1000) NULL
);
CREATE INDEX ix_pipeline_run_status ON pipeline_run (pipeline, status);

CREATE TABLE plant_reading (
    reading_id      BIGINT IDENTITY(1,1) PRIMARY KEY,
    plant_id        INT NOT NULL REFERENCES plant (plant_id),
    recording_taken DATETIME2(0) NOT NULL,
    soil_moisture   DECIMAL(6,3) NOT NULL,
    temperature     FLOAT NOT NULL,
    last_watered    DATETIME2(0) NOT NULL,
    run_id          BIGINT NULL REFERENCES pipeline_run (run_id),
    CONSTRAINT uq_plant_reading UNIQUE (plant_id, recording_taken)
);
CREATE INDEX ix_plant_reading_recording_taken ON plant_reading (recording_taken);

-- plant_id has no foreign key: a rejected answer may name a plant never stored
CREATE TABLE rejected_reading (
    rejected_id BIGINT IDENTITY(1,1) PRIMARY KEY,
    run_id      BIGINT NULL REFERENCES pipeline_run (run_id),
    plant_id    INT NULL,
    reason      NVARCHAR(20) NOT NULL,
    detail      NVARCHAR(1000) NOT NULL,
    raw_body    NVARCHAR(MAX) NULL,
    rejected_at DATETIME2(3) NOT NULL
);
CREATE INDEX ix_rejected_reading_rejected_at ON rejected_reading (rejected_at);
