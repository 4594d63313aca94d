package org.greenhouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The tables every engine shows are Athena's: for each athena/*.sql, a table of the same name, the same columns
 * and types, the same partition columns, each read from the key its location template puts it under.
 */
class LakeTablesTest {

    private static final Pattern TABLE = Pattern.compile(
            "CREATE EXTERNAL TABLE IF NOT EXISTS \\{\\{database}}\\.([a-z_]+) \\((.*?)\\)\\s*PARTITIONED BY \\((.*?)\\)",
            Pattern.DOTALL);
    private static final Pattern TEMPLATE = Pattern.compile("'storage.location.template' = 's3://\\{\\{bucket}}/"
            + "\\{\\{prefix}}/([a-z_]+)/(.*?)/'");

    @Test
    void everyAthenaTableIsALakeTableWithItsColumnsAndPartitions() throws IOException {
        List<Path> ddlFiles;
        try (Stream<Path> files = Files.list(Path.of("athena"))) {
            ddlFiles = files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
        }
        TreeSet<String> ddlTables = new TreeSet<>();
        for (Path file : ddlFiles) {
            String ddl = Files.readString(file);
            Matcher table = TABLE.matcher(ddl);
            assertTrue(table.find(), file + " has no CREATE EXTERNAL TABLE");
            String name = table.group(1);
            ddlTables.add(name);
            LakeTable lake = LakeTables.named(name).orElseThrow(() -> new AssertionError(name + " is not in LakeTables"));

            List<String> columns = new ArrayList<>();
            lake.columns().forEach(c -> columns.add(c.name() + " " + c.athenaType()));
            assertEquals(definitions(table.group(2)), columns, name + " columns");

            List<String> partitions = new ArrayList<>();
            lake.partitions().forEach(p -> partitions.add(p.name() + " string"));
            assertEquals(definitions(table.group(3)), partitions, name + " partition columns");

            Matcher template = TEMPLATE.matcher(ddl);
            assertTrue(template.find(), file + " has no storage.location.template");
            assertEquals(lake.dataset(), template.group(1), name + " dataset folder");
            List<String> keys = new ArrayList<>();
            lake.partitions().forEach(p -> keys.add(p.pathKey() + "=${" + p.name() + "}"));
            assertEquals(String.join("/", keys), template.group(2), name + " partition keys in the path");
        }
        TreeSet<String> lakeTables = new TreeSet<>();
        LakeTables.ALL.forEach(t -> lakeTables.add(t.name()));
        assertEquals(ddlTables, lakeTables, "the lake tables are the Athena tables");
    }

    private static List<String> definitions(String list) {
        List<String> definitions = new ArrayList<>();
        for (String part : list.split(",")) {
            String definition = part.strip().replaceAll("\\s+", " ");
            if (!definition.isEmpty()) {
                definitions.add(definition);
            }
        }
        return definitions;
    }
}
