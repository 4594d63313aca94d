import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * S3Proxy for the benchmarks, its logging at INFO: without a configuration the JBoss LogManager on the test
 * classpath leaves every logger at DEBUG, and S3Proxy's Jetty then formats debug messages for each request
 * (about a third of its CPU), a cost of the stand-in, not of the app measured against it.
 * Usage: java -cp TEST_CLASSPATH bench/S3ProxyServer.java --properties FILE
 */
public class S3ProxyServer {
    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.INFO);
        org.gaul.s3proxy.Main.main(args);
    }
}
