package org.greenhouse.warehouse;

/**
 * A value, or a row, the pipeline would not load, and why: a text date that is no ISO date (the value is
 * loaded as NULL), a foreign key with no row behind it (the fact row is held back).
 *
 * @param value the rejected text as it was; null when the reason concerns the row
 */
public record Reject(String table, long rowId, String column, String value, String reason) {
}
