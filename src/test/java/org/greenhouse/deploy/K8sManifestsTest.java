package org.greenhouse.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
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
import org.greenhouse.testing.H2Profile;
import org.junit.jupiter.api.Test;

/**
 * The k8s/ manifests read into the typed Kubernetes model (fabric8), no field unknown to it; the settings
 * production needs are provided; the probe paths answer on the running app.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
class K8sManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<?>> KINDS = Map.of("Deployment", Deployment.class, "Service",
            Service.class, "ConfigMap", ConfigMap.class, "ServiceAccount", ServiceAccount.class, "Role", Role.class,
            "RoleBinding", RoleBinding.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
    /** The env names the Secret made outside the repository holds. */
    private static final Set<String> SECRET_KEYS = Set.of("GREENHOUSE_DB_USERNAME", "GREENHOUSE_DB_PASSWORD",
            "GREENHOUSE_EVENTS_API_KEYS");

    @TestHTTPResource("/")
    URL app;

    @Test
    void everyManifestIsValidKubernetesWithNoUnknownField() throws Exception {
        List<Object> resources = resources(Path.of("k8s/base"));
        assertEquals(KINDS.keySet(), resources.stream().map(r -> r.getClass().getSimpleName())
                .collect(java.util.stream.Collectors.toSet()));
        for (Object resource : resources) {
            List<String> unknown = new ArrayList<>();
            unknownFields(resource, resource.getClass().getSimpleName(), unknown);
            assertTrue(unknown.isEmpty(), "fields the Kubernetes model does not know: " + unknown);
        }
    }

    @Test
    void theDeploymentRunsHardenedAndGetsEverySettingProductionNeeds() throws Exception {
        Deployment deployment = only(Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals("/tmp", container.getVolumeMounts().get(0).getMountPath(), "a writable /tmp for work files");
        assertTrue(container.getResources().getLimits().containsKey("memory"));

        Set<String> provided = new HashSet<>(only(ConfigMap.class).getData().keySet());
        assertTrue(container.getEnvFrom().stream().anyMatch(e -> e.getSecretRef() != null));
        provided.addAll(SECRET_KEYS);
        // production has no default for these (application.properties): the app does not start without them
        for (String required : List.of("GREENHOUSE_DB_URL", "GREENHOUSE_PLANT_BASE_URL", "GREENHOUSE_ARCHIVE_S3_BUCKET",
                "GREENHOUSE_EVENTS_API_KEYS", "GREENHOUSE_DB_USERNAME", "GREENHOUSE_DB_PASSWORD")) {
            assertTrue(provided.contains(required), required + " is not provided");
        }
        Set<String> known = settingsAsEnvNames();
        for (String name : provided) {
            assertTrue(!name.startsWith("GREENHOUSE_") || known.contains(name), name + " is no greenhouse.* setting");
        }
    }

    @Test
    void theProbesAskPathsTheAppAnswers() throws Exception {
        var container = only(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe())) {
            HTTPGetAction get = probe.getHttpGet();
            assertEquals("http", get.getPort().getStrVal());
            given().baseUri(app.toString()).get(get.getPath()).then().statusCode(200);
        }
    }

    private static <T> T only(Class<T> kind) throws IOException {
        return resources(Path.of("k8s/base")).stream().filter(kind::isInstance).map(kind::cast).findFirst()
                .orElseThrow();
    }

    private static List<Object> resources(Path dir) throws IOException {
        List<Object> resources = new ArrayList<>();
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        for (JsonNode file : kustomization.get("resources")) {
            JsonNode manifest = YAML.readTree(dir.resolve(file.asText()).toFile());
            Class<?> kind = KINDS.get(manifest.get("kind").asText());
            assertTrue(kind != null, file.asText() + " is of a kind this test does not know");
            resources.add(YAML.treeToValue(manifest, kind));
        }
        return resources;
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

    /** Every greenhouse.* setting of application.properties, as its environment variable name. */
    private static Set<String> settingsAsEnvNames() throws IOException {
        Set<String> names = new HashSet<>();
        Matcher setting = Pattern.compile("(?:%\\w+\\.)?(greenhouse\\.[a-z0-9.-]+)").matcher(
                Files.readString(Path.of("src/main/resources/application.properties")));
        while (setting.find()) {
            names.add(setting.group(1).toUpperCase().replaceAll("[.-]", "_"));
        }
        return names;
    }
}
