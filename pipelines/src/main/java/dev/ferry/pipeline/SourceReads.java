package dev.ferry.pipeline;

import dev.ferry.io.chroma.ChromaIO;
import dev.ferry.io.files.JsonlIO;
import dev.ferry.io.postgres.PostgresIO;
import dev.ferry.io.sqlite.SqliteIO;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import dev.ferry.spec.JdbcEndpoint;
import dev.ferry.spec.SourceSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Applies the read of a flow's source, whatever the store: the records in batches and the rejects
 * the reader made (tagged {@link FlowTags}). Readers that cannot reject yield an empty reject
 * collection.
 *
 * <pre>{@code
 * PCollectionTuple read = SourceReads.read(pipeline, plan, 2000);
 * }</pre>
 */
final class SourceReads {
  private SourceReads() {}

  /** A flow's read, counted: records and the reader's rejects. */
  record Counted(PCollection<RecordBatch> records, PCollection<Reject> rejects) {}

  /**
   * Reads a flow's source and counts what was read into {@code <flow>.read}: the records, and the
   * reader's rejects (which count as read and as rejected, so conservation holds).
   */
  static Counted readCounted(Pipeline p, FlowPlan plan, int batchSize) {
    String flow = plan.name();
    PCollectionTuple read = read(p, plan, batchSize);
    PCollection<RecordBatch> records =
        read.get(FlowTags.RECORDS)
            .apply(flow + "/count read", CountInto.records(Counters.read(flow)));
    PCollection<Reject> rejects =
        read.get(FlowTags.REJECTS)
            .apply(flow + "/count read rejects", CountInto.rejects(Counters.read(flow)))
            .apply(flow + "/count reader rejects", CountInto.rejects(Counters.rejected(flow)));
    return new Counted(records, rejects);
  }

  static PCollectionTuple read(Pipeline p, FlowPlan plan, int batchSize) {
    String name = plan.name() + "/read";
    SourceSpec source = plan.source();
    if (source instanceof SourceSpec.Sqlite) {
      SqliteIO.Read read = sqliteRead(plan, batchSize);
      return p.apply(name, read);
    }
    if (source instanceof SourceSpec.Postgres) {
      JdbcEndpoint e = ((SourceSpec.Postgres) source).endpoint();
      PostgresIO.Read read =
          PostgresIO.read().withConnection(SourceTables.connection(e)).withBatchSize(batchSize);
      read =
          plan.sourceTable() != null
              ? read.withTable(e.schema(), plan.sourceTable())
              : read.withQuery(plan.query());
      if (plan.splitBy() != null) {
        read = read.withSplitColumn(plan.splitBy());
      }
      return PCollectionTuple.of(FlowTags.RECORDS, p.apply(name, read))
          .and(FlowTags.REJECTS, noRejects(p, plan));
    }
    if (source instanceof SourceSpec.Cosmos) {
      return CosmosFlows.read(p, plan, batchSize);
    }
    if (source instanceof SourceSpec.Jsonl) {
      return p.apply(
          name,
          JsonlIO.read()
              .from(((SourceSpec.Jsonl) source).path().toString())
              .withFlow(plan.name())
              .withBatchSize(batchSize));
    }
    if (source instanceof SourceSpec.Chroma) {
      return PCollectionTuple.of(FlowTags.RECORDS, p.apply(name, chromaRead(plan, batchSize)))
          .and(FlowTags.REJECTS, noRejects(p, plan));
    }
    if (source instanceof SourceSpec.Mongodb) {
      return PCollectionTuple.of(FlowTags.RECORDS, MongoFlows.read(p, plan, batchSize))
          .and(FlowTags.REJECTS, noRejects(p, plan));
    }
    throw new PlanException(
        "flow '" + plan.name() + "': cannot read a " + source.type() + " source");
  }

  /** The SQLite read of a flow whose source is SQLite, configured from its plan. */
  static SqliteIO.Read sqliteRead(FlowPlan plan, int batchSize) {
    SqliteIO.Read read =
        SqliteIO.read()
            .withDatabase(((SourceSpec.Sqlite) plan.source()).path().toString())
            .withFlow(plan.name())
            .withBatchSize(batchSize);
    read =
        plan.sourceTable() != null
            ? read.withTable(plan.sourceTable())
            : read.withQuery(plan.query());
    if (plan.splitBy() != null) {
      read = read.withSplitColumn(plan.splitBy());
    }
    if (!plan.key().isEmpty()) {
      read = read.withKeyFields(plan.key());
    }
    if (plan.sqlite() != null) {
      read = read.withExactValues(true).withRowid(plan.sqlite().carryRowid());
    }
    return read;
  }

  /** The Chroma read of a flow whose source is Chroma, configured from its plan. */
  static ChromaIO.Read chromaRead(FlowPlan plan, int batchSize) {
    SourceSpec.Chroma chroma = (SourceSpec.Chroma) plan.source();
    ChromaIO.Read read =
        ChromaIO.read().withCollection(plan.sourceTable()).withBatchSize(batchSize);
    return chroma.path() != null
        ? read.withPath(chroma.path().toString())
        : read.withUrl(chroma.url());
  }

  private static PCollection<Reject> noRejects(Pipeline p, FlowPlan plan) {
    return p.apply(plan.name() + "/no reader rejects", Create.empty(RejectCoder.of()));
  }
}
