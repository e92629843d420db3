package dev.ferry.io.mongodb;

import com.mongodb.client.MongoClient;
import dev.ferry.io.ranges.RangeSource;
import java.util.List;

/**
 * Plans the {@code _id} ranges of one collection ({@link IdRanges}) when the runner splits the
 * read, not while the pipeline is built: the pipeline can be built where the server is not
 * reachable. Each range becomes a split of its own, handed to whichever worker asks for more.
 *
 * <pre>{@code
 * p.apply(RangeSource.planned(new IdRangePlan(connection, 8), SerializableCoder.of(IdRange.class)));
 * }</pre>
 */
record IdRangePlan(MongoConnection connection, int splits) implements RangeSource.Plan<IdRange> {
  @Override
  public List<IdRange> ranges() {
    try (MongoClient client = connection.client()) {
      return MongoRetry.call(
          "plan the read of " + connection.label(),
          () -> IdRanges.plan(connection.collection(client), splits));
    }
  }
}
