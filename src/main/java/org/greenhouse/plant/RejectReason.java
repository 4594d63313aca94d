package org.greenhouse.plant;

/** Why a response did not become a reading; stored with the raw body in rejected_reading. */
public enum RejectReason {
    INVALID, MALFORMED, OVERSIZED, SENSOR_FAULT, API_ERROR, FETCH_FAILED;

    public String metricName() {
        return name().toLowerCase();
    }
}
