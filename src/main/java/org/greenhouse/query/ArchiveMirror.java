package org.greenhouse.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.greenhouse.archive.ArchiveStore;

/**
 * The S3 archive's datasets as local files for DuckDB, which cannot read S3 here: its S3 reader (httpfs) is an
 * extension DuckDB downloads at run time, and nothing is downloaded at run time. Before each query the datasets it
 * names are brought up to date: objects new or written again (by ETag) are downloaded, objects gone are deleted.
 */
public final class ArchiveMirror implements LakeFiles {

    private static final String VERSIONS = ".versions";

    /** Opened on the first query, so an app whose archive is not configured still starts (replicas, tests). */
    private final Supplier<ArchiveStore> opener;
    private ArchiveStore store;
    private final String prefix;
    private final Path root;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public ArchiveMirror(Supplier<ArchiveStore> opener, String prefix, Path cacheDir) {
        this.opener = opener;
        this.prefix = prefix.replaceAll("^/+|/+$", "");
        this.root = cacheDir.toAbsolutePath().normalize();
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Path dataset(LakeTable table) throws IOException {
        Path dir = root.resolve(table.dataset());
        synchronized (locks.computeIfAbsent(table.dataset(), key -> new Object())) {
            sync(keyPrefix(table), dir);
        }
        return dir;
    }

    private String keyPrefix(LakeTable table) {
        return (prefix.isEmpty() ? "" : prefix + "/") + table.dataset() + "/";
    }

    private synchronized ArchiveStore store() {
        if (store == null) {
            try {
                store = opener.get();
            } catch (IllegalStateException e) {
                // the store is not configured (the message names the setting): no engine over it can answer
                throw new QueryFailedException(e.getMessage(), false, e);
            }
        }
        return store;
    }

    private void sync(String keyPrefix, Path dir) throws IOException {
        ArchiveStore store = store();
        Files.createDirectories(dir);
        Map<String, String> versions = readVersions(dir);
        Set<String> present = new HashSet<>();
        for (ArchiveStore.StoredObject object : store.objects(keyPrefix)) {
            String relative = object.key().substring(keyPrefix.length());
            Path file = dir.resolve(relative).normalize();
            if (!file.startsWith(dir) || !relative.endsWith(".parquet")) {
                continue;
            }
            present.add(relative);
            if (object.version().equals(versions.get(relative)) && Files.exists(file)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            store.get(object.key(), partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            versions.put(relative, object.version());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(file).toString();
                if (!relative.equals(VERSIONS) && !present.contains(relative)) {
                    Files.delete(file);
                }
            }
        }
        versions.keySet().retainAll(present);
        writeVersions(dir, versions);
    }

    private static Map<String, String> readVersions(Path dir) throws IOException {
        Map<String, String> versions = new HashMap<>();
        Path file = dir.resolve(VERSIONS);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    versions.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return versions;
    }

    private static void writeVersions(Path dir, Map<String, String> versions) throws IOException {
        List<String> lines = versions.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).sorted().toList();
        Path partial = dir.resolve(VERSIONS + ".partial");
        Files.write(partial, lines);
        Files.move(partial, dir.resolve(VERSIONS), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
