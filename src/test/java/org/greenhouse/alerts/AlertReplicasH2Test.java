package org.greenhouse.alerts;

/** Replicas on one H2 database (in memory, shared by their pools). */
class AlertReplicasH2Test extends AlertReplicasContract {

    @Override
    String databaseUrl() {
        return "jdbc:h2:mem:alert-replicas;DB_CLOSE_DELAY=-1";
    }

    @Override
    String user() {
        return "sa";
    }

    @Override
    String password() {
        return "";
    }
}
