package org.greenhouse.lambda;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.greenhouse.events.EventIngest;
import org.greenhouse.warehouse.Manifests;

/**
 * The app as one AWS Lambda function. An EventBridge schedule whose input names a pipeline
 * ({@code {"pipeline": "plant-ingest"}}, or the same under {@code detail}) runs one cycle of it and returns its
 * report; an API Gateway event (HTTP API v2 or REST v1 proxy) for {@code POST /api/events} goes through the
 * ingestion route and returns its status and body; an S3 event notification of a warehouse manifest
 * ({@code ObjectCreated}) runs the next warehouse step: an ingestion manifest runs process, a processed manifest
 * runs load. All call the pipelines' {@code direct:} entry points.
 */
@ApplicationScoped
@Named("greenhouse")
public class GreenhouseLambda implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final Map<String, String> PIPELINES = Map.of("plant-ingest", "direct:plant-ingest", "plant-archive",
            "direct:plant-archive", "batch-extract", "direct:batch-extract", "events-deliver", "direct:events-deliver",
            "events-process", "direct:events-process",
            "warehouse-ingest", "direct:warehouse-ingest", "warehouse-process", "direct:warehouse-process",
            "warehouse-load", "direct:warehouse-load");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    @Inject
    ProducerTemplate camel;

    @ConfigProperty(name = "greenhouse.events.max-body-size")
    MemorySize maxBodySize;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (event.containsKey("requestContext")) {
            return api(event);
        }
        if (event.get("Records") instanceof List<?> records) {
            return s3(records);
        }
        return schedule(event);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> schedule(Map<String, Object> event) {
        Object pipeline = event.get("pipeline");
        if (pipeline == null && event.get("detail") instanceof Map<?, ?> detail) {
            pipeline = ((Map<String, Object>) detail).get("pipeline");
        }
        String endpoint = PIPELINES.get(String.valueOf(pipeline));
        if (endpoint == null) {
            throw new IllegalArgumentException("unknown pipeline '" + pipeline + "': the event's input must name one of "
                    + PIPELINES.keySet().stream().sorted().toList() + ", as {\"pipeline\": \"plant-ingest\"}");
        }
        Object report = camel.requestBody(endpoint, (Object) null);
        Map<String, Object> result = new HashMap<>();
        result.put("pipeline", pipeline);
        result.put("report", report == null || report instanceof List<?> ? null : JSON.convertValue(report, Map.class));
        return result;
    }

    /**
     * S3 event notifications (the Records of one event): each step runs once however many of its manifests the
     * event names, since a step takes every manifest waiting, oldest first. Other objects are ignored.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> s3(List<?> records) {
        List<String> steps = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Object element : records) {
            Map<String, Object> record = (Map<String, Object>) element;
            String name = String.valueOf(record.get("eventName"));
            Object s3 = record.get("s3");
            if (!"aws:s3".equals(record.get("eventSource")) || !name.startsWith("ObjectCreated:")
                    || !(s3 instanceof Map<?, ?>)) {
                ignored.add(name);
                continue;
            }
            Map<String, Object> object = (Map<String, Object>) ((Map<String, Object>) s3).get("object");
            // S3 event keys are URL-encoded, spaces as '+'
            String key = URLDecoder.decode(String.valueOf(object.get("key")), StandardCharsets.UTF_8);
            String step = Manifests.isIngestionManifest(key) ? "warehouse-process"
                    : Manifests.isProcessedManifest(key) ? "warehouse-load" : null;
            if (step == null) {
                ignored.add(key);
            } else if (!steps.contains(step)) {
                steps.add(step);
            }
        }
        Map<String, Object> result = new HashMap<>();
        Map<String, Object> reports = new LinkedHashMap<>();
        for (String step : steps) {
            Object report = camel.requestBody(PIPELINES.get(step), (Object) null);
            reports.put(step, report == null ? null : JSON.convertValue(report, Map.class));
        }
        result.put("reports", reports);
        result.put("ignored", ignored);
        return result;
    }

    /** API Gateway proxy events, v2 (HTTP API) and v1 (REST API): only POST /api/events is served. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> api(Map<String, Object> event) {
        Map<String, Object> requestContext = (Map<String, Object>) event.get("requestContext");
        boolean v2 = "2.0".equals(event.get("version"));
        String method = v2 ? (String) ((Map<String, Object>) requestContext.get("http")).get("method")
                : (String) event.get("httpMethod");
        String path = v2 ? (String) event.get("rawPath") : (String) event.get("path");
        if (!"/api/events".equals(path)) {
            return response(404, "{\"error\":\"no such resource: " + path + "\"}");
        }
        if (!"POST".equalsIgnoreCase(method)) {
            return response(405, "{\"error\":\"only POST is served on /api/events\"}");
        }
        Map<String, String> headers = new HashMap<>();
        ((Map<String, Object>) event.getOrDefault("headers", Map.of()))
                .forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), String.valueOf(value)));
        String body = (String) event.getOrDefault("body", "");
        byte[] bytes = Boolean.TRUE.equals(event.get("isBase64Encoded")) ? Base64.getDecoder().decode(body)
                : (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBodySize.asLongValue()) {
            return response(413, "{\"error\":\"the body is larger than " + maxBodySize.asLongValue() + " bytes\"}");
        }
        Exchange answer = camel.request("direct:events-ingest", exchange -> {
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, headers.get("content-type"));
            exchange.getIn().setHeader(EventIngest.API_KEY, headers.get("x-api-key"));
            exchange.getIn().setBody(bytes);
        });
        if (answer.getException() != null) {
            // not an answer of the API: the invocation fails, and Lambda reports it
            throw new IllegalStateException("POST /api/events failed: " + answer.getException().getMessage(),
                    answer.getException());
        }
        Map<String, Object> response = response(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 500,
                Integer.class), answer.getMessage().getBody(String.class));
        Object retryAfter = answer.getMessage().getHeader("Retry-After");
        if (retryAfter != null) {
            ((Map<String, Object>) response.get("headers")).put("Retry-After", String.valueOf(retryAfter));
        }
        return response;
    }

    private static Map<String, Object> response(int status, String body) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        Map<String, Object> response = new HashMap<>();
        response.put("statusCode", status);
        response.put("headers", headers);
        response.put("body", body);
        response.put("isBase64Encoded", false);
        return response;
    }
}
