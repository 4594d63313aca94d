package org.greenhouse.jolokia;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.jolokia.*} setting: the JMX console's way in (docs/hawtio.md). */
@ConfigMapping(prefix = "greenhouse.jolokia")
public interface JolokiaConfig {

    /** Whether the agent runs. */
    boolean enabled();

    /** The interface it listens on: localhost unless a console elsewhere must reach it. */
    String host();

    /** Its port (0: any free one, as the tests take). */
    int port();
}
