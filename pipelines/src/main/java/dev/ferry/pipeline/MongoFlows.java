package dev.ferry.pipeline;

import dev.ferry.io.mongodb.MongoCollections;
import dev.ferry.io.mongodb.MongoConnection;
import dev.ferry.io.mongodb.MongoIO;
import dev.ferry.io.schema.IndexDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.spec.IndexSpec;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.ToSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The MongoDB parts of planning and graph building: a flow's source and target collections, the
 * target collection's indexes (from the flow's {@code indexes}), its preparation before the load
 * (created with its indexes; emptied with {@code mode: replace}), the read and the checked write
 * whose rejects join the flow's rejects.
 *
 * <pre>{@code
 * PCollection<RecordBatch> docs = MongoFlows.read(p, plan, 2000);
 * rejects.add(MongoFlows.write(docs, plan));
 * }</pre>
 */
final class MongoFlows {
  /** Ranges per read: enough for every worker of a small cluster to have work. */
  static final int SPLITS = 16;

  private MongoFlows() {}

  /** The first {@code n} documents of a flow's source collection, in {@code _id} order. */
  static List<dev.ferry.record.Record> first(FlowPlan plan, int n) {
    MongoConnection c = source(plan);
    List<dev.ferry.record.Record> out = new ArrayList<>();
    try (com.mongodb.client.MongoClient client = c.client()) {
      for (org.bson.Document d :
          c.collection(client).find().sort(new org.bson.Document("_id", 1)).limit(n).batchSize(n)) {
        out.add(dev.ferry.io.mongodb.BsonRecords.toRecord(d));
      }
    }
    return out;
  }

  /** The BSON size of a record as a stored document. */
  static long bsonBytes(dev.ferry.record.Record r) {
    return new org.bson.RawBsonDocument(
            dev.ferry.io.mongodb.BsonRecords.toDocument(r), new org.bson.codecs.DocumentCodec())
        .getByteBuffer()
        .remaining();
  }

  /** The collection a flow reads. */
  static MongoConnection source(FlowPlan plan) {
    SourceSpec.Mongodb s = (SourceSpec.Mongodb) plan.source();
    String coll = plan.sourceTable() != null ? plan.sourceTable() : s.collection();
    return MongoConnection.of(s.uri().reveal(), s.database(), coll);
  }

  /** The collection a flow writes. */
  static MongoConnection target(FlowPlan plan) {
    TargetSpec.Mongodb t = (TargetSpec.Mongodb) plan.target();
    return MongoConnection.of(t.uri().reveal(), t.database(), plan.targetTable().name());
  }

  /** A MongoDB source's connection for its own collection. */
  static MongoConnection of(SourceSpec.Mongodb s) {
    return MongoConnection.of(s.uri().reveal(), s.database(), s.collection());
  }

  /** A MongoDB target's connection for its own collection. */
  static MongoConnection of(TargetSpec.Mongodb t) {
    return MongoConnection.of(t.uri().reveal(), t.database(), t.collection());
  }

  /** The target "table" of a flow into MongoDB: the collection's name and its indexes. */
  static TableDef targetCollection(ToSpec to, String collection) {
    List<IndexDef> idx = new ArrayList<>();
    for (IndexSpec i : to.indexes()) {
      String name = i.name();
      if (name == null) {
        name = String.join("_1_", i.columns()) + "_1"; // MongoDB's own default name
      }
      idx.add(new IndexDef(name, i.columns(), i.unique()));
    }
    return new TableDef(collection, List.of(), List.of(), idx);
  }

  static PCollection<RecordBatch> read(Pipeline p, FlowPlan plan, int batchSize) {
    return p.apply(
        plan.name() + "/read",
        MongoIO.read().withConnection(source(plan)).withBatchSize(batchSize).withSplits(SPLITS));
  }

  /** Writes and counts; returns the writer's rejects, counted as rejected. */
  static PCollection<Reject> write(PCollection<RecordBatch> records, FlowPlan plan) {
    String flow = plan.name();
    PCollectionTuple w =
        records.apply(
            flow + "/write",
            MongoIO.write().withConnection(target(plan)).withFlow(flow).withKey(plan.key()));
    w.get(MongoIO.WRITTEN).apply(flow + "/count written", CountInto.sum(Counters.written(flow)));
    return w.get(FlowTags.REJECTS)
        .apply(flow + "/count writer rejects", CountInto.rejects(Counters.rejected(flow)));
  }

