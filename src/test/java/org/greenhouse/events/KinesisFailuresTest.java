package org.greenhouse.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/** Which failed PutRecords calls may be sent again (nothing of them stored) and which never (maybe stored). */
class KinesisFailuresTest {

    private static SdkClientException client(Throwable cause) {
        return SdkClientException.builder().message("Unable to execute HTTP request").cause(cause).build();
    }

    private static KinesisException answered(int status, String code) {
        return (KinesisException) KinesisException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).message(code).build();
    }

    @Test
    void anErrorAnswerOrNoConnectionStoredNothing() {
        assertTrue(KinesisFailures.nothingStored(KmsThrottlingException.builder().statusCode(400).build()));
        assertTrue(KinesisFailures.nothingStored(answered(500, "InternalFailure")));
        assertTrue(KinesisFailures.nothingStored(client(new ConnectException("Connection refused"))));
        assertTrue(KinesisFailures.nothingStored(client(new ConnectionPoolTimeoutException("no connection free"))));
        assertTrue(KinesisFailures.nothingStored(client(new UnknownHostException("kinesis.example"))));
    }

    @Test
    void aCallThatTimedOutOrBrokeAfterSendingMayBeStored() {
        assertFalse(KinesisFailures.nothingStored(ApiCallAttemptTimeoutException.builder().message("2000 ms").build()));
        assertFalse(KinesisFailures.nothingStored(ApiCallTimeoutException.builder().message("5000 ms").build()));
        assertFalse(KinesisFailures.nothingStored(client(new SocketTimeoutException("Read timed out"))));
        assertFalse(KinesisFailures.nothingStored(client(new NoHttpResponseException("failed to respond"))));
        assertFalse(KinesisFailures.nothingStored(client(new IOException("Connection reset"))));
    }

    @Test
    void theSdkRetriesAtOnceOnlyWhatStoredNothingAndPassesSoon() {
        assertTrue(KinesisFailures.transientAndNothingStored(ProvisionedThroughputExceededException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException").build()).build()));
        assertTrue(KinesisFailures.transientAndNothingStored(answered(503, "ServiceUnavailable")));
        assertTrue(KinesisFailures.transientAndNothingStored(answered(500, "InternalFailure")));
        assertTrue(KinesisFailures.transientAndNothingStored(client(new ConnectException("Connection refused"))));
        // refused for a reason that takes longer to pass: left to the route's retries
        assertFalse(KinesisFailures.transientAndNothingStored(answered(400, "KMSThrottlingException")));
        assertFalse(KinesisFailures.transientAndNothingStored(ApiCallAttemptTimeoutException.builder().build()));
        assertFalse(KinesisFailures.transientAndNothingStored(client(new SocketTimeoutException("Read timed out"))));
    }
}
