package org.greenhouse.lambda;

/** Event JSON as AWS documents it, for the handler's tests: called as a bean, and through the Lambda runtime. */
final class LambdaEvents {

    private LambdaEvents() {
    }

    private static final String EVENT = "{\\\"type\\\":\\\"product_viewed\\\",\\\"occurred_at\\\":\\\"2026-11-23T06:00:00Z\\\","
            + "\\\"user_id\\\":5,\\\"event_id\\\":\\\"%s\\\",\\\"product\\\":{\\\"id\\\":1,\\\"title\\\":\\\"Backpack\\\","
            + "\\\"price\\\":109.95,\\\"category\\\":\\\"bags\\\"}}";

    /** An EventBridge scheduled event whose input, under detail, names a pipeline. */
    static String scheduled(String pipeline) {
        return "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":\"2026-11-23T06:00:00Z\",\"region\":"
                + "\"eu-west-2\",\"resources\":[\"arn:aws:events:eu-west-2:123456789012:rule/" + pipeline + "\"],"
                + "\"detail\":{\"pipeline\":\"" + pipeline + "\"}}";
    }

    /** A rule's constant input, which replaces the event. */
    static String constantInput(String pipeline) {
        return "{\"pipeline\":\"" + pipeline + "\"}";
    }

    /** An HTTP API (payload 2.0) request for POST /api/events carrying one event with this id. */
    static String httpApiV2(String eventId) {
        return "{\"version\":\"2.0\",\"routeKey\":\"POST /api/events\",\"rawPath\":\"/api/events\",\"rawQueryString\":\"\","
                + "\"headers\":{\"content-type\":\"application/json\",\"x-api-key\":\"test-key\"},\"requestContext\":"
                + "{\"accountId\":\"123456789012\",\"apiId\":\"api-id\",\"http\":{\"method\":\"POST\",\"path\":"
                + "\"/api/events\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"192.0.2.1\"},\"requestId\":\"id\",\"routeKey\":"
                + "\"POST /api/events\",\"stage\":\"$default\"},\"body\":\"" + EVENT.formatted(eventId)
                + "\",\"isBase64Encoded\":false}";
    }

    /** A REST API (v1 proxy) request for a path, with an API key, carrying one event with this id. */
    static String restApiV1(String path, String apiKey, String eventId) {
        return "{\"resource\":\"" + path + "\",\"path\":\"" + path + "\",\"httpMethod\":\"POST\",\"headers\":"
                + "{\"Content-Type\":\"application/json\",\"X-Api-Key\":\"" + apiKey + "\"},\"requestContext\":"
                + "{\"resourcePath\":\"" + path + "\",\"httpMethod\":\"POST\",\"stage\":\"prod\"},\"body\":\""
                + EVENT.formatted(eventId) + "\",\"isBase64Encoded\":false}";
    }
}
