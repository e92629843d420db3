package dev.ferry.io.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Plans a SQLite read on a worker: for its one {@link ReadSpec} element, outputs the {@link
 * ReadTask}s of {@link ReadPlanner}. Running the planning in a DoFn (not at pipeline construction)
 * lets the tasks be spread over workers by a following reshuffle.
 *
 * <pre>{@code
 * Create.of(spec).apply(ParDo.of(new PlanReadFn(spec.database())))
 * }</pre>
 */
final class PlanReadFn extends DoFn<ReadSpec, ReadTask> {
  private final String database;
  private transient Connection connection;

  PlanReadFn(String database) {
    this.database = database;
  }

  @Setup
  public void setup() throws SQLException {
    connection = SqliteConnections.openReadOnly(database);
  }

  @ProcessElement
  public void process(@Element ReadSpec spec, OutputReceiver<ReadTask> out) throws SQLException {
    for (ReadTask task : ReadPlanner.plan(connection, spec)) {
      out.output(task);
    }
  }

  @Teardown
  public void teardown() throws SQLException {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
