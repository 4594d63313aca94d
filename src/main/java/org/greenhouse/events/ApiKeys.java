package org.greenhouse.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * The API keys that may post events. Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual},
 * in time that depends neither on where a wrong key differs nor on its length.
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    public ApiKeys(Collection<String> keys) {
        this.digests = keys.stream().map(String::trim).filter(key -> !key.isEmpty()).map(ApiKeys::digest).toList();
    }

    public boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] digest = digest(presented);
        boolean accepted = false;
        for (byte[] known : digests) {
            // every key is compared, so the time does not tell which one matched
            accepted |= MessageDigest.isEqual(known, digest);
        }
        return accepted;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
