package org.greenhouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the Dockerfiles without a Docker engine (none runs here), after the package phase:
 * every file they copy from the build context exists and is not excluded by .dockerignore, the image runs
 * as a non-root user, and its health check asks the app's readiness endpoint.
 */
class DockerfilesIT {

    private static final Pattern COPY_FROM_CONTEXT = Pattern.compile("^COPY (?!--from)(?:--\\S+ )*(\\S+) \\S+$");
    private static final Pattern USER = Pattern.compile("^USER (\\S+)$");

    @ParameterizedTest
    @ValueSource(strings = { "src/main/docker/Dockerfile.jvm", "Dockerfile.native" })
    void copiesOnlyWhatTheContextHasAndRunsUnprivileged(String dockerfile) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(dockerfile));
        List<String> sources = lines.stream().map(COPY_FROM_CONTEXT::matcher).filter(Matcher::matches)
                .map(copy -> copy.group(1)).toList();
        assertFalse(sources.isEmpty(), dockerfile + " copies nothing");
        List<String> ignoreRules = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(rule -> !rule.isBlank() && !rule.startsWith("#")).toList();
        for (String source : sources) {
            List<Path> matches = matching(source);
            assertFalse(matches.isEmpty(), dockerfile + " copies " + source + ", which the build did not make");
            for (Path match : matches) {
                assertTrue(kept(match, ignoreRules), source + " is excluded by .dockerignore");
            }
        }
        List<String> users = lines.stream().map(USER::matcher).filter(Matcher::matches).map(u -> u.group(1)).toList();
        String runtimeUser = users.get(users.size() - 1);
        assertFalse(runtimeUser.equals("root") || runtimeUser.equals("0"), "runs as " + runtimeUser);
        assertTrue(lines.stream().anyMatch(line -> line.contains("http://localhost:8080/q/health/ready")),
                "no health check on /q/health/ready");
    }

    @Test
    void theNativeBuildUsesTheNativeProfile() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile.native"));
        assertTrue(dockerfile.contains("./mvnw -B -Dnative package"), "native build command");
        String pom = Files.readString(Path.of("pom.xml"));
        assertEquals(1, Pattern.compile("<id>native</id>\\s*<activation><property><name>native</name>")
                .matcher(pom).results().count(), "the native profile is activated by -Dnative");
    }

    private static List<Path> matching(String source) throws IOException {
        String glob = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.walk(Path.of("."), 3)) {
            return files.map(path -> Path.of(".").relativize(path)).filter(matcher::matches).toList();
        }
    }

    /** .dockerignore as written here: "*" excludes all, "!path" keeps a path and what is under it. */
    private static boolean kept(Path path, List<String> rules) {
        boolean kept = true;
        String name = path.toString().replace('\\', '/');
        for (String rule : rules) {
            if (rule.equals("*")) {
                kept = false;
            } else if (rule.startsWith("!")) {
                String keep = rule.substring(1).replaceAll("/$", "");
                if (name.equals(keep) || name.startsWith(keep + "/") || keep.startsWith(name + "/")
                        || FileSystems.getDefault().getPathMatcher("glob:" + keep).matches(path)) {
                    kept = true;
                }
            }
        }
        return kept;
    }
}
