package org.greenhouse.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fake Athena: WireMock speaking Athena's JSON protocol (POST / with X-Amz-Target: AmazonAthena.&lt;Action&gt;,
 * application/x-amz-json-1.1). Each test programs the answers it needs.
 */
public class AthenaStub implements QuarkusTestResourceLifecycleManager {

    private static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("greenhouse.query.athena.endpoint-override", server.baseUrl(),
                "greenhouse.query.athena.region", "us-east-1");
    }

    @Override
    public void stop() {
        server.stop();
    }

    public static WireMockServer server() {
        return server;
    }
}
