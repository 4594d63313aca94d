package org.greenhouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The read-only gate: what it lets through unchanged, and what it refuses with which reason. */
class ReadOnlySqlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM plant_reading",
            "  select 1  ",
            "WITH t AS (SELECT 1 AS x) SELECT x FROM t",
            "(SELECT 1) UNION (SELECT 2)",
            "SELECT 'DROP TABLE x; DELETE' AS text",
            "SELECT \"update\", \"delete\" FROM t",
            "SELECT 1 -- ; DROP TABLE x\n",
            "SELECT /* ; INSERT */ 1",
            "SELECT 'it''s' AS quoted",
            "SELECT $$; DROP TABLE x$$ AS dollar",
            "SELECT replace(plant_name, 'a', 'b') FROM plant_reading" })
    void oneReadingStatementPasses(String sql) {
        assertEquals(sql.strip().replaceAll(";$", ""), ReadOnlySql.check(sql).sql());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DROP TABLE plant_reading|only reading is allowed: 'DROP'",
            "SELECT 1; DROP TABLE plant_reading|one statement only",
            "SELECT 1; SELECT 2|one statement only",
            "INSERT INTO t SELECT 1|'INSERT'",
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d|'DELETE'",
            "COPY (SELECT 1) TO '/tmp/x'|'COPY'",
            "SET threads = 1|only a SELECT or WITH",
            "FROM plant_reading|only a SELECT or WITH",
            "VALUES (1)|only a SELECT or WITH",
            "SELECT * FROM t; ATTACH 'x.db'|one statement only",
            "SELECT 'open|quote opened at character 8 is not closed",
            "SELECT \"open|quote opened at character 8 is not closed",
            "SELECT /* open|comment is not closed",
            "UNLOAD (SELECT 1) TO 's3://b/'|'UNLOAD'",
            "SELECT 1 FROM t WHERE x IN (SELECT 1); PRAGMA version|one statement only",
            "   |no SQL" })
    void anythingElseIsRefusedWithTheReason(String sql, String reason) {
        QueryRefused refused = assertThrows(QueryRefused.class, () -> ReadOnlySql.check(sql == null ? "" : sql));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "SELECT 1;", "SELECT 1 ;  -- done\n", "SELECT 1; /* end */" })
    void aTrailingSemicolonEndsTheOneStatement(String sql) {
        assertEquals(sql.substring(0, sql.indexOf(';')).strip(), ReadOnlySql.check(sql).sql());
    }

    @ParameterizedTest
    @ValueSource(strings = { "SELECT * FROM plant_reading JOIN daily_summary USING (plant_id)" })
    void theWordsNameTheTables(String sql) {
        var words = ReadOnlySql.check(sql).words();
        assertTrue(words.contains("plant_reading") && words.contains("daily_summary"), words.toString());
    }

    @org.junit.jupiter.api.Test
    void aStatementTooLongIsRefused() {
        String sql = "SELECT 1" + " ".repeat(ReadOnlySql.MAX_LENGTH);
        assertThrows(QueryRefused.class, () -> ReadOnlySql.check(sql));
    }
}
