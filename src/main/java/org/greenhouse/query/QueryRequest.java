package org.greenhouse.query;

import java.util.Map;

/** One query: SQL, or the name of a named query with its parameters (as text). */
public record QueryRequest(String sql, String name, Map<String, String> parameters) {

    public QueryRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public static QueryRequest sql(String sql) {
        return new QueryRequest(sql, null, Map.of());
    }

    public static QueryRequest named(String name, Map<String, String> parameters) {
        return new QueryRequest(null, name, parameters);
    }
}
