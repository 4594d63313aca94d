package org.greenhouse.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.HyphenateEnumConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.greenhouse.archive.ArchiveConfig;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The query service outside the app, for the query command: the same settings (application.properties, the
 * profile, environment variables, system properties) and, on Athena, the same route (routes/query.yaml) in a Camel
 * context of its own with the same beans; its HTTP endpoint is left out.
 */
public final class StandaloneQuery implements AutoCloseable {

    private final QueryService service;
    private final CamelContext camel;

    private StandaloneQuery(QueryService service, CamelContext camel) {
        this.service = service;
        this.camel = camel;
    }

    public QueryService service() {
        return service;
    }

    /**
     * @param profile the settings profile, or null: QUARKUS_PROFILE, quarkus.profile, else prod
     * @param engine  duckdb or athena instead of greenhouse.query.engine, or null
     */
    public static StandaloneQuery open(String profile, String engine) throws Exception {
        SmallRyeConfig config = config(profile, engine);
        QueryConfig query = mapping(QueryConfig.class, "greenhouse.query", config);
        ArchiveConfig archive = mapping(ArchiveConfig.class, "greenhouse.archive", config);
        QueryEngines.check(query);
        QueryLimits limits = QueryEngines.limits(query);
        if (query.engine() == QueryConfig.Engine.DUCKDB) {
            return new StandaloneQuery(new QueryService(QueryEngines.duckdb(query, archive), limits), null);
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        // the route's {{placeholders}} from the same settings; the endpoint stays off
        camel.getPropertiesComponent().addPropertiesSource(new org.apache.camel.spi.PropertiesSource() {
            @Override
            public String getName() {
                return "greenhouse-settings";
            }

            @Override
            public String getProperty(String name) {
                return name.equals("greenhouse.query.enabled") ? "false"
                        : config.getOptionalValue(name, String.class).orElse(null);
            }
        });
        AthenaClient athena = QueryEngines.athenaClient(query.athena());
        S3Client results = QueryEngines.resultsClient(query.athena());
        QueryService service = new QueryService(new AthenaEngine(camel.createProducerTemplate()), limits);
        camel.getRegistry().bind("athenaClient", athena);
        camel.getRegistry().bind("athenaResultsS3Client", results);
        camel.getRegistry().bind("athenaQueries", new AthenaQueries(() -> athena, query.athena()));
        camel.getRegistry().bind("queryHttp", new QueryHttp(service));
        Resource routes = ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/query.yaml");
        PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
        // the command has no HTTP endpoint: the file's REST route goes, whatever its disabled flag resolves to
        camel.removeRouteDefinitions(camel.getRouteDefinitions().stream()
                .filter(route -> Boolean.TRUE.equals(route.isRest())).toList());
        camel.start();
        return new StandaloneQuery(service, camel);
    }

    static SmallRyeConfig config(String profile, String engine) throws java.io.IOException {
        String chosen = Optional.ofNullable(profile).or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE")))
                .or(() -> Optional.ofNullable(System.getProperty("quarkus.profile"))).orElse("prod");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withProfile(chosen)
                .addDefaultInterceptors()
                .addSystemSources()
                .withSources(new PropertiesConfigSource(
                        StandaloneQuery.class.getClassLoader().getResource("application.properties"), 250))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withConverter(QueryConfig.Engine.class, 200, new HyphenateEnumConverter<>(QueryConfig.Engine.class))
                .withConverter(ArchiveConfig.Store.class, 200, new HyphenateEnumConverter<>(ArchiveConfig.Store.class))
                .withValidateUnknown(false);
        if (engine != null) {
            builder.withSources(new PropertiesConfigSource(java.util.Map.of("greenhouse.query.engine", engine),
                    "--engine", 1000));
        }
        try {
            return builder.build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the settings cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A settings interface read straight from the settings, each method its kebab-case key: outside Quarkus the
     * implementations Quarkus generates for @ConfigMapping at build time are not there.
     */
    static <T> T mapping(Class<T> type, String prefix, SmallRyeConfig config) {
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? prefix : method.invoke(prefix, args);
                    }
                    String key = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                            .toLowerCase(java.util.Locale.ROOT);
                    Class<?> returns = method.getReturnType();
                    if (returns == Optional.class) {
                        Class<?> element = (Class<?>) ((java.lang.reflect.ParameterizedType) method
                                .getGenericReturnType()).getActualTypeArguments()[0];
                        return config.getOptionalValue(key, element);
                    }
                    if (returns.isInterface() && returns.getName().startsWith("org.greenhouse.")) {
                        return mapping(returns, key, config);
                    }
                    return config.getValue(key, returns);
                });
        return type.cast(proxy);
    }

    @Override
    public void close() throws Exception {
        if (camel != null) {
            camel.close();
        }
    }
}
