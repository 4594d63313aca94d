package org.greenhouse.query;

import java.util.Arrays;

import io.quarkus.runtime.Quarkus;

/**
 * The packaged app's main class ({@code quarkus.package.main-class}): {@code java -jar quarkus-run.jar query ...}
 * runs the query command (without the app: no database, HTTP server or pipelines); any other command line starts
 * the app exactly as Quarkus's generated main does ({@code Quarkus.run}). A plain class and not a
 * {@code @QuarkusMain}: with one, Camel Quarkus leaves the Camel context to that main, which tests never run.
 */
public final class CommandLineMain {

    private CommandLineMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("query")) {
            System.exit(QueryCommand.run(System.err, Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}
