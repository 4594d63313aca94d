package org.greenhouse.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** The archive in a local directory, for running without AWS; keys become relative paths. */
public final class LocalArchiveStore implements ArchiveStore {

    private final Path root;

    public LocalArchiveStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        // a reader never sees a half-written object
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(Files.size(resolve(key)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path start = resolve(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString)
                    .filter(key -> !key.endsWith(".partial")).sorted().toList();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public List<StoredObject> objects(String prefix) throws IOException {
        List<StoredObject> objects = new java.util.ArrayList<>();
        for (String key : list(prefix)) {
            Path file = resolve(key);
            objects.add(new StoredObject(key, Files.size(file), Files.getLastModifiedTime(file).toMillis() + ""));
        }
        return objects;
    }

    @Override
    public void get(String key, Path file) throws IOException {
        Files.copy(resolve(key), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String location() {
        return root.toString();
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("archive key outside the archive: " + key);
        }
        return path;
    }
}
