package org.greenhouse.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.Converter;
import org.greenhouse.testing.H2Profile;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl apply -k k8s/overlays/example} would apply, rendered by kubectl's kustomize and read into
 * the typed Kubernetes model (fabric8), checked against the app: every setting production requires comes from
 * the ConfigMap the Deployment loads or from the Secret it names key by key, with values the app accepts; every
 * GREENHOUSE_* name is a setting; the Secret docs/kubernetes.md says to create is the one the pods read; the
 * probe paths answer on the running app.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
class K8sManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class,
            "Service", Service.class, "ConfigMap", ConfigMap.class, "ServiceAccount", ServiceAccount.class, "Role",
            Role.class, "RoleBinding", RoleBinding.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
    private static final Path OVERLAY = Path.of("k8s/overlays/example");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path DOCS = Path.of("docs/kubernetes.md");

    @TestHTTPResource("/")
    URL app;

    @Test
    void theBaseAndTheOverlayRenderToValidKubernetesWithNoUnknownField() throws Exception {
        for (Path kustomization : List.of(Path.of("k8s/base"), OVERLAY)) {
            List<HasMetadata> resources = render(kustomization);
            assertEquals(KINDS.keySet(), resources.stream().map(HasMetadata::getKind).collect(Collectors.toSet()),
                    kustomization + " renders one of each kind");
            for (HasMetadata resource : resources) {
                List<String> unknown = new ArrayList<>();
                unknownFields(resource, resource.getKind(), unknown);
                assertEquals(List.of(), unknown, kustomization + ": fields the Kubernetes model does not know");
            }
        }
    }

    @Test
    void hawtioReachesEachReplicaOnItsPodAndNoServiceMakesJolokiaPublic() throws Exception {
        List<HasMetadata> resources = render(OVERLAY);
        Container container = only(resources, Deployment.class).getSpec().getTemplate().getSpec().getContainers()
                .get(0);
        int jolokia = container.getPorts().stream().filter(port -> "jolokia".equals(port.getName())).findFirst()
                .orElseThrow().getContainerPort();
        assertEquals(ConfigProvider.getConfig()
                .getValue("greenhouse.jolokia.port", Integer.class), jolokia, "the port the agent listens on");
        // the agent stays on the pod's loopback, where kubectl port-forward reaches it
        ConfigMap settings = only(resources, ConfigMap.class);
        assertTrue(settings.getData().keySet().stream().noneMatch(key -> key.startsWith("GREENHOUSE_JOLOKIA")),
                settings.getData().toString());
        assertTrue(container.getEnv().stream().noneMatch(env -> env.getName().startsWith("GREENHOUSE_JOLOKIA")));
        for (var port : only(resources, Service.class).getSpec().getPorts()) {
            assertTrue(!"jolokia".equals(port.getTargetPort().getStrVal())
                    && !Integer.valueOf(jolokia).equals(port.getTargetPort().getIntVal()), port.toString());
        }
    }

    @Test
    void theDeploymentRunsHardened() throws Exception {
        Deployment deployment = only(render(OVERLAY), Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals("/tmp", container.getVolumeMounts().get(0).getMountPath(), "a writable /tmp for work files");
        assertTrue(container.getResources().getLimits().containsKey("memory"));
    }

    @Test
    void everySettingProductionRequiresIsProvidedWithAValueTheAppAccepts() throws Exception {
        List<HasMetadata> rendered = render(OVERLAY);
        Map<String, String> env = environment(rendered);

        // production: application.properties without a profile, and the pod's environment
        SmallRyeConfigBuilder production = new SmallRyeConfigBuilder().withProfile("prod").addDefaultInterceptors()
                .withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(APPLICATION_PROPERTIES.toUri().toURL(), 250))
                .withSources(new EnvConfigSource(env, 300));
        configMappings().forEach(production::withMapping);
        withTheAppsConverters(production);
        SmallRyeConfig config;
        try {
            config = production.build();
        } catch (ConfigValidationException e) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                problems.add(e.getProblem(i).getMessage());
            }
            throw new AssertionError("the pods would not start: " + problems, e);
        }
        // checked when the store is made (ArchiveStores), not by the mapping
        if ("s3".equalsIgnoreCase(config.getValue("greenhouse.archive.store", String.class))) {
            assertTrue(config.getOptionalValue("greenhouse.archive.s3.bucket", String.class).isPresent(),
                    "greenhouse.archive.s3.bucket is required with the s3 store");
        }

        Set<String> known = settingsAsEnvNames();
        for (String name : env.keySet()) {
            assertTrue(!name.startsWith("GREENHOUSE_") || known.contains(name), name + " is no greenhouse.* setting");
        }
    }

    @Test
    void theSecretTheDocsSayToCreateIsTheOneThePodsReadKeyByKey() throws Exception {
        List<HasMetadata> rendered = render(OVERLAY);
        Deployment deployment = only(rendered, Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(container.getEnvFrom().stream().allMatch(from -> from.getSecretRef() == null),
                "a Secret loaded whole (envFrom) says nothing of its keys: name them one by one");
        Map<String, Set<String>> referenced = new TreeMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                assertTrue(ref.getOptional() == null || !ref.getOptional(), variable.getName() + " may not be optional");
                referenced.computeIfAbsent(ref.getName(), name -> new TreeSet<>()).add(ref.getKey());
            }
        }

        Matcher create = Pattern.compile("kubectl create secret generic (\\S+)((?:[^`]|\\\\\\n)*)")
                .matcher(Files.readString(DOCS));
        assertTrue(create.find(), DOCS + " says how to create the Secret (kubectl create secret generic ...)");
        String documented = create.group(1);
        Set<String> documentedKeys = new TreeSet<>();
        Matcher literal = Pattern.compile("--from-literal=([A-Za-z0-9_.-]+)=").matcher(create.group(2));
        while (literal.find()) {
            documentedKeys.add(literal.group(1));
        }
        Matcher namespace = Pattern.compile("(?:-n|--namespace)[ =](\\S+)").matcher(create.group(2));
        assertEquals(Map.of(documented, documentedKeys), referenced,
                "the Secret and keys the pods read, as " + DOCS + " creates it");
        assertTrue(namespace.find(), DOCS + " creates the Secret in the pods' namespace (-n)");
        assertEquals(deployment.getMetadata().getNamespace(), namespace.group(1));
    }

    @Test
    void theLeaderElectionCandidatesAreThesePodsAndTheirAccountMayUseLeases() throws Exception {
        List<HasMetadata> rendered = render(OVERLAY);
        Map<String, String> env = environment(rendered);
        Deployment deployment = only(rendered, Deployment.class);
        assertEquals("kubernetes", env.get("GREENHOUSE_LEADER_ELECTION"));
        String selector = Optional.ofNullable(env.get("GREENHOUSE_LEADER_KUBERNETES_POD_SELECTOR"))
                .orElseGet(() -> propertyDefault("greenhouse.leader.kubernetes.pod-selector"));
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        for (String pair : selector.split(",")) {
            String[] label = pair.split("=", 2);
            assertEquals(label[1].trim(), podLabels.get(label[0].trim()), "pod label " + label[0] + " of the selector");
        }

        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertTrue(rendered.stream().anyMatch(r -> r instanceof ServiceAccount && r.getMetadata().getName().equals(account)));
        RoleBinding binding = only(rendered, RoleBinding.class);
        assertTrue(binding.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                && s.getName().equals(account)), "the pods' ServiceAccount is bound");
        Role role = only(rendered, Role.class);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertTrue(role.getRules().stream().anyMatch(rule -> rule.getResources().contains("leases")
                && rule.getVerbs().containsAll(List.of("get", "create", "update"))));
    }

    @Test
    void theProbesAskPathsTheAppAnswers() throws Exception {
        Container container = only(render(OVERLAY), Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe())) {
            HTTPGetAction get = probe.getHttpGet();
            assertEquals("http", get.getPort().getStrVal());
            given().baseUri(app.toString()).get(get.getPath()).then().statusCode(200);
        }
    }

    /**
     * The container's environment as the pods get it: the ConfigMaps it loads (which must be among the rendered
     * ones), its literal values, and its Secret keys (their values are not in the repository: a placeholder).
     */
    private static Map<String, String> environment(List<HasMetadata> rendered) {
        Container container = only(rendered, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, ConfigMap> configMaps = rendered.stream().filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast).collect(Collectors.toMap(map -> map.getMetadata().getName(), map -> map));
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap loaded = configMaps.get(from.getConfigMapRef().getName());
                assertNotNull(loaded, "the Deployment loads ConfigMap " + from.getConfigMapRef().getName()
                        + ", which is not rendered: " + configMaps.keySet());
                env.putAll(loaded.getData());
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                env.put(variable.getName(), variable.getValue());
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                env.put(variable.getName(), "from-secret-" + ref.getName() + "-" + ref.getKey());
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                ConfigMap map = configMaps.get(ref.getName());
                assertTrue(map != null && map.getData().containsKey(ref.getKey()),
                        variable.getName() + ": ConfigMap " + ref.getName() + " key " + ref.getKey() + " is not rendered");
                env.put(variable.getName(), map.getData().get(ref.getKey()));
            }
        }
        return env;
    }

    /** {@code kubectl kustomize dir}, each document read into its kind's model class. */
    private static List<HasMetadata> render(Path kustomization) throws Exception {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectErrorStream(true)
                .start();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not end");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + kustomization + ": " + output);
        List<HasMetadata> resources = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(output)) {
            while (documents.hasNext()) {
                JsonNode manifest = documents.next();
                Class<? extends HasMetadata> kind = KINDS.get(manifest.path("kind").asText());
                assertNotNull(kind, manifest.path("kind").asText() + " is a kind this test does not know");
                resources.add(YAML.treeToValue(manifest, kind));
            }
        }
        return resources;
    }

    private static <T> T only(List<HasMetadata> resources, Class<T> kind) {
        List<T> found = resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, found.size(), "one " + kind.getSimpleName());
        return found.get(0);
    }

    /** Every @ConfigMapping interface of the app. */
    private static List<Class<?>> configMappings() throws IOException {
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes.resolve("org/greenhouse"))) {
            List<Class<?>> mappings = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceFirst("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name, false, K8sManifestsTest.class.getClassLoader());
                    if (type.isAnnotationPresent(ConfigMapping.class)) {
                        mappings.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException(name, e);
                }
            }
            assertTrue(mappings.size() >= 5, "the app's config mappings: " + mappings);
            return mappings;
        }
    }

    /** The running app's converters (Quarkus reads 5s, 1M, ...) for every type its settings have. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static void withTheAppsConverters(SmallRyeConfigBuilder builder) throws IOException {
        SmallRyeConfig running = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        Set<Class<?>> types = new java.util.HashSet<>();
        for (Class<?> mapping : configMappings()) {
            leafTypes(mapping, types);
        }
        for (Class<?> type : types) {
            Optional<Converter<?>> converter = (Optional) running.getConverter(type);
            converter.ifPresent(c -> builder.withConverter((Class) type, 200, (Converter) c));
        }
    }

    private static void leafTypes(Class<?> group, Set<Class<?>> types) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || method.getParameterCount() != 0) {
                continue;
            }
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("org.greenhouse.")) {
                // a group of settings (greenhouse.leader.kubernetes.*)
                leafTypes(type, types);
            } else if (type != Optional.class && !Collection.class.isAssignableFrom(type)) {
                types.add(type);
            }
            // Optional<T> and List<T>: their element types are among the others' (String, Duration)
        }
    }

    /** Every setting the app reads, as its environment variable name. */
    private static Set<String> settingsAsEnvNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Class<?> mapping : configMappings()) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix)).keySet()
                    .forEach(name -> names.add(envName(name)));
        }
        // settings only application.properties reads (greenhouse.internal-triggers)
        Matcher setting = Pattern.compile("(?m)^(greenhouse\\.[a-z0-9.-]+)=").matcher(Files.readString(APPLICATION_PROPERTIES));
        while (setting.find()) {
            names.add(envName(setting.group(1)));
        }
        return names;
    }

    private static String envName(String property) {
        return property.toUpperCase().replaceAll("[.-]", "_");
    }

    private static String propertyDefault(String name) {
        try {
            Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(.*)$").matcher(
                    Files.readString(APPLICATION_PROPERTIES));
            assertTrue(line.find(), name + " has no default");
            return line.group(1).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model keeps fields it does not know in additionalProperties: each such field is a typo. */
    private static void unknownFields(Object value, String path, List<String> unknown) throws Exception {
        if (value == null || !value.getClass().getName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) child).keySet().forEach(key -> unknown.add(path + "." + key));
            } else if (child instanceof Collection<?> items) {
                for (Object item : items) {
                    unknownFields(item, path + "." + getter.getName(), unknown);
                }
            } else {
                unknownFields(child, path + "." + getter.getName(), unknown);
            }
        }
    }
}
