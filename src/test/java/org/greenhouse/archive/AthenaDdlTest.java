package org.greenhouse.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Athena tables in athena/ describe exactly the columns and key layout the archive writes. */
class AthenaDdlTest {

    private static final Pattern COLUMNS = Pattern.compile("CREATE EXTERNAL TABLE[^(]+\\((.*?)\\)\\s*PARTITIONED BY",
            Pattern.DOTALL);
    private static final Pattern TEMPLATE = Pattern.compile("'storage.location.template' = 's3://\\{\\{bucket}}/"
            + "\\{\\{prefix}}/([a-z_]+)/(.*?)/'");

    @ParameterizedTest
    @CsvSource({ "plant_reading.sql, READING", "daily_summary.sql, SUMMARY" })
    void everyColumnMatchesTheParquetSchema(String ddlFile, String dataset) throws Exception {
        Schema schema = "READING".equals(dataset) ? ParquetDatasets.READING : ParquetDatasets.SUMMARY;
        List<String> ddl = columns(Files.readString(Path.of("athena", ddlFile)));

        List<String> parquet = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            parquet.add(field.name() + " " + athenaType(field.schema()));
        }
        assertEquals(parquet, ddl);
    }

    @ParameterizedTest
    @CsvSource({ "plant_reading.sql, plant_reading", "daily_summary.sql, daily_summary" })
    void theLocationTemplateIsTheArchiveKeyLayout(String ddlFile, String dataset) throws Exception {
        Matcher template = TEMPLATE.matcher(Files.readString(Path.of("athena", ddlFile)));
        assertTrue(template.find(), ddlFile + " has no storage.location.template");
        assertEquals(dataset, template.group(1));

        Instant taken = Instant.parse("2026-01-05T07:30:00Z");
        String expected = "plant_reading".equals(dataset)
                ? ArchiveKeys.readingsObject("p", ArchiveKeys.hourPartition(taken), 1, 0)
                : ArchiveKeys.summaryObject("p", LocalDate.parse("2026-01-05"));
        String filled = "p/" + dataset + "/" + template.group(2).replace("${year}", "2026").replace("${month}", "01")
                .replace("${day}", "05").replace("${day_of_month}", "05").replace("${hour}", "07") + "/";
        assertTrue(expected.startsWith(filled), expected + " is not under " + filled);
    }

    private static List<String> columns(String ddl) {
        Matcher matcher = COLUMNS.matcher(ddl);
        assertTrue(matcher.find(), "no column list");
        return matcher.group(1).lines().map(String::trim).filter(line -> !line.isEmpty())
                .map(line -> line.replaceAll(",$", "").replaceAll("\\s+", " ")).toList();
    }

    /** The Athena type of a Parquet column as the Avro schema declares it. */
    private static String athenaType(Schema schema) {
        Schema type = schema.isUnion()
                ? schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow()
                : schema;
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return "timestamp";
        }
        if (logical instanceof LogicalTypes.Date) {
            return "date";
        }
        return switch (type.getType()) {
            case LONG -> "bigint";
            case INT -> "int";
            case DOUBLE -> "double";
            case STRING -> "string";
            default -> throw new IllegalArgumentException("no Athena type for " + type);
        };
    }
}
