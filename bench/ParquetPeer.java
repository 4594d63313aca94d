import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The archive benchmark's Parquet peer: DuckDB (org.duckdb:duckdb_jdbc, on the app's classpath) reads the flat
 * rows PostgreSQL exported as CSV and writes them as one Snappy Parquet file. Prints the milliseconds of that
 * read-and-write and the rows written. Usage: java -cp <classpath> bench/ParquetPeer.java rows.csv out.parquet
 */
public class ParquetPeer {
    public static void main(String[] args) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            long started = System.nanoTime();
            statement.execute("COPY (SELECT * FROM read_csv('" + args[0] + "', header = false)) TO '" + args[1]
                    + "' (FORMAT parquet, COMPRESSION snappy)");
            long ms = (System.nanoTime() - started) / 1_000_000;
            try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM read_parquet('" + args[1] + "')")) {
                count.next();
                System.out.println(ms + " " + count.getLong(1));
            }
        }
    }
}
