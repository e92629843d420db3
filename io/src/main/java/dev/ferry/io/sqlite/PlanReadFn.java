package dev.ferry.io.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Plans a SQLite read on a worker: for the pipeline's one impulse, outputs the {@link ReadTask}s of
 * {@link ReadPlanner}, each keyed by its position in the plan, so that a following {@code
 * GroupByKey} spreads them over the workers one task per key. Running the planning in a DoFn (not
 * at pipeline construction) keeps it next to the data.
 *
 * <pre>{@code
 * p.apply(Impulse.create()).apply(ParDo.of(new PlanReadFn(spec))).apply(GroupByKey.create())
 * }</pre>
 */
final class PlanReadFn extends DoFn<byte[], KV<Integer, ReadTask>> {
  private final ReadSpec spec;
  private transient Connection connection;

  PlanReadFn(ReadSpec spec) {
    this.spec = spec;
  }

  @Setup
  public void setup() throws SQLException {
    connection = SqliteConnections.openReadOnly(spec.database());
  }

  @ProcessElement
  public void process(OutputReceiver<KV<Integer, ReadTask>> out) throws SQLException {
    int i = 0;
    for (ReadTask task : ReadPlanner.plan(connection, spec)) {
      out.output(KV.of(i++, task));
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
