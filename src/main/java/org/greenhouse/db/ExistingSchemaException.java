package org.greenhouse.db;

import java.util.List;

/**
 * The database's schema already holds tables that are not Greenhouse's (a team keeping the database of the
 * pipeline it replaces): the app does not start until told where its tables go.
 */
public class ExistingSchemaException extends IllegalStateException {

    public ExistingSchemaException(List<String> tables, Throwable flywayRefusal) {
        super("greenhouse.db.url names a schema that already holds tables (" + String.join(", ", tables.subList(0,
                Math.min(tables.size(), 10))) + (tables.size() > 10 ? ", ..." : "") + ") and no Greenhouse schema "
                + "history. Point greenhouse.db.url at an empty schema or database of Greenhouse's own (PostgreSQL: "
                + "?currentSchema=greenhouse), or set greenhouse.db.adopt-existing-schema=true "
                + "(GREENHOUSE_DB_ADOPT_EXISTING_SCHEMA) to create Greenhouse's tables next to these; "
                + "see docs/databases.md", flywayRefusal);
    }
}
