package org.greenhouse.query;

import java.io.IOException;
import java.time.Instant;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;

/** The production engine: Athena, through routes/query.yaml ({@code direct:athena-query}). */
public final class AthenaEngine implements QueryEngine {

    public static final String ROUTE = "direct:athena-query";

    private final ProducerTemplate camel;

    public AthenaEngine(ProducerTemplate camel) {
        this.camel = camel;
    }

    @Override
    public String name() {
        return "athena";
    }

    /** Athena takes no parameters through Camel 4.12's aws2-athena: named queries' values go in as typed literals. */
    @Override
    public void run(SqlQuery query, Instant deadline, RowSink sink, QueryProgress progress) throws IOException {
        AthenaQuery athena = new AthenaQuery(query.withLiterals(), deadline, sink, progress);
        try {
            camel.sendBodyAndHeader(ROUTE, null, AthenaQuery.HEADER, athena);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof QueryTimeLimitException || cause instanceof QueryFailedException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InvalidRequestException invalid) {
                // Athena refuses some queries when they are started (a syntax error, an unknown function)
                throw new QueryFailedException("Athena refused the query: "
                        + (invalid.awsErrorDetails() == null ? invalid.getMessage()
                                : invalid.awsErrorDetails().errorMessage()), true, invalid);
            }
            if (cause instanceof SdkException sdk) {
                throw new QueryFailedException("Athena or its result bucket did not answer: " + sdk.getMessage(),
                        false, sdk);
            }
            throw e;
        }
    }
}