  /** Creates (or, in a dry run, names) the target collections and their indexes. */
  static void prepare(List<FlowPlan> plans, TargetPreparer.Mode mode, List<String> actions) {
    for (FlowPlan plan : plans) {
      if (!(plan.target() instanceof TargetSpec.Mongodb)) {
        continue;
      }
      MongoConnection c = target(plan);
      List<MongoCollections.MongoIndex> indexes = new ArrayList<>();
      for (IndexDef i : plan.targetTable().indexes()) {
        indexes.add(new MongoCollections.MongoIndex(i.columns(), i.unique(), i.name()));
      }
      boolean empty = plan.mode() == ToSpec.Mode.REPLACE;
      if (mode == TargetPreparer.Mode.WRITE) {
        try {
          actions.addAll(MongoCollections.prepare(c, indexes, empty));
        } catch (RuntimeException e) {
          throw new PlanException(
              "flow '" + plan.name() + "': " + e.getMessage() + " — nothing was written", e);
        }
      } else {
        actions.add(
            "would "
                + (empty ? "empty and " : "")
                + "prepare collection "
                + c.label()
                + (indexes.isEmpty() ? "" : " with indexes " + describe(indexes)));
      }
    }
  }

  /**
   * Creates (or, in a dry run, names) the collections the MongoDB targets of the plans declare
   * under {@code collections:}, with their indexes, whether or not a flow writes them.
   */
  static void prepareDeclared(
      List<FlowPlan> plans, TargetPreparer.Mode mode, List<String> actions) {
    for (TargetSpec.Mongodb t : mongoTargets(plans)) {
      for (java.util.Map.Entry<String, List<IndexSpec>> e : t.collections().entrySet()) {
        MongoConnection c = of(t).withCollection(e.getKey());
        List<MongoCollections.MongoIndex> indexes = new ArrayList<>();
        for (IndexDef i : targetCollection(e.getValue(), e.getKey()).indexes()) {
          indexes.add(new MongoCollections.MongoIndex(i.columns(), i.unique(), i.name()));
        }
        if (mode == TargetPreparer.Mode.WRITE) {
          try {
            actions.addAll(MongoCollections.prepare(c, indexes, false));
          } catch (RuntimeException ex) {
            throw new PlanException(
                "target '" + t.name() + "': " + ex.getMessage() + " — nothing was written", ex);
          }
        } else {
          actions.add(
              "would prepare collection "
                  + c.label()
                  + " (declared by target '"
                  + t.name()
                  + "')"
                  + (indexes.isEmpty() ? "" : " with indexes " + describe(indexes)));
        }
      }
    }
  }

  /** One report line per declared collection: its document count after the run. */
  static List<String> declaredCounts(List<FlowPlan> plans) {
    List<String> out = new ArrayList<>();
    for (TargetSpec.Mongodb t : mongoTargets(plans)) {
      for (String name : t.collections().keySet()) {
        MongoConnection c = of(t).withCollection(name);
        out.add(
            "collection "
                + c.label()
                + " (declared by target '"
                + t.name()
                + "'): "
                + MongoCollections.count(c)
                + " documents after the run");
      }
    }
    return out;
  }

  /** The MongoDB targets of the plans, each once, in plan order. */
  private static List<TargetSpec.Mongodb> mongoTargets(List<FlowPlan> plans) {
    java.util.Map<String, TargetSpec.Mongodb> out = new java.util.LinkedHashMap<>();
    for (FlowPlan plan : plans) {
      if (plan.target() instanceof TargetSpec.Mongodb t) {
        out.putIfAbsent(t.name(), t);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Indexes of a declared collection, named as MongoDB names them by default. */
  private static TableDef targetCollection(List<IndexSpec> specs, String collection) {
    List<IndexDef> idx = new ArrayList<>();
    for (IndexSpec i : specs) {
      String name = i.name() != null ? i.name() : String.join("_1_", i.columns()) + "_1";
      idx.add(new IndexDef(name, i.columns(), i.unique()));
    }
    return new TableDef(collection, List.of(), List.of(), idx);
  }

  private static String describe(List<MongoCollections.MongoIndex> indexes) {
    List<String> out = new ArrayList<>();
    for (MongoCollections.MongoIndex i : indexes) {
      out.add((i.unique() ? "unique " : "") + i.fields());
    }
    return String.join(", ", out);
  }
}
