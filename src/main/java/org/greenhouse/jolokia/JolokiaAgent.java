package org.greenhouse.jolokia;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.greenhouse.admin.AdminUsers;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;

/**
 * The Jolokia agent Hawtio reads the routes through (docs/hawtio.md): its own HTTP server, HTTP Basic against
 * the app's admin users (role admin or monitor), only the MBeans jolokia-access.xml allows.
 *
 * <p>Started here, not by camel-quarkus-jolokia (not a dependency): that extension binds its port at startup even
 * with its auto-start off, and builds an authenticator only from a class name (authClass), which a test run loads
 * a second time outside the app's class loader, where there is no CDI container to find the users in. Here the
 * agent gets an authenticator instance that holds {@link AdminUsers}.
 */
@ApplicationScoped
public class JolokiaAgent {

    @Inject
    JolokiaConfig config;

    @Inject
    AdminUsers users;

    private JolokiaServer server;

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        Map<String, String> settings = Map.of("host", config.host(), "port", String.valueOf(config.port()),
                "policyLocation", "classpath:/jolokia-access.xml", "includeStackTrace", "false",
                "discoveryEnabled", "false", "agentId", "greenhouse");
        Authenticator authenticator = new BasicAuthenticator("greenhouse") {
            @Override
            public boolean checkCredentials(String name, String password) {
                // nothing of the credentials is logged; AdminUsers compares in constant time
                // every user has the admin or the monitor role, both of which may watch
                return users.authenticate(name, password.toCharArray()).isPresent();
            }
        };
        try {
            server = new JolokiaServer(new JolokiaServerConfig(settings) {
                @Override
                public Authenticator getAuthenticator() {
                    return authenticator;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("greenhouse.jolokia: the agent cannot listen on " + config.host() + ":"
                    + config.port(), e);
        }
        server.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (server != null) {
            try {
                server.stop();
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting (SIGTERM): the agent's own shutdown hook stops it; stop() stops it on a
                // dev-mode restart, which frees the port
            }
        }
    }

    /** Where the agent listens; empty when it does not run. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(server).map(JolokiaServer::getAddress);
    }
}
