package org.greenhouse.testing;

import io.restassured.specification.RequestSpecification;

/** The %test profile's admin users (application.properties holds only their hashes). */
public final class AdminCredentials {

    public static final String ADMIN = "test-admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String MONITOR = "test-monitor";
    public static final String MONITOR_PASSWORD = "test-monitor-password";

    private AdminCredentials() {
    }

    /** The request as the admin user (HTTP Basic, sent without waiting for a challenge). */
    public static RequestSpecification asAdmin(RequestSpecification request) {
        return request.auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }
}
