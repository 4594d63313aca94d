package org.greenhouse.query;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.archive.ArchiveConfig;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The query service and the beans routes/query.yaml names. Each is built when first used, so an app that never
 * queries, or queries DuckDB, builds no AWS client; the settings are checked when the app starts.
 */
public class QueryBeans {

    static void checkSettings(@Observes StartupEvent started, QueryConfig config) {
        if (config.enabled()) {
            QueryEngines.check(config);
        }
    }

    @Produces
    @Singleton
    QueryService queryService(QueryConfig config, ArchiveConfig archive, ProducerTemplate camel) {
        QueryEngines.check(config);
        return new QueryService(QueryEngines.engine(config, archive, camel), QueryEngines.limits(config));
    }

    @Produces
    @Singleton
    @Named("athenaQueries")
    AthenaQueries athenaQueries(@Named("athenaClient") Instance<AthenaClient> athena, QueryConfig config) {
        return new AthenaQueries(athena::get, config.athena());
    }

    @Produces
    @Singleton
    @Named("athenaClient")
    AthenaClient athenaClient(QueryConfig config) {
        return QueryEngines.athenaClient(config.athena());
    }

    void close(@Disposes @Named("athenaClient") AthenaClient client) {
        client.close();
    }

    @Produces
    @Singleton
    @Named("athenaResultsS3Client")
    S3Client athenaResultsS3Client(QueryConfig config) {
        return QueryEngines.resultsClient(config.athena());
    }

    void close(@Disposes @Named("athenaResultsS3Client") S3Client client) {
        client.close();
    }
}
