package org.greenhouse.query;

import java.util.Locale;
import java.util.Set;

/** A column of an answer: its name and its type as the engine names it, lower case (integer, varchar, ...). */
public record ResultColumn(String name, String type) {

    private static final Set<String> NUMBERS = Set.of("tinyint", "smallint", "integer", "int", "bigint", "hugeint",
            "ubigint", "uinteger", "usmallint", "utinyint", "uhugeint", "double", "float", "real");

    public ResultColumn {
        type = type.toLowerCase(Locale.ROOT);
    }

    /** JSON answers give these columns' values as numbers. */
    public boolean numeric() {
        return NUMBERS.contains(type) || type.startsWith("decimal");
    }

    public boolean bool() {
        return type.equals("boolean");
    }
}
