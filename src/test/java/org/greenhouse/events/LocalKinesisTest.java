package org.greenhouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the app needs to start its own Kinesis emulator, and what it says when something is missing. */
class LocalKinesisTest {

    private static final Path INSTALLED = Path.of(System.getProperty("kinesalite.dir", "target/kinesalite"));

    @Test
    void onlyAnEndpointOnThisMachineIsStoodInFor() {
        assertTrue(LocalKinesis.isLocal("http://localhost:4567"));
        assertTrue(LocalKinesis.isLocal("http://127.0.0.1:4567"));
        assertTrue(LocalKinesis.isLocal("http://[::1]:4567"));
        assertFalse(LocalKinesis.isLocal("http://10.0.3.7:4567"));
        assertFalse(LocalKinesis.isLocal("not a url"));
    }

    @Test
    void withoutTheNpmPackageItSaysWhereItLookedAndHowToInstallIt(@TempDir Path empty) {
        var missing = assertThrows(LocalKinesis.EmulatorMissingException.class,
                () -> LocalKinesis.start("node", empty));
        assertEquals("kinesalite is not installed at " + empty.toAbsolutePath().resolve("node_modules/kinesalite/cli.js")
                + ": the build installs it (./mvnw generate-resources, or any ./mvnw quarkus:dev or test), or run npm "
                + "install --prefix " + empty + " kinesalite@3.3.3; greenhouse.events.kinesis.emulator-dir says where it is",
                missing.getMessage());
    }

    @Test
    void withoutNodeJsItSaysSoAndHowToGetIt() {
        var missing = assertThrows(LocalKinesis.EmulatorMissingException.class,
                () -> LocalKinesis.start("/nonexistent/bin/node", INSTALLED));
        assertTrue(missing.getMessage().startsWith("Node.js is needed to run kinesalite, and '/nonexistent/bin/node' "
                + "could not be run ("), missing.getMessage());
        assertTrue(missing.getMessage().endsWith("install Node.js 20 or later (apt-get install nodejs, or "
                + "https://nodejs.org), or name its executable in greenhouse.events.kinesis.emulator-node"),
                missing.getMessage());
    }
}
