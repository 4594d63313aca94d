package org.greenhouse.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fake SNS: WireMock answering the query protocol the AWS SDK speaks to SNS (a form-encoded POST with
 * Action=Publish, answered with a PublishResponse XML document), or refusing it as SNS does when told to.
 */
public class SnsStub implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:greenhouse-test-alerts";
    private static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        accept();
        return Map.of("greenhouse.alerts.sns.topic-arn", TOPIC_ARN,
                "greenhouse.alerts.sns.endpoint-override", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void stop() {
        server.stop();
    }

    /** Publishes are answered with a message id, as SNS does. */
    public static void accept() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId>"
                        + "</ResponseMetadata></PublishResponse>")));
    }

    /** Publishes are refused as SNS refuses a caller without permission (403 AuthorizationError). */
    public static void refuse() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>"
                        + "<Code>AuthorizationError</Code><Message>not authorized to perform SNS:Publish</Message>"
                        + "</Error><RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId></ErrorResponse>")));
    }

    /** The form parameters of every Publish received, in order. */
    public static List<Map<String, String>> published() {
        return server.findAll(postRequestedFor(urlEqualTo("/"))).stream().map(request -> form(request.getBodyAsString()))
                .filter(form -> "Publish".equals(form.get("Action"))).toList();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
