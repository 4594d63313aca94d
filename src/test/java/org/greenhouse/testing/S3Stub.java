package org.greenhouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** S3 as a real S3 API server (S3Proxy, in-process, in memory) with one bucket for the archive. */
public class S3Stub implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "greenhouse-archive";
    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key";

    private static volatile S3Proxy proxy;
    private static volatile int port;
    private static volatile BlobStoreContext blobs;

    @Override
    public Map<String, String> start() {
        try {
            Properties properties = new Properties();
            blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                    .overrides(properties).build(BlobStoreContext.class);
            blobs.getBlobStore().createContainerInLocation(null, BUCKET);
            proxy = S3Proxy.builder().blobStore(new SpoilingBlobStore(blobs.getBlobStore())).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            port = proxy.getPort();
            // the app takes credentials from the AWS default provider chain, which reads these
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
            return Map.of("greenhouse.archive.store", "s3",
                    "greenhouse.archive.s3.bucket", BUCKET,
                    "greenhouse.archive.s3.region", "us-east-1",
                    "greenhouse.archive.s3.endpoint-override", endpoint(),
                    "greenhouse.archive.s3.path-style", "true");
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    @Override
    public void stop() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
        blobs.close();
    }

    /** S3 goes away: the server stops and its port refuses connections. */
    public static void stopServer() throws Exception {
        proxy.stop();
    }

    /** S3 comes back on the same port, with what it held. */
    public static void startServer() throws Exception {
        proxy = S3Proxy.builder().blobStore(new SpoilingBlobStore(blobs.getBlobStore()))
                .endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
    }

    public static String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The blob store behind the proxy, for a test to look at or spoil what the app stored. */
    public static BlobStore blobStore() {
        return blobs.getBlobStore();
    }

    /** A client of the test's own, to read what the app stored over the S3 API. */
    public static S3Client client() {
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    /** While on, the server keeps only half of each uploaded object: a partial upload it answers 200 to. */
    public static void truncateUploads(boolean on) {
        truncating = on;
    }

    private static volatile boolean truncating;
    private static final AtomicReference<Runnable> afterUpload = new AtomicReference<>();
    private static final AtomicInteger uploadsBeforeAction = new AtomicInteger();

    /**
     * Runs the action once, right after the {@code count}-th upload from now is stored and before the server
     * answers it: the moment to take something else away (a crash after an object is written).
     */
    public static void afterUploads(int count, Runnable action) {
        uploadsBeforeAction.set(count);
        afterUpload.set(action);
    }

    private static volatile Predicate<String> refused = key -> false;
    private static volatile Predicate<String> held = key -> false;
    private static volatile CountDownLatch release = new CountDownLatch(0);
    private static final AtomicInteger holding = new AtomicInteger();

    /** While set, the server refuses (500) every upload of a key the predicate names; null: none. */
    public static void refuseUploads(Predicate<String> keys) {
        refused = keys == null ? key -> false : keys;
    }

    /**
     * From now on the server holds every upload of a key the predicate names, before storing it, until
     * {@link #releaseUploads()} (or a minute, so a failed test cannot hang the build).
     */
    public static void holdUploads(Predicate<String> keys) {
        release = new CountDownLatch(1);
        held = keys;
    }

    /** The uploads held right now. */
    public static int uploadsHeld() {
        return holding.get();
    }

    public static void releaseUploads() {
        held = key -> false;
        release.countDown();
    }

    private static void beforeUpload(Blob blob) {
        String key = blob.getMetadata().getName();
        if (refused.test(key)) {
            throw new IllegalStateException("upload of " + key + " refused by the test");
        }
        if (held.test(key)) {
            holding.incrementAndGet();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                holding.decrementAndGet();
            }
        }
    }

    private static String uploaded(String etag) {
        if (uploadsBeforeAction.decrementAndGet() == 0) {
            Runnable action = afterUpload.getAndSet(null);
            if (action != null) {
                action.run();
            }
        }
        return etag;
    }

    private static final class SpoilingBlobStore extends ForwardingBlobStore {
        SpoilingBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public String putBlob(String container, Blob blob) {
            beforeUpload(blob);
            return uploaded(super.putBlob(container, truncating ? half(blob) : blob));
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            beforeUpload(blob);
            return uploaded(super.putBlob(container, truncating ? half(blob) : blob, options));
        }

        private Blob half(Blob blob) {
            try (InputStream in = blob.getPayload().openStream()) {
                byte[] bytes = in.readAllBytes();
                return delegate().blobBuilder(blob.getMetadata().getName())
                        .payload(Arrays.copyOf(bytes, bytes.length / 2)).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Empties the bucket. */
    public static void clear() {
        blobs.getBlobStore().clearContainer(BUCKET);
    }
}
