package org.greenhouse.leader;

import java.util.UUID;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The database lease on H2, served over TCP as a shared database is. */
class LeaderElectionH2Test extends LeaderElectionContract {

    private static Server server;
    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void newDatabase() {
        url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:leader-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    String databaseUrl() {
        return url;
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
