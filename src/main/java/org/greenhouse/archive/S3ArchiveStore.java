package org.greenhouse.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The archive in an S3 bucket. SDK failures surface as IOExceptions so the pipeline treats both stores alike. */
public final class S3ArchiveStore implements ArchiveStore {

    private final S3Client s3;
    private final String bucket;

    public S3ArchiveStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        long size = Files.size(file);
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(s3.headObject(head -> head.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw new IOException("HEAD s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("HEAD s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try {
            // a key ending in "/" is a folder marker (the S3 console's, some servers'), not an object
            return s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).filter(key -> !key.endsWith("/")).sorted().toList();
        } catch (SdkException e) {
            throw new IOException("listing s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(delete -> delete.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("delete of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> objects(String prefix) throws IOException {
        try {
            return s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().stream()
                    .filter(object -> !object.key().endsWith("/"))
                    .map(object -> new StoredObject(object.key(), object.size(), object.eTag()))
                    .sorted(java.util.Comparator.comparing(StoredObject::key)).toList();
        } catch (SdkException e) {
            throw new IOException("listing s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void get(String key, Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
            s3.getObject(get -> get.bucket(bucket).key(key), ResponseTransformer.toFile(file));
        } catch (SdkException e) {
            throw new IOException("download of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }
}
