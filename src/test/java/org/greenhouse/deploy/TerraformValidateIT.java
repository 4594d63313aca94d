package org.greenhouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terraform/ code as Terraform itself sees it: formatting, then in every root and module `init` with
 * the AWS provider from a local mirror (the registry cannot be reached here) and either the module's
 * `terraform test` suites against the mock provider or, where it has none, `validate`. Runs where GREENHOUSE_TEST_TF_PLUGIN_DIR
 * names such a mirror (.ci/run sets it); works on a copy, so no .terraform directory lands in the tree.
 */
@EnabledIfEnvironmentVariable(named = "GREENHOUSE_TEST_TF_PLUGIN_DIR", matches = ".+")
class TerraformValidateIT {

    @Test
    void everyRootAndModuleValidatesAndTheModuleTestsPass(@TempDir Path copy) throws Exception {
        run(Path.of("terraform"), "terraform", "fmt", "-check", "-recursive");
        copyTree(Path.of("terraform"), copy);
        List<Path> configurations = new ArrayList<>(List.of(copy.resolve("lambda"), copy.resolve("fargate"),
                copy.resolve("state")));
        try (Stream<Path> modules = Files.list(copy.resolve("modules"))) {
            configurations.addAll(modules.sorted().toList());
        }
        // two at a time: each terraform process spends seconds decoding the AWS provider's schema on one core
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Void>> checks = new ArrayList<>();
            for (Path configuration : configurations) {
                checks.add(pool.submit(() -> check(configuration)));
            }
            for (Future<Void> check : checks) {
                try {
                    check.get(10, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failure) {
                        throw failure;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void check(Path configuration) throws IOException, InterruptedException {
        run(configuration, "terraform", "init", "-backend=false", "-input=false", "-no-color",
                "-plugin-dir=" + System.getenv("GREENHOUSE_TEST_TF_PLUGIN_DIR"));
        // terraform test validates the configuration first (an unsupported argument fails it), so a module
        // with tests needs no validate of its own
        if (Files.isDirectory(configuration.resolve("tests"))) {
            run(configuration, "terraform", "test", "-no-color");
        } else {
            run(configuration, "terraform", "validate", "-no-color");
        }
        return null;
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(!process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " in " + directory + ":\n" + output);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.filter(path -> !path.toString().contains(".terraform")).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    // the roots' shared-*.tf links stay links, as in a checkout
                    Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
