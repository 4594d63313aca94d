package org.greenhouse.events;

import java.net.ConnectException;
import java.net.UnknownHostException;

import org.apache.http.conn.ConnectTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * What a failed PutRecords call tells of its records. Only two kinds of failure prove that none of them is in
 * the stream: Kinesis answered with an error, or the call never reached it. Anything else (the call timed out,
 * or the connection broke after the request was sent) leaves it open whether Kinesis stored them.
 */
final class KinesisFailures {

    private KinesisFailures() {
    }

    /** None of the call's records is in the stream: sending them again cannot put them twice. */
    static boolean nothingStored(Throwable failure) {
        return failure instanceof SdkServiceException || neverConnected(failure);
    }

    /**
     * Worth another attempt within the same call (the SDK's retry): nothing stored, and likely to pass soon
     * (throttled, a server error, no connection). A call Kinesis refused for another reason (a KMS key it
     * cannot use, a missing stream) is left to the route's slower retries.
     */
    static boolean transientAndNothingStored(Throwable failure) {
        if (failure instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return neverConnected(failure);
    }

    /** No connection was made (refused, timed out connecting, no connection free in the pool, unknown host). */
    private static boolean neverConnected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
