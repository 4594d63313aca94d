package org.greenhouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflow runs what the README says: its test job the README's test command (as .ci/run does), so
 * the two cannot drift; packages only from main or a tag; plans on a pull request and applies on main, with AWS
 * credentials from an OIDC role and no key anywhere.
 */
class WorkflowTest {

    private static final Path WORKFLOW = Path.of(".github/workflows/ci.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theTestJobRunsTheReadmesTestCommandOnEveryPushAndPullRequest() throws IOException {
        String readme = readmeTestCommand();
        JsonNode workflow = YAML.readTree(WORKFLOW.toFile());
        // YAML reads the key "on" as the boolean true
        JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");
        assertTrue(on.has("pull_request"), "runs on pull requests: " + on);
        assertEquals("[\"**\"]", on.get("push").get("branches").toString(), "runs on a push to any branch: " + on);
        JsonNode test = workflow.get("jobs").get("test");
        assertFalse(test.has("if"), "the test job always runs");
        assertTrue(runs(test).stream().map(WorkflowTest::normalized).anyMatch(readme::equals),
                "the test job runs the README's '" + readme + "': " + runs(test));
        List<String> ciRun = Files.readAllLines(Path.of(".ci/run")).stream().filter(line -> line.startsWith("./mvnw"))
                .map(WorkflowTest::normalized).toList();
        assertEquals(List.of(readme), ciRun, ".ci/run runs the README's test command");
    }

    @Test
    void packagesFromMainOrATagPlansPullRequestsAppliesMain() throws IOException {
        JsonNode jobs = YAML.readTree(WORKFLOW.toFile()).get("jobs");
        JsonNode packaging = jobs.get("package");
        assertEquals("test", packaging.get("needs").asText());
        String when = packaging.get("if").asText();
        assertTrue(when.contains("refs/heads/main") && when.contains("refs/tags/"), when);
        String packageRuns = String.join("\n", runs(packaging));
        assertTrue(packageRuns.contains("./mvnw -B package -Plambda -DskipTests"), packageRuns);
        assertTrue(packageRuns.contains("docker build -f src/main/docker/Dockerfile.jvm"), packageRuns);
        assertTrue(Files.exists(Path.of("src/main/docker/Dockerfile.jvm")));

        JsonNode terraform = jobs.get("terraform");
        List<String> steps = new ArrayList<>();
        terraform.get("steps").forEach(step -> steps.add(step.path("if").asText() + " => " + step.path("run").asText()));
        assertTrue(steps.stream().anyMatch(step -> step.startsWith("github.event_name == 'pull_request' => terraform plan")),
                "plans on a pull request: " + steps);
        assertTrue(steps.stream().anyMatch(step -> step.startsWith(
                "github.event_name == 'push' && github.ref == 'refs/heads/main' => terraform apply")),
                "applies on main: " + steps);
        assertTrue(String.join("\n", runs(terraform)).contains("-backend-config=\"use_lockfile=true\""));
        for (String root : List.of("lambda", "fargate")) {
            assertTrue(Files.readString(Path.of("terraform", root, "backend.tf.example")).contains("backend \"s3\" {}"));
        }
    }

    @Test
    void awsCredentialsComeFromAnOidcRoleNeverFromKeys() throws IOException {
        String text = Files.readString(WORKFLOW);
        for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "aws-access-key-id",
                "aws-secret-access-key")) {
            assertFalse(text.contains(key), key);
        }
        JsonNode workflow = YAML.readTree(WORKFLOW.toFile());
        assertEquals("read", workflow.get("permissions").get("contents").asText());
        workflow.get("jobs").fields().forEachRemaining(job -> {
            boolean assumesRole = job.getValue().get("steps").findValues("uses").stream()
                    .anyMatch(uses -> uses.asText().startsWith("aws-actions/configure-aws-credentials"));
            if (assumesRole) {
                assertEquals("write", job.getValue().path("permissions").path("id-token").asText(),
                        job.getKey() + " assumes the role through OIDC");
            }
        });
    }

    /** The command of the README's "Run all tests" block. */
    private static String readmeTestCommand() throws IOException {
        Matcher block = Pattern.compile("Run all tests[^\\n]*\\n+```bash\\n([^`]+)```").matcher(
                Files.readString(Path.of("README.md")));
        assertTrue(block.find(), "README.md has a 'Run all tests' bash block");
        return normalized(block.group(1));
    }

    private static List<String> runs(JsonNode job) {
        List<String> runs = new ArrayList<>();
        job.get("steps").forEach(step -> {
            if (step.has("run")) {
                runs.add(step.get("run").asText().strip());
            }
        });
        return runs;
    }

    /** Maven's batch mode (-B) changes the output, not what runs. */
    private static String normalized(String command) {
        return command.strip().replace(" -B ", " ").replaceAll("\\s+", " ");
    }
}
