package dev.ferry.io.mongodb;

import com.mongodb.client.MongoClient;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Plans the {@code _id} ranges of one collection at run time (on a worker, so the pipeline can be
 * built where the server is not reachable).
 *
 * <pre>{@code
 * p.apply(Create.of("x")).apply(ParDo.of(new PlanRangesFn(connection, 8)));
 * }</pre>
 */
final class PlanRangesFn extends DoFn<String, IdRange> {
  private static final long serialVersionUID = 1L;
  private final MongoConnection connection;
  private final int splits;

  PlanRangesFn(MongoConnection connection, int splits) {
    this.connection = connection;
    this.splits = splits;
  }

  @ProcessElement
  public void process(OutputReceiver<IdRange> out) {
    try (MongoClient client = connection.client()) {
      for (IdRange r :
          MongoRetry.call(
              "plan the read of " + connection.label(),
              () -> IdRanges.plan(connection.collection(client), splits))) {
        out.output(r);
      }
    }
  }
}
