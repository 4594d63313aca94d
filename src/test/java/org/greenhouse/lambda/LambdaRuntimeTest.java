package org.greenhouse.lambda;

import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.TestDatabase.count;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The function as AWS Lambda runs it: events go to Quarkus's mock Lambda event server, which serves them
 * through the Lambda Runtime API to the same poll loop that runs inside AWS, which calls the handler
 * ("greenhouse") and posts its answer back. Only in the lambda build (./mvnw verify -Plambda), where the
 * Quarkus Lambda extension is in the app.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
@Tag("lambda-runtime")
class LambdaRuntimeTest {

    @BeforeEach
    void clean() throws Exception {
        TestDatabase.clean();
        PlantApiStub.serveRecorded();
    }

    private static String invoke() {
        return "http://" + ConfigProvider.getConfig().getValue("quarkus-internal.aws-lambda.test-api", String.class)
                + "/_lambda_";
    }

    @Test
    void aScheduledEventRunsOneCycleAndAnswersItsReport() throws Exception {
        given().contentType("application/json").body(LambdaEvents.scheduled("plant-ingest")).post(invoke())
                .then().statusCode(200)
                .body("pipeline", equalTo("plant-ingest"))
                .body("report.counts.inserted", equalTo(47));

        assertEquals(47, count("plant_reading"));
    }

    @Test
    void anUnknownPipelineFailsTheInvocationWithItsMessage() {
        given().contentType("application/json").body(LambdaEvents.constantInput("plant-ingset")).post(invoke())
                .then().statusCode(500)
                .body("errorType", equalTo(IllegalArgumentException.class.getName()))
                .body("errorMessage", startsWith("unknown pipeline 'plant-ingset'"));
    }

    @Test
    void anHttpApiEventIsAnsweredWithTheIngestionRoutesStatusAndBody() throws Exception {
        String id = "lambda-runtime-" + System.nanoTime();

        given().contentType("application/json").body(LambdaEvents.httpApiV2(id)).post(invoke())
                .then().statusCode(200)
                .body("statusCode", equalTo(202))
                .body("body", containsString(id));

        assertTrue(KinesisStub.records().stream().anyMatch(r -> r.data().asUtf8String().contains(id)));
    }
}
