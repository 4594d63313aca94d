package org.greenhouse.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.greenhouse.alerts.AlertText;
import org.jboss.logging.Logger;

/**
 * POST /api/query (routes/query.yaml): reads the request, runs it through the query service and answers JSON or
 * CSV, or refuses it with a 4xx that says why. The answer is complete before it is sent (it is bounded by the row
 * limit), so a limit that was hit can be said in a header and a failure mid-way is still an error status.
 */
@ApplicationScoped
@Named("queryHttp")
@RegisterForReflection // called by name from the route, also in a native image
public class QueryHttp {

    public static final String LIMIT_HEADER = "Greenhouse-Query-Limit";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(QueryHttp.class);

    private final QueryService service;

    @Inject
    public QueryHttp(QueryService service) {
        this.service = service;
    }

    public void answer(Exchange exchange) {
        Message message = exchange.getMessage();
        QueryRequest request = null;
        try {
            String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
            if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                refuse(message, 415, "send the query as application/json: {\"sql\": \"SELECT ...\"}");
                return;
            }
            JsonNode body = parse(message.getBody(byte[].class));
            request = request(body);
            QueryLimits limits = limits(body, service.limits());
            boolean csv = csv(body, message.getHeader("Accept", String.class));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            QueryOutcome outcome;
            if (csv) {
                try (Writer writer = new OutputStreamWriter(answer, StandardCharsets.UTF_8)) {
                    outcome = service.run(request, new CsvSink(writer), QueryProgress.NONE, limits);
                }
            } else {
                JsonSink sink = new JsonSink(answer, service.engine());
                outcome = service.run(request, sink, QueryProgress.NONE, limits);
                sink.finish(outcome);
            }
            LOG.infof("query on %s: %d rows in %d ms%s: %s", outcome.engine(), outcome.rows(),
                    outcome.elapsed().toMillis(), outcome.limitHit().map(l -> " (" + l.header() + ")").orElse(""),
                    describe(request));
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, csv ? "text/csv; charset=utf-8" : "application/json");
            outcome.limitHit().ifPresent(limit -> message.setHeader(LIMIT_HEADER, limit.header()));
            message.setBody(answer.toByteArray());
        } catch (QueryRefused e) {
            LOG.infof("query refused: %s: %s", AlertText.escape(e.getMessage(), 300), describe(request));
            refuse(message, 400, e.getMessage());
        } catch (QueryFailedException e) {
            LOG.warnf("query failed: %s: %s", AlertText.escape(e.getMessage(), 1000), describe(request));
            refuse(message, e.clientFault() ? 400 : 502, e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warnf("query not run, the archive or engine is unavailable: %s", AlertText.escape(e.getMessage(), 1000));
            refuse(message, 503, "the archive store or the query engine could not be reached: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "query failed: %s", describe(request));
            refuse(message, 500, "the query could not be run; the app's log has the cause");
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new QueryRefused("the body must be a JSON object: {\"sql\": \"SELECT ...\"}");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new QueryRefused("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static QueryRequest request(JsonNode body) {
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!field.equals("sql") && !field.equals("query") && !field.equals("parameters")
                    && !field.equals("format") && !field.equals("maxRows") && !field.equals("timeLimitSeconds")) {
                throw new QueryRefused("unknown field '" + field + "': the body takes sql, or query and parameters, "
                        + "and format, maxRows, timeLimitSeconds");
            }
        }
        String sql = text(body, "sql");
        String name = text(body, "query");
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode given = body.get("parameters");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new QueryRefused("parameters must be a JSON object of names and values");
            }
            given.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    throw new QueryRefused("parameter '" + entry.getKey() + "' must be a number or a string");
                }
                parameters.put(entry.getKey(), entry.getValue().asText());
            });
        }
        return new QueryRequest(sql, name, parameters);
    }

    /** A request may ask for lower limits than the settings' (a chart wants few rows), never higher ones. */
    static QueryLimits limits(JsonNode body, QueryLimits most) {
        long maxRows = most.maxRows();
        java.time.Duration timeLimit = most.timeLimit();
        JsonNode rows = body.get("maxRows");
        if (rows != null && !rows.isNull()) {
            if (!rows.canConvertToLong() || !rows.isIntegralNumber() || rows.asLong() < 1) {
                throw new QueryRefused("maxRows must be a whole number of at least 1");
            }
            maxRows = Math.min(maxRows, rows.asLong());
        }
        JsonNode seconds = body.get("timeLimitSeconds");
        if (seconds != null && !seconds.isNull()) {
            if (!seconds.isIntegralNumber() || seconds.asLong() < 1) {
                throw new QueryRefused("timeLimitSeconds must be a whole number of at least 1");
            }
            timeLimit = java.time.Duration.ofSeconds(Math.min(timeLimit.toSeconds(), seconds.asLong()));
        }
        return new QueryLimits(maxRows, timeLimit);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new QueryRefused(field + " must be a string");
        }
        return value.asText();
    }

    private static boolean csv(JsonNode body, String accept) {
        String format = text(body, "format");
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new QueryRefused("format must be json or csv, not '" + format + "'");
            };
        }
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    /** The query, for a log line: client text, escaped and cut. */
    private static String describe(QueryRequest request) {
        if (request == null) {
            return "(unreadable request)";
        }
        if (request.name() != null) {
            return "query " + AlertText.escape(request.name(), 100) + " " + AlertText.escape(
                    request.parameters().toString(), 300);
        }
        return AlertText.escape(request.sql(), 500);
    }

    private static void refuse(Message message, int status, String reason) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(JSON.createObjectNode().put("error", reason).toString());
    }
}
