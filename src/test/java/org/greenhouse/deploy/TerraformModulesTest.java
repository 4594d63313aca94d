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
import org.greenhouse.warehouse.Manifests;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The terraform/ roots and modules, read with a kept HCL parser (hcl4j) for the declarations and plain
 * patterns for the references (hcl4j evaluates expressions, so references are read from the text): every
 * reference names something declared, every module call fits its module and every module is called, every
 * variable and output is described, both deployments read what they share from terraform/shared through links
 * and document their required variables, the Glue tables match athena/*.sql, and the schedules name only
 * pipelines the Lambda handler knows.
 */
class TerraformModulesTest {

    private static final Path TERRAFORM = Path.of("terraform");
    /** Files both roots read through links named shared-&lt;file&gt;: no configuration of its own. */
    private static final Path SHARED = TERRAFORM.resolve("shared");
    private static final List<String> DEPLOYMENTS = List.of("lambda", "fargate");
    private static final Set<String> META_ARGUMENTS = Set.of("source", "version", "count", "for_each", "providers",
            "depends_on");
    private static final String NAME = "([A-Za-z_][A-Za-z0-9_-]*)";
    private static final Pattern VAR = Pattern.compile("(?<![\\w.])var\\." + NAME);
    private static final Pattern LOCAL = Pattern.compile("(?<![\\w.])local\\." + NAME);
    private static final Pattern MODULE = Pattern.compile("(?<![\\w.])module\\." + NAME + "(?:\\[[^\\]]*])?(?:\\."
            + NAME + ")?");
    /** module.m.o.a: attribute a of output o, which is checked where o passes a called module on whole. */
    private static final Pattern MODULE_ATTRIBUTE = Pattern.compile("(?<![\\w.])module\\." + NAME + "\\." + NAME
            + "(?:\\[[^\\]]*])?\\." + NAME);
    private static final Pattern PASSED_MODULE = Pattern.compile("\\bvalue\\s*=\\s*(?:one\\()?module\\." + NAME
            + "\\)?\\s*\\n");
    private static final Pattern DATA = Pattern.compile("(?<![\\w.])data\\." + NAME + "\\." + NAME);
    private static final Pattern EPHEMERAL = Pattern.compile("(?<![\\w.])ephemeral\\." + NAME + "\\." + NAME);
    private static final Pattern RESOURCE = Pattern.compile("(?<![\\w.\"/-])(aws_[a-z0-9_]+)\\." + NAME);
    private static final Pattern VARIABLE_BLOCK = Pattern.compile("(?m)^variable\\s+\"([^\"]+)\"\\s*\\{");
    private static final Pattern OUTPUT_BLOCK = Pattern.compile("(?m)^output\\s+\"([^\"]+)\"\\s*\\{");
    private static final Pattern PIPELINE = Pattern.compile("\\bpipeline\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern ENV_NAME = Pattern.compile("\\b(GREENHOUSE_[A-Z0-9_]+)\\s*=");
    /** Without these the app does not start in production (application.properties has no default). */
    private static final List<String> REQUIRED_SETTINGS = List.of("GREENHOUSE_DB_URL", "GREENHOUSE_DB_USERNAME",
            "GREENHOUSE_DB_PASSWORD", "GREENHOUSE_PLANT_BASE_URL", "GREENHOUSE_ARCHIVE_S3_BUCKET",
            "GREENHOUSE_EVENTS_API_KEYS", "GREENHOUSE_WAREHOUSE_SOURCE_URL", "GREENHOUSE_WAREHOUSE_SOURCE_USERNAME",
            "GREENHOUSE_WAREHOUSE_SOURCE_PASSWORD", "GREENHOUSE_WAREHOUSE_TARGET_URL",
            "GREENHOUSE_WAREHOUSE_TARGET_USERNAME", "GREENHOUSE_WAREHOUSE_TARGET_PASSWORD",
            "GREENHOUSE_WAREHOUSE_INGESTION_BUCKET", "GREENHOUSE_WAREHOUSE_PROCESSED_BUCKET");

    /**
     * A directory of .tf files (a root or a module), linked files included, as declarations and as text without
     * comments.
     */
    record Config(Path dir, String text, Map<String, Map<String, Object>> variables,
            Map<String, Map<String, Object>> outputs, Map<String, Object> locals,
            Map<String, Map<String, Object>> moduleCalls, Set<String> resources, Set<String> data,
            Set<String> ephemerals, Map<String, String> variableBlocks, Map<String, String> outputBlocks) {
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
                    .map(Path::getParent).filter(dir -> !dir.normalize().equals(SHARED))
                    .collect(Collectors.toCollection(TreeSet::new))) {
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
            find(config, MODULE_ATTRIBUTE, m -> {
                Config passed = passedModule(config, m.group(1), m.group(2));
                return passed == null || passed.outputs().containsKey(m.group(3));
            }, "module.%s.%s has no attribute %s: the module it passes on has no such output" + at, problems);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyModuleCallPassesDeclaredInputsAndEveryRequiredOne() {
        List<String> problems = new ArrayList<>();
        Set<Path> called = new TreeSet<>();
        for (Config config : configs.values()) {
            for (var call : config.moduleCalls().entrySet()) {
                String name = "module \"" + call.getKey() + "\" in " + config.dir();
                Config module = calledModule(config, call.getValue());
                if (module == null) {
                    problems.add(name + ": source " + call.getValue().get("source") + " is no local module");
                    continue;
                }
                called.add(module.dir());
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
        Set<Path> modules = configs.keySet().stream().filter(dir -> dir.startsWith(TERRAFORM.resolve("modules")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(modules.size() >= 12, "the modules: " + modules);
        assertEquals(modules, called, "every module is called, by a root or by another module");
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
    void bothDeploymentsReadTheSharedFilesThroughLinksAndDeclareNothingTwice() throws IOException {
        List<Path> shared;
        try (Stream<Path> files = Files.list(SHARED)) {
            shared = files.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
        }
        assertEquals(List.of("main.tf", "outputs.tf", "variables.tf", "versions.tf"),
                shared.stream().map(f -> f.getFileName().toString()).toList(), "the shared files");
        Map<String, Set<String>> own = new TreeMap<>();
        for (String deployment : DEPLOYMENTS) {
            Path root = TERRAFORM.resolve(deployment);
            for (Path file : shared) {
                Path link = root.resolve("shared-" + file.getFileName());
                assertTrue(Files.isSymbolicLink(link), link + " is no symbolic link to " + file);
                assertEquals(Path.of("..", "shared", file.getFileName().toString()), Files.readSymbolicLink(link),
                        link + ": a relative link, so that it holds in every checkout");
            }
            Set<String> declared = new TreeSet<>();
            try (Stream<Path> files = Files.list(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".tf") && !Files.isSymbolicLink(f)).toList()) {
                    Map<String, Object> hcl = parse(file.toFile());
                    for (String kind : List.of("variable", "output")) {
                        for (Map<String, Object> body : maps(hcl.get(kind))) {
                            body.keySet().forEach(name -> declared.add(kind + " " + name));
                        }
                    }
                }
            }
            own.put(deployment, declared);
        }
        Set<String> twice = new TreeSet<>(own.get("lambda"));
        twice.retainAll(own.get("fargate"));
        assertEquals(Set.of(), twice, "declared by both roots: declare them once, in terraform/shared");

        Config lambda = configs.get(TERRAFORM.resolve("lambda"));
        Config fargate = configs.get(TERRAFORM.resolve("fargate"));
        Set<String> common = new TreeSet<>(lambda.variables().keySet());
        common.retainAll(fargate.variables().keySet());
        assertTrue(common.containsAll(List.of("vpc_id", "private_subnet_ids", "alarm_email", "events_api_keys")),
                "shared: " + common);
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
        Config athena = configs.get(TERRAFORM.resolve("modules/athena"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> tables = (Map<String, Map<String, Object>>) athena.locals().get("tables");
        Map<String, Object> common = castMap(athena.locals().get("common_properties"));
        assertTrue(athena.text().contains("merge(local.common_properties, each.value.properties,"),
                "each table's properties are the common ones and its own");
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
            Map<String, Object> properties = new TreeMap<>(common);
            properties.putAll(castMap(table.get("properties")));
            assertEquals(ddl.properties(), properties, ddl.table() + ": table properties");
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

    /**
     * The warehouse (issue [6], seed 001) as deployed: a bucket per zone, the manifests' ObjectCreated events to the
     * function (Lambda), the ingest schedule, a Secrets Manager entry per database handed to the app, the Lambda's
     * triggers left to AWS, and the app's policy granting the zones no more than the steps do.
     */
    @Test
    void theWarehouseIsDeployedWithItsZonesNotificationsSecretsAndLeastPrivilege() {
        String storage = configs.get(TERRAFORM.resolve("modules/storage")).text();
        for (String zone : List.of("ingestion", "processed")) {
            assertTrue(Pattern.compile("warehouse_" + zone + "\\s*=\\s*\\{\\s*name\\s*=\\s*\"\\$\\{var\\.bucket_prefix}-warehouse-"
                    + zone + "\"").matcher(storage).find(), "a bucket of its own for the " + zone + " zone");
        }

        Config notifications = configs.get(TERRAFORM.resolve("modules/zone-notifications"));
        String zones = notifications.text();
        assertTrue(zones.contains("key_prefix  = \"${var.ingestion_prefix}/manifests/" + Manifests.INGEST_MANIFEST + "\"")
                && zones.contains("key_prefix  = \"${var.processed_prefix}/manifests/" + Manifests.PROCESSED_MANIFEST + "\""),
                "only the keys GreenhouseLambda takes for manifests notify");
        String notification = block(zones, "resource \"aws_s3_bucket_notification\" \"this\"");
        assertTrue(notification.contains("events              = [\"s3:ObjectCreated:*\"]")
                && notification.contains("filter_suffix       = \".json\"")
                && notification.contains("lambda_function_arn = var.function_arn"), "ObjectCreated of a manifest invokes the function");
        String permission = block(zones, "resource \"aws_lambda_permission\" \"this\"");
        assertTrue(permission.contains("principal      = \"s3.amazonaws.com\"")
                && permission.contains("source_arn     = each.value.bucket_arn")
                && permission.contains("source_account = "), "S3 may invoke the function for the zones' buckets only");

        String lambda = configs.get(TERRAFORM.resolve("lambda")).text();
        String call = block(lambda, "module \"zone_notifications\"");
        for (String zone : List.of("ingestion", "processed")) {
            assertTrue(call.contains(zone + "_bucket_arn  = module.platform.storage.warehouse_" + zone + "_bucket_arn")
                    && call.contains(zone + "_prefix      = module.platform.app_config.warehouse_prefixes." + zone),
                    "the Lambda's notifications watch the " + zone + " zone the app writes");
        }
        Map<String, Object> ingest = castMap(castMap(configs.get(TERRAFORM.resolve("lambda")).variables()
                .get("schedules").get("default")).get("warehouse-ingest"));
        assertEquals("rate(10 minutes)", ingest.get("expression"), "ingest every 10 minutes, as the seed");
        assertTrue(!Boolean.FALSE.equals(ingest.get("enabled")), "the ingest schedule is on");
        String environment = block(lambda, "module \"lambda\"");
        assertTrue(environment.contains("GREENHOUSE_WAREHOUSE_CHAIN            = \"false\"")
                && environment.contains("GREENHOUSE_WAREHOUSE_SCHEDULE_ENABLED = \"false\""),
                "on Lambda EventBridge and the notifications run the steps, not the app's own triggers");

        Config appConfig = configs.get(TERRAFORM.resolve("modules/app-config"));
        String app = appConfig.text();
        assertTrue(app.contains("GREENHOUSE_WAREHOUSE_ENABLED          = \"true\""), "the warehouse is on");
        assertTrue(appConfig.resources().contains("aws_secretsmanager_secret.warehouse")
                && block(app, "resource \"aws_secretsmanager_secret_version\" \"warehouse\"").contains("secret_string_wo "),
                "a secret per database login, written write-only");
        for (String db : List.of("source", "target")) {
            String env = "GREENHOUSE_WAREHOUSE_" + db.toUpperCase() + "_PASSWORD";
            assertTrue(Pattern.compile(env + "\\s*=\\s*module\\.platform\\.app_config\\.warehouse_passwords\\." + db)
                    .matcher(lambda).find(), "the function gets " + env);
            String fargate = configs.get(TERRAFORM.resolve("fargate")).text();
            assertTrue(Pattern.compile(env + "\\s*=\\s*\"\\$\\{module\\.platform\\.app_config\\.warehouse_secret_arns\\." + db
                    + "}:password::\"").matcher(fargate).find()
                    && fargate.contains("values(module.platform.app_config.warehouse_secret_arns)"),
                    "ECS hands " + env + " over from the secret, and the task may read it");
        }

        Map<String, String> statements = new TreeMap<>();
        Matcher statement = Pattern.compile("statement\\s*\\{").matcher(block(app, "data \"aws_iam_policy_document\" \"app\""));
        String policy = block(app, "data \"aws_iam_policy_document\" \"app\"");
        while (statement.find()) {
            String body = policy.substring(statement.start(), blockEnd(policy, statement.end() - 1));
            Matcher sid = Pattern.compile("sid\\s*=\\s*\"(\\w+)\"").matcher(body);
            assertTrue(sid.find(), "every statement of the app's policy has a sid: " + body);
            statements.put(sid.group(1), body.replaceAll("\\s+", " "));
        }
        assertTrue(statements.get("WarehouseZonesList").contains(
                "actions = [\"s3:ListBucket\"] resources = [var.warehouse_ingestion_bucket_arn, var.warehouse_processed_bucket_arn]"),
                "list the two zone buckets, nothing else");
        for (String zone : List.of("ingestion", "processed")) {
            assertTrue(statements.get("Warehouse" + Character.toUpperCase(zone.charAt(0)) + zone.substring(1) + "Objects")
                    .contains("actions = [\"s3:GetObject\", \"s3:PutObject\"] resources = [\"${var.warehouse_" + zone
                            + "_bucket_arn}/${local.warehouse_prefixes." + zone + "}/*\"]"),
                    "read and write " + zone + " objects under the zone's prefix only");
        }
        String all = String.join("\n", statements.values());
        assertTrue(!all.contains("s3:DeleteObject") && !all.contains("s3:*") && !all.contains("secretsmanager:"),
                "the app deletes no zone object and reads no secret itself");
        assertTrue(statements.get("PipelineAlerts").contains("actions = [\"sns:Publish\"] resources = [var.alerts_topic_arn]")
                && app.contains("GREENHOUSE_ALERTS_SNS_TOPIC_ARN    = var.alerts_topic_arn"),
                "a failed step alerts through the alerts topic (modules/alerts)");
    }

    /** The block that {@code opening} starts, with its closing brace. */
    @Test
    void hawtioReachesAFargateTaskOnlyThroughEcsExecNeverAnOpenPort() throws IOException {
        String fargate = Files.readString(TERRAFORM.resolve("modules/fargate/main.tf"));
        // the task's only port mapping and only ingress port are the app's HTTP port, never Jolokia's
        Matcher mapping = Pattern.compile("containerPort\\s*=\\s*([\\w.]+)").matcher(fargate);
        List<String> mapped = new ArrayList<>();
        while (mapping.find()) {
            mapped.add(mapping.group(1));
        }
        assertEquals(List.of("local.port"), mapped, "the task definition maps only the HTTP port");
        assertTrue(fargate.contains("port           = 8080"), "local.port is the app's HTTP port");
        Matcher ingress = Pattern.compile("(?:from|to)_port\\s*=\\s*([\\w.]+)").matcher(fargate);
        while (ingress.find()) {
            assertEquals("local.port", ingress.group(1), "a security group rule opens " + ingress.group(1));
        }
        // ECS Exec (the port forward docs/hawtio.md shows) and its channel's permissions only where switched on
        assertTrue(block(fargate, "resource \"aws_ecs_service\" \"this\"").contains(
                "enable_execute_command = var.exec_enabled"));
        String exec = block(fargate, "resource \"aws_iam_role_policy\" \"exec\"");
        assertTrue(exec.contains("count = var.exec_enabled ? 1 : 0") && exec.contains("ssmmessages:OpenDataChannel"),
                exec);
        assertTrue(Files.readString(TERRAFORM.resolve("fargate/main.tf")).contains("exec_enabled             = "
                + "var.ecs_exec_enabled"), "the root passes ecs_exec_enabled on");
    }

    private static String block(String text, String opening) {
        int start = text.indexOf(opening);
        assertTrue(start >= 0, "no " + opening);
        return text.substring(start, blockEnd(text, text.indexOf('{', start)));
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
        Map<String, String> outputBlocks = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
        }
        for (Path file : files) {
            String raw = Files.readString(file);
            text.append(withoutComments(raw)).append('\n');
            blocks(VARIABLE_BLOCK, raw, variableBlocks);
            blocks(OUTPUT_BLOCK, raw, outputBlocks);
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
                ephemerals, variableBlocks, outputBlocks);
    }

    /** Each block the pattern opens, by its label, as written. */
    private static void blocks(Pattern opening, String hcl, Map<String, String> into) {
        Matcher block = opening.matcher(hcl);
        while (block.find()) {
            into.put(block.group(1), hcl.substring(block.start(), blockEnd(hcl, block.end() - 1)));
        }
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

    /** The module that output {@code output} of call {@code call} passes on whole (module.x or one(module.x)). */
    private static Config passedModule(Config config, String call, String output) {
        Config module = config.moduleCalls().containsKey(call) ? calledModule(config, config.moduleCalls().get(call))
                : null;
        String block = module == null ? null : module.outputBlocks().get(output);
        Matcher passed = block == null ? null : PASSED_MODULE.matcher(withoutComments(block));
        if (passed == null || !passed.find() || !module.moduleCalls().containsKey(passed.group(1))) {
            return null;
        }
        return calledModule(module, module.moduleCalls().get(passed.group(1)));
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
