package org.greenhouse.query;

import java.io.IOException;
import java.util.List;

/**
 * Where an engine hands its answer, as it reads it: the columns once, then each row as text (null for SQL NULL),
 * so no engine holds a whole result.
 */
public interface RowSink {

    void columns(List<ResultColumn> columns) throws IOException;

    /** Whether the answer gives column types (JSON does; CSV has names only, so Athena can hand its result file). */
    default boolean needsTypes() {
        return true;
    }

    /** @return false when the sink takes no more rows; the engine stops reading */
    boolean row(List<String> values) throws IOException;
}
