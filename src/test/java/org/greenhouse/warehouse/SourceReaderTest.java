package org.greenhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What ingest reads of a source table since a time, on a real (in-memory H2) totesys. */
class SourceReaderTest {

    @Test
    void rowsStampedWithTheVeryMillisecondReadFromAreRead() throws Exception {
        LocalDateTime seeded = LocalDateTime.parse("2024-03-01T10:15:30.123");
        // the driver itself: DriverManager may not see it after a Quarkus test ran in the same JVM
        try (Connection c = new org.h2.Driver().connect("jdbc:h2:mem:source-reader-" + System.nanoTime(),
                new java.util.Properties())) {
            TotesysDemo.createSchema(c);
            TotesysDemo.seed(c, seeded);
            try (PreparedStatement earlier = c.prepareStatement(
                    "UPDATE sales_order SET last_updated = ? WHERE sales_order_id = 5")) {
                earlier.setObject(1, seeded.minusNanos(1_000_000));
                earlier.executeUpdate();
            }
            List<Integer> ids = new ArrayList<>();
            long rows = SourceReader.read(c, Totesys.SALES_ORDER, seeded, 7, row -> ids.add(row.id()));
            assertEquals(149, rows, "every order stamped at the time or after it, the one a millisecond before not");
            assertEquals(149, ids.size());
            assertEquals(false, ids.contains(5));
            assertEquals(150, SourceReader.read(c, Totesys.SALES_ORDER, null, 7, row -> { }), "no time: every row");
        }
    }
}
