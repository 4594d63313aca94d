package org.greenhouse.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Where archived objects go: an S3 bucket, or a local directory with the same key layout. */
public interface ArchiveStore {

    /** Stores the file under the key, replacing what was there. */
    void put(String key, Path file) throws IOException;

    /** The stored object's size, as the store reports it (S3: HEAD); empty when there is none. */
    OptionalLong size(String key) throws IOException;

    /** Keys under a prefix, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Removes the object; one that is not there is no failure. */
    void delete(String key) throws IOException;
    /** The objects under a prefix with their size and a version that changes when an object is written again. */
    List<StoredObject> objects(String prefix) throws IOException;

    /** An object as a listing shows it; {@code version} is S3's ETag, or a local file's modification time. */
    record StoredObject(String key, long size, String version) {
    }

    /** Copies the object into a local file. */
    void get(String key, Path file) throws IOException;

    /** Where this store is, for logs: {@code s3://bucket} or a directory. */
    String location();

    /**
     * Stores the file, then asks the store for the object's size: nothing may be deleted on the word of an
     * upload alone.
     *
     * @throws ArchiveNotConfirmedException when the object is missing or not the size written
     */
    default void putConfirmed(String key, Path file) throws IOException {
        long written = Files.size(file);
        put(key, file);
        OptionalLong stored = size(key);
        if (stored.isEmpty() || stored.getAsLong() != written) {
            throw new ArchiveNotConfirmedException(location() + "/" + key + " holds "
                    + (stored.isEmpty() ? "nothing" : stored.getAsLong() + " bytes") + ", " + written + " were written");
        }
    }
}
