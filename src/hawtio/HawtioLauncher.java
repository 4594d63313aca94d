import io.hawt.embedded.Main;

/**
 * Standalone Hawtio 3.0.0 next to the app, for watching its routes (docs/hawtio.md). Not part of the app: run
 * by {@code ./mvnw -Phawtio}, or by the tests, with hawtio-embedded on the class path. Main.main() ignores its
 * arguments, so the war, address and path are set here. Hawtio holds no credentials: its proxy reaches only
 * this machine (hawtio.proxyAllowlist) and every request through it needs the app's admin users at Jolokia.
 *
 * Settings (system properties): greenhouse.hawtio.war (the hawtio-default war, required),
 * greenhouse.hawtio.host (localhost), greenhouse.hawtio.port (8090); any hawtio.* property passes through.
 */
public final class HawtioLauncher {

    public static void main(String[] args) throws Exception {
        String war = System.getProperty("greenhouse.hawtio.war");
        if (war == null || !new java.io.File(war).isFile()) {
            throw new IllegalArgumentException("greenhouse.hawtio.war must name the hawtio-default war, not " + war);
        }
        // the proxy reaches only this machine, and never probes other addresses of it
        defaultProperty("hawtio.proxyAllowlist", "localhost,127.0.0.1");
        defaultProperty("hawtio.localAddressProbing", "false");
        // the login is the app's: Jolokia asks for a greenhouse.admin.users name and password
        defaultProperty("hawtio.authenticationEnabled", "false");
        Main main = new Main();
        main.setWar(war);
        main.setHost(System.getProperty("greenhouse.hawtio.host", "localhost"));
        main.setPort(Integer.getInteger("greenhouse.hawtio.port", 8090));
        main.setContextPath("/hawtio");
        main.run(true);
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
