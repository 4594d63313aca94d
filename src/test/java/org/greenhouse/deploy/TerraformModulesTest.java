package org.greenhouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import jakarta.inject.Named;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The terraform/ roots and modules, read with a kept HCL parser (hcl4j) for the declarations and plain
 * patterns for the references (hcl4j evaluates expressions, so references are read from the text): every
 * reference names something declared, every module call fits its module, every variable and output is
 * described, both deployments declare their shared variables alike and document the required ones, the Glue
 * tables match athena/*.sql, and the schedules name only pipelines the Lambda handler knows.
 */
class TerraformModulesTest {

    private static final Path TERRAFORM = Path.of("terraform");
    private static final List<String> DEPLOYMENTS = List.of("lambda", "fargate");
    private static final Set<String> META_ARGUMENTS = Set.of("source", "version", "count", "for_each", "providers",
            "depends_on");
    private static final String NAME = "([A-Za-z_][A-Za-z0-9_-]*)";
    private static final Pattern VAR = Pattern.compile("(?<![\\w.])var\\." + NAME);
    private static final Pattern LOCAL = Pattern.compile("(?<![\\w.])local\\." + NAME);
    private static final Pattern MODULE = Pattern.compile("(?<![\\w.])module\\." + NAME + "(?:\\[[^\\]]*])?(?:\\."
            + NAME + ")?");
    private static final Pattern DATA = Pattern.compile("(?<![\\w.])data\\." + NAME + "\\." + NAME);
    private static final Pattern EPHEMERAL = Pattern.compile("(?<![\\w.])ephemeral\\." + NAME + "\\." + NAME);
    private static final Pattern RESOURCE = Pattern.compile("(?<![\\w.\"/-])(aws_[a-z0-9_]+)\\." + NAME);
    private static final Pattern VARIABLE_BLOCK = Pattern.compile("(?m)^variable\\s+\"([^\"]+)\"\\s*\\{");
    private static final Pattern PIPELINE = Pattern.compile("\\bpipeline\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern ENV_NAME = Pattern.compile("\\b(GREENHOUSE_[A-Z0-9_]+)\\s*=");
    /** Without these the app does not start in production (application.properties has no default). */
    private static final List<String> REQUIRED_SETTINGS = List.of("GREENHOUSE_DB_URL", "GREENHOUSE_DB_USERNAME",
            "GREENHOUSE_DB_PASSWORD", "GREENHOUSE_PLANT_BASE_URL", "GREENHOUSE_ARCHIVE_S3_BUCKET",
            "GREENHOUSE_EVENTS_API_KEYS");

    /** A directory of .tf files (a root or a module), as declarations and as text without comments. */
    record Config(Path dir, String text, Map<String, Map<String, Object>> variables,
            Map<String, Map<String, Object>> outputs, Map<String, Object> locals,
            Map<String, Map<String, Object>> moduleCalls, Set<String> resources, Set<String> data,
            Set<String> ephemerals, Map<String, String> variableBlocks) {
    }

    /** hcl4j logs what it cannot evaluate, which is most expressions: not news here (kept: loggers are weak). */
    private static final Logger HCL4J_LOG = Logger.getLogger("com.bertramlabs.plugins.hcl4j");

    private static Map<Path, Config> configs;

    @BeforeAll
    static void readEveryConfiguration() throws IOException {
        HCL4J_LOG.setLevel(Level.OFF);
        configs = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TERRAFORM)) {
            for (Path dir : files.filter(f -> f.toString().endsWith(".tf") && !f.toString().contains(".terraform"))
                    .map(Path::getParent).collect(Collectors.toCollection(TreeSet::new))) {
                configs.put(dir.normalize(), read(dir));
            }
        }
        assertTrue(configs.keySet().containsAll(DEPLOYMENTS.stream().map(TERRAFORM::resolve).toList()),
                "a root module per deployment: " + configs.keySet());
    }

    @Test
    void everyReferenceNamesSomethingDeclared() {
        List<String> problems = new ArrayList<>();
        for (Config config : configs.values()) {
            String at = " in " + config.dir();
            find(config, VAR, m -> config.variables().containsKey(m.group(1)), "var.%s is not declared" + at, problems);
            find(config, LOCAL, m -> config.locals().containsKey(m.group(1)), "local.%s is not declared" + at,
                    problems);
            find(config, DATA, m -> config.data().contains(m.group(1) + "." + m.group(2)),
                    "data.%s.%s is not declared" + at, problems);
            find(config, EPHEMERAL, m -> config.ephemerals().contains(m.group(1) + "." + m.group(2)),
                    "ephemeral.%s.%s is not declared" + at, problems);
            find(config, RESOURCE, m -> config.resources().contains(m.group(1) + "." + m.group(2)),
                    "resource %s.%s is not declared" + at, problems);
            find(config, MODULE, m -> {
                Map<String, Object> call = config.moduleCalls().get(m.group(1));
                if (call == null) {
                    return false;
                }
                Config module = calledModule(config, call);
                return m.group(2) == null || module != null && module.outputs().containsKey(m.group(2));
            }, "module.%s (output %s) is not declared" + at, problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyModuleCallPassesDeclaredInputsAndEveryRequiredOne() {
        List<String> problems = new ArrayList<>();
        int calls = 0;
        for (Config config : configs.values()) {
            for (var call : config.moduleCalls().entrySet()) {
                calls++;
                String name = "module \"" + call.getKey() + "\" in " + config.dir();
                Config module = calledModule(config, call.getValue());
                if (module == null) {
                    problems.add(name + ": source " + call.getValue().get("source") + " is no local module");
                    continue;
                }
                Set<String> inputs = new TreeSet<>(call.getValue().keySet());
                inputs.removeAll(META_ARGUMENTS);
                for (String input : inputs) {
                    if (!module.variables().containsKey(input)) {
                        problems.add(name + " passes " + input + ", which " + module.dir() + " does not declare");
                    }
                }
                module.variables().forEach((variable, body) -> {
                    if (!body.containsKey("default") && !inputs.contains(variable)) {
                        problems.add(name + " does not pass " + variable + ", which has no default");
                    }
                });
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(calls >= 2 * 8, "the roots call the shared modules: " + calls + " calls");
    }

    @Test
    void everyVariableAndOutputIsDescribedAndEveryVariableTyped() {
        List<String> problems = new ArrayList<>();
        for (Config config : configs.values()) {
            config.variables().forEach((name, body) -> {
                if (!(body.get("description") instanceof String text) || text.isBlank()) {
                    problems.add("variable " + name + " in " + config.dir() + " has no description");
                }
                if (body.get("type") == null) {
                    problems.add("variable " + name + " in " + config.dir() + " has no type");
                }
            });
            config.outputs().forEach((name, body) -> {
                if (!(body.get("description") instanceof String text) || text.isBlank()) {
                    problems.add("output " + name + " in " + config.dir() + " has no description");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void bothDeploymentsDeclareTheirSharedVariablesAlike() {
        Config lambda = configs.get(TERRAFORM.resolve("lambda"));
        Config fargate = configs.get(TERRAFORM.resolve("fargate"));
        Set<String> shared = new TreeSet<>(lambda.variableBlocks().keySet());
        shared.retainAll(fargate.variableBlocks().keySet());
        assertTrue(shared.containsAll(List.of("vpc_id", "private_subnet_ids", "alarm_email", "events_api_keys")),
                "shared: " + shared);
        for (String name : shared) {
            assertEquals(lambda.variableBlocks().get(name), fargate.variableBlocks().get(name),
                    "variable " + name + " differs between the lambda and fargate roots");
        }
    }

    @Test
    void eachRootDocumentsAndExemplifiesItsRequiredVariables() throws IOException {
        for (String deployment : DEPLOYMENTS) {
            Config root = configs.get(TERRAFORM.resolve(deployment));
            String readme = Files.readString(root.dir().resolve("README.md"));
            Map<String, Object> example = parse(root.dir().resolve("terraform.tfvars.example").toFile());
            for (String name : root.variables().keySet()) {
                boolean required = !root.variables().get(name).containsKey("default");
                if (required) {
                    assertTrue(readme.contains("`" + name + "`"), deployment + "/README.md does not name " + name);
                    assertTrue(example.containsKey(name), deployment + "/terraform.tfvars.example lacks " + name);
                }
            }
            for (String name : example.keySet()) {
                assertTrue(root.variables().containsKey(name),
                        deployment + "/terraform.tfvars.example sets " + name + ", which is not declared");
            }
        }
    }

    @Test
    void theGlueTablesMatchTheAthenaDdl() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> tables = (Map<String, Map<String, Object>>) configs
                .get(TERRAFORM.resolve("modules/athena")).locals().get("tables");
        Map<String, Ddl> ddls = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("athena"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Ddl ddl = Ddl.parse(Files.readString(file));
                ddls.put(ddl.table(), ddl);
            }
        }
        assertEquals(ddls.keySet(), new TreeSet<>(tables.keySet()), "a Glue table per athena/*.sql");
        for (Ddl ddl : ddls.values()) {
            Map<String, Object> table = tables.get(ddl.table());
            @SuppressWarnings("unchecked")
            List<String> columns = ((List<Map<String, Object>>) table.get("columns")).stream()
                    .map(column -> column.get("name") + " " + column.get("type")).toList();
            assertEquals(ddl.columns(), columns, ddl.table() + ": columns");
            assertEquals(ddl.partitionKeys(), table.get("partition_keys"), ddl.table() + ": partition keys");
            assertEquals(ddl.properties(), new TreeMap<>(castMap(table.get("properties"))),
                    ddl.table() + ": table properties");
            assertEquals(ddl.locationTemplate(), ((String) table.get("location_template")).replace("$${", "${"),
                    ddl.table() + ": storage.location.template");
        }
    }

    @Test
    void theLambdaWiringMatchesTheHandler() throws Exception {
        Field field = Class.forName("org.greenhouse.lambda.GreenhouseLambda").getDeclaredField("PIPELINES");
        field.setAccessible(true);
        Set<String> known = new TreeSet<>(castMap(field.get(null)).keySet());
        assertTrue(known.contains("plant-ingest"), "read GreenhouseLambda.PIPELINES: " + known);

        Set<String> named = new TreeSet<>();
        configs.values().forEach(config -> collect(PIPELINE, config.text(), 1, named));
        named.removeAll(known);
        assertEquals(Set.of(), named, "pipelines GreenhouseLambda does not know");

        Config root = configs.get(TERRAFORM.resolve("lambda"));
        Set<String> scheduled = castMap(root.variables().get("schedules").get("default")).values().stream()
                .map(schedule -> String.valueOf(castMap(schedule).get("pipeline")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(known, scheduled, "the default schedules run every pipeline");
        Matcher allowed = Pattern.compile("contains\\(\\[([^\\]]*)],\\s*s\\.pipeline\\)")
                .matcher(root.variableBlocks().get("schedules"));
        assertTrue(allowed.find(), "the schedules variable validates the pipeline names");
        Set<String> validated = new TreeSet<>();
        collect(Pattern.compile("\"([^\"]+)\""), allowed.group(1), 1, validated);
        assertEquals(known, validated, "the schedules variable accepts exactly the known pipelines");

        String handler = Class.forName("org.greenhouse.lambda.GreenhouseLambda").getAnnotation(Named.class).value();
        Matcher env = Pattern.compile("QUARKUS_LAMBDA_HANDLER\\s*=\\s*\"([^\"]*)\"")
                .matcher(configs.get(TERRAFORM.resolve("modules/lambda")).text());
        assertTrue(env.find() && env.group(1).equals(handler), "QUARKUS_LAMBDA_HANDLER names @Named " + handler);
    }

    @Test
    void theAppGetsEverySettingItNeedsAndOnlySettingsItKnows() throws IOException {
        Set<String> known = settingsAsEnvNames();
        String shared = configs.get(TERRAFORM.resolve("modules/app-config")).text();
        for (Config config : configs.values()) {
            Set<String> set = new TreeSet<>();
            collect(ENV_NAME, config.text(), 1, set);
            set.removeAll(known);
            assertEquals(Set.of(), set, config.dir() + " sets environment variables the app does not read");
        }
        for (String deployment : DEPLOYMENTS) {
            Set<String> provided = new HashSet<>();
            collect(ENV_NAME, configs.get(TERRAFORM.resolve(deployment)).text() + shared, 1, provided);
            for (String required : REQUIRED_SETTINGS) {
                assertTrue(provided.contains(required), deployment + " does not provide " + required);
            }
        }
    }

    // ---- reading

    private static Config read(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        Map<String, Map<String, Object>> variables = new TreeMap<>();
        Map<String, Map<String, Object>> outputs = new TreeMap<>();
        Map<String, Object> locals = new TreeMap<>();
        Map<String, Map<String, Object>> moduleCalls = new TreeMap<>();
        Set<String> resources = new TreeSet<>();
        Set<String> data = new TreeSet<>();
        Set<String> ephemerals = new TreeSet<>();
        Map<String, String> variableBlocks = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
        }
        for (Path file : files) {
            String raw = Files.readString(file);
            text.append(withoutComments(raw)).append('\n');
            Matcher block = VARIABLE_BLOCK.matcher(raw);
            while (block.find()) {
                variableBlocks.put(block.group(1), raw.substring(block.start(), blockEnd(raw, block.end() - 1)));
            }
            Map<String, Object> hcl = parse(file.toFile());
            for (Map<String, Object> body : maps(hcl.get("variable"))) {
                body.forEach((name, value) -> variables.put(name, castMap(value)));
            }
            for (Map<String, Object> body : maps(hcl.get("output"))) {
                body.forEach((name, value) -> outputs.put(name, castMap(value)));
            }
            for (Map<String, Object> body : maps(hcl.get("locals"))) {
                locals.putAll(body);
            }
            for (Map<String, Object> body : maps(hcl.get("module"))) {
                body.forEach((name, value) -> moduleCalls.put(name, castMap(value)));
            }
            addressesOf(hcl.get("resource"), resources);
            addressesOf(hcl.get("data"), data);
            addressesOf(hcl.get("ephemeral"), ephemerals);
        }
        assertEquals(variableBlocks.keySet(), variables.keySet(), dir + ": variable blocks found in the text");
        return new Config(dir.normalize(), text.toString(), variables, outputs, locals, moduleCalls, resources, data,
                ephemerals, variableBlocks);
    }

    /** hcl4j reports its expression evaluation on stdout: kept out of the test output. */
    private static synchronized Map<String, Object> parse(File file) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return new HCLParser().parse(file, "UTF-8");
        } catch (Exception e) {
            throw new AssertionError(file + " does not parse as HCL (hcl4j): " + e.getMessage(), e);
        } finally {
            System.setOut(out);
        }
    }

    private static Config calledModule(Config caller, Map<String, Object> call) {
        if (!(call.get("source") instanceof String source) || !source.startsWith(".")) {
            return null;
        }
        return configs.get(caller.dir().resolve(source).normalize());
    }

    private static void find(Config config, Pattern reference, Predicate<Matcher> declared, String problem,
            List<String> problems) {
        Matcher m = reference.matcher(config.text());
        while (m.find()) {
            if (!declared.test(m)) {
                Object[] groups = new Object[m.groupCount()];
                for (int i = 0; i < groups.length; i++) {
                    groups[i] = m.group(i + 1);
                }
                String found = problem.formatted(groups);
                if (!problems.contains(found)) {
                    problems.add(found);
                }
            }
        }
    }

    private static void collect(Pattern pattern, String text, int group, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(group));
        }
    }

    /** Blocks hcl4j gives as one map, or as a list of maps when a file repeats them. */
    private static List<Map<String, Object>> maps(Object value) {
        if (value instanceof Map<?, ?>) {
            return List.of(castMap(value));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TerraformModulesTest::castMap).toList();
        }
        return List.of();
    }

    private static void addressesOf(Object blocks, Set<String> into) {
        for (Map<String, Object> byType : maps(blocks)) {
            byType.forEach((type, byName) -> maps(byName)
                    .forEach(names -> names.keySet().forEach(name -> into.add(type + "." + name))));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** The text with # and // comments and /* *&#47; blocks removed (strings kept as they are). */
    static String withoutComments(String hcl) {
        StringBuilder out = new StringBuilder(hcl.length());
        boolean string = false;
        for (int i = 0; i < hcl.length(); i++) {
            char c = hcl.charAt(i);
            if (string) {
                out.append(c);
                if (c == '\\' && i + 1 < hcl.length()) {
                    out.append(hcl.charAt(++i));
                } else if (c == '"') {
                    string = false;
                }
            } else if (c == '#' || c == '/' && hcl.startsWith("//", i)) {
                while (i < hcl.length() && hcl.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else if (c == '/' && hcl.startsWith("/*", i)) {
                int end = hcl.indexOf("*/", i + 2);
                i = end < 0 ? hcl.length() : end + 1;
            } else {
                string = c == '"';
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The index after the brace that closes the one at {@code open}, strings skipped. */
    private static int blockEnd(String hcl, int open) {
        int depth = 0;
        boolean string = false;
        for (int i = open; i < hcl.length(); i++) {
            char c = hcl.charAt(i);
            if (string) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    string = false;
                }
            } else if (c == '"') {
                string = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        throw new AssertionError("unclosed block at " + open);
    }

    /** Every greenhouse.* setting of application.properties, as its environment variable name. */
    private static Set<String> settingsAsEnvNames() throws IOException {
        Set<String> names = new HashSet<>();
        collect(Pattern.compile("(?:%\\w+\\.)?(greenhouse\\.[a-z0-9.-]+)"),
                Files.readString(Path.of("src/main/resources/application.properties")), 1, names);
        return names.stream().map(name -> name.toUpperCase().replaceAll("[.-]", "_")).collect(Collectors.toSet());
    }

    /** One CREATE EXTERNAL TABLE of athena/*.sql, read as simply as it is written. */
    record Ddl(String table, List<String> columns, List<String> partitionKeys, Map<String, String> properties,
            String locationTemplate) {

        private static final Pattern TABLE = Pattern.compile(
                "CREATE EXTERNAL TABLE IF NOT EXISTS \\{\\{database}}\\.(\\w+) \\((.*?)\\)"
                        + "\\s*PARTITIONED BY \\((.*?)\\)"
                        + ".*?LOCATION 's3://\\{\\{bucket}}/\\{\\{prefix}}/(\\w+)/'.*?TBLPROPERTIES \\((.*?)\\);",
                Pattern.DOTALL);
        private static final Pattern PROPERTY = Pattern.compile("'([^']+)'\\s*=\\s*'([^']*)'");
        private static final String TEMPLATE = "storage.location.template";

        static Ddl parse(String sql) {
            Matcher m = TABLE.matcher(withoutSqlComments(sql));
            assertTrue(m.find(), "no CREATE EXTERNAL TABLE, PARTITIONED BY, LOCATION, TBLPROPERTIES in\n" + sql);
            assertEquals(m.group(1), m.group(4), "the table's location is named after it");
            List<String> columns = pairs(m.group(2));
            List<String> partitionKeys = new ArrayList<>();
            for (String key : pairs(m.group(3))) {
                assertTrue(key.endsWith(" string"), "partition key " + key + " is not a string");
                partitionKeys.add(key.substring(0, key.indexOf(' ')));
            }
            Map<String, String> properties = new LinkedHashMap<>();
            Matcher property = PROPERTY.matcher(m.group(5));
            while (property.find()) {
                properties.put(property.group(1), property.group(2));
            }
            String template = properties.remove(TEMPLATE);
            String root = "s3://{{bucket}}/{{prefix}}/";
            assertTrue(template != null && template.startsWith(root), m.group(1) + ": " + TEMPLATE + " " + template);
            return new Ddl(m.group(1), columns, partitionKeys, new TreeMap<>(properties),
                    template.substring(root.length()));
        }

        /** "a int,\n b string" as ["a int", "b string"], spaces normalised. */
        private static List<String> pairs(String list) {
            List<String> pairs = new ArrayList<>();
            for (String item : list.split(",")) {
                pairs.add(item.trim().replaceAll("\\s+", " "));
            }
            return pairs;
        }

        private static String withoutSqlComments(String sql) {
            return sql.replaceAll("(?m)--.*$", "");
        }
    }
}
