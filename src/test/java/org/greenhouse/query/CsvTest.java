package org.greenhouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CSV as Athena writes result files and as answers are written: what goes out reads back the same. */
class CsvTest {

    @Test
    void athenasResultFileReadsAsItsValuesWithNullApartFromEmpty() throws Exception {
        CsvReader csv = new CsvReader(new StringReader(
                "\"plant_id\",\"plant_name\",\"note\"\n\"1\",\"Venus, \"\"flytrap\"\"\",\"\"\n\"2\",,\"two\nlines\"\n"));
        assertEquals(List.of("plant_id", "plant_name", "note"), csv.next());
        assertEquals(List.of("1", "Venus, \"flytrap\"", ""), csv.next());
        assertEquals(Arrays.asList("2", null, "two\nlines"), csv.next());
        assertNull(csv.next());
    }

    @Test
    void writtenRowsReadBackEqual() throws Exception {
        List<List<String>> rows = List.of(Arrays.asList("a,b", "say \"hi\"", null), Arrays.asList("", "x\r\ny", "3"));
        StringWriter out = new StringWriter();
        CsvSink sink = new CsvSink(out);
        sink.columns(List.of(new ResultColumn("one", "varchar"), new ResultColumn("two", "varchar"),
                new ResultColumn("three", "integer")));
        for (List<String> row : rows) {
            sink.row(row);
        }
        CsvReader csv = new CsvReader(new StringReader(out.toString()));
        assertEquals(List.of("one", "two", "three"), csv.next());
        assertEquals(rows.get(0), csv.next());
        assertEquals(rows.get(1), csv.next());
        assertNull(csv.next());
    }
}
