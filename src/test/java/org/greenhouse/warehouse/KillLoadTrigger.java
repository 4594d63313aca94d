package org.greenhouse.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/** H2's stand-in for a load killed mid-transaction: the first fact_payment row fails the statement. */
public class KillLoadTrigger implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("killed mid-load");
    }
}
