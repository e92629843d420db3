package dev.ferry.pipeline;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.io.cosmos.CosmosContainerDef;
import dev.ferry.io.cosmos.CosmosContainerMismatchException;
import dev.ferry.io.cosmos.CosmosContainers;
import dev.ferry.io.cosmos.CosmosIO;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Ferry's Cosmos DB flows: a container as a flow's source table and target table, its read and bulk
 * write, the preparation of target containers (every container a cosmos target defines is checked
 * first, then the missing ones created, so a mismatch stops the run before anything is created or
 * written), and the check after the run that the container holds what was written.
 *
 * <pre>{@code
 * TableDef users = CosmosFlows.sourceTable(cosmosSource, "users");
 * PCollection<Long> written = CosmosFlows.write(records, plan, rejects);
 * }</pre>
 */
final class CosmosFlows {
  private CosmosFlows() {}

  static CosmosConnection connection(SourceSpec.Cosmos s) {
    return CosmosConnection.of(s.endpoint(), s.key().reveal(), s.database());
  }

  static CosmosConnection connection(TargetSpec.Cosmos t) {
    return CosmosConnection.of(t.endpoint(), t.key().reveal(), t.database());
  }

  /** A container read as a table: keyed by {@code id}; a missing container is a plan error. */
  static TableDef sourceTable(SourceSpec.Cosmos source, String container) {
    CosmosConnection c = connection(source);
    try (CosmosClient client = c.client()) {
      CosmosContainerProperties props;
      try {
        props = CosmosContainers.existing(client.getDatabase(c.database()), container);
      } catch (CosmosException e) {
        throw new PlanException(
            "source '"
                + source.name()
                + "': cannot read container '"
                + container
                + "' of database '"
                + c.database()
                + "': status "
                + e.getStatusCode(),
            e);
      }
      if (props == null) {
        throw new PlanException(
            "source '"
                + source.name()
                + "': container '"
                + container
                + "' does not exist in database '"
                + c.database()
                + "'");
      }
    }
    return new TableDef(container, List.of(), List.of("id"), List.of());
  }

  static PCollectionTuple read(Pipeline p, FlowPlan plan, int batchSize) {
    SourceSpec.Cosmos source = (SourceSpec.Cosmos) plan.source();
    CosmosIO.Read read =
        CosmosIO.read()
            .withConnection(connection(source))
            .withContainer(plan.sourceTable())
            .withVectorPaths(Set.copyOf(source.vectors()))
            .withBatchSize(batchSize)
            .withFlow(plan.name());
    if (plan.query() != null) {
      read = read.withQuery(plan.query());
    }
    return p.apply(plan.name() + "/read", read);
  }

  /** For the dry run: the documents a flow's read returns (every feed range, the query if any). */
  static long sourceCount(FlowPlan plan) {
    return sourceSample(plan, Integer.MAX_VALUE).size();
  }

  /** For the dry run: the first {@code n} documents of a flow's read, as records. */
  static List<dev.ferry.record.Record> sourceSample(FlowPlan plan, int n) {
    SourceSpec.Cosmos source = (SourceSpec.Cosmos) plan.source();
    CosmosConnection c = connection(source);
    List<dev.ferry.record.Record> out = new ArrayList<>();
    try (CosmosClient client = c.client()) {
      CosmosContainer container = client.getDatabase(c.database()).getContainer(plan.sourceTable());
      String query = plan.query() != null ? plan.query() : "SELECT * FROM c";
      for (com.azure.cosmos.models.FeedRange r : container.getFeedRanges()) {
        CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
        o.setFeedRange(r);
        for (com.fasterxml.jackson.databind.node.ObjectNode doc :
            container.queryItems(query, o, com.fasterxml.jackson.databind.node.ObjectNode.class)) {
          if (out.size() >= n) {
            return out;
          }
          out.add(dev.ferry.io.cosmos.CosmosDocuments.toRecord(doc, Set.copyOf(source.vectors())));
        }
      }
    }
    return out;
  }

  /** The container definition a flow writes, or a plan error naming the defined ones. */
  static CosmosContainerDef container(FlowPlan plan) {
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosContainerDef def = target.containers().get(plan.targetTable().name());
    if (def == null) {
      throw new PlanException(
          "flow '"
              + plan.name()
              + "': target '"
              + target.name()
              + "' defines no container '"
              + plan.targetTable().name()
              + "' (defined: "
              + String.join(", ", target.containers().keySet())
              + ") — nothing was written");
    }
    return def;
  }

  /** The bulk upsert of a flow: its container, partition key and the target's write budget. */
  static CosmosIO.Write writeTransform(FlowPlan plan) {
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosContainerDef def = container(plan);
    return CosmosIO.write()
        .withConnection(connection(target))
        .withContainer(def.id())
        .withPartitionKeyPaths(def.partitionKeyPaths())
        .withFlow(plan.name())
        .withMaxDocumentsPerSecond(target.maxDocsPerSecond());
  }

  /** Writes a flow's records; adds the write's rejects (counted) to {@code rejects}. */
  static PCollection<Long> write(
      PCollection<RecordBatch> records, FlowPlan plan, List<PCollection<Reject>> rejects) {
    CosmosContainerDef def = container(plan);
    List<String> vectorFields = vectorFields(def);
    if (!vectorFields.isEmpty()) {
      records =
          records
              .apply(
                  plan.name() + "/fingerprint vectors",
                  org.apache.beam.sdk.transforms.ParDo.of(
                      new VectorFingerprintFn(plan.name(), vectorFields, "sent")))
              .setCoder(dev.ferry.record.RecordBatchCoder.of());
    }
    PCollectionTuple w = records.apply(plan.name() + "/write", writeTransform(plan));
    PCollection<Reject> writeRejects =
        w.get(FlowTags.REJECTS)
            .apply(
                plan.name() + "/count write rejects",
                CountInto.rejects(Counters.rejected(plan.name())));
    if (!vectorFields.isEmpty()) {
      writeRejects =
          writeRejects
              .apply(
                  plan.name() + "/fingerprint rejected vectors",
                  org.apache.beam.sdk.transforms.ParDo.of(
                      new RejectedVectorFingerprintFn(plan.name(), vectorFields)))
              .setCoder(dev.ferry.record.RejectCoder.of());
    }
    rejects.add(writeRejects);
    return w.get(CosmosIO.WRITTEN)
        .apply(plan.name() + "/count written", CountInto.sum(Counters.written(plan.name())));
  }

  /**
   * Checks every container of every cosmos target the plans write against the spec, then (when
   * {@code write}) creates the missing ones; adds what was (or would be) done to {@code actions}.
   */
  static void prepare(List<FlowPlan> plans, boolean write, List<String> actions) {
    Map<String, TargetSpec.Cosmos> targets = new LinkedHashMap<>();
    for (FlowPlan plan : plans) {
      if (plan.target() instanceof TargetSpec.Cosmos) {
        container(plan);
        CosmosChecks.checkPlan(plan);
        targets.putIfAbsent(plan.target().name(), (TargetSpec.Cosmos) plan.target());
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<CosmosContainerDef>> missing = new LinkedHashMap<>();
    for (TargetSpec.Cosmos t : targets.values()) {
      CosmosConnection c = connection(t);
      try (CosmosClient client = c.client()) {
        List<CosmosContainerDef> absent = new ArrayList<>();
        for (CosmosContainerDef def : t.containers().values()) {
          CosmosContainerProperties props = existingOrNull(client, c.database(), def.id());
          if (props == null) {
            absent.add(def);
          } else {
            try {
              CosmosContainers.prepare(client, c.database(), List.of(def));
            } catch (CosmosContainerMismatchException e) {
              for (String p : e.problems()) {
                problems.add("target '" + t.name() + "': " + p);
              }
            }
          }
        }
        missing.put(t.name(), absent);
      } catch (CosmosException e) {
        throw new PlanException(
            "target '"
                + t.name()
                + "': cannot reach "
                + t.endpoint()
                + ": status "
                + e.getStatusCode()
                + " — nothing was written",
            e);
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(String.join("; ", problems) + " — nothing was written");
    }
    for (TargetSpec.Cosmos t : targets.values()) {
      List<CosmosContainerDef> absent = missing.get(t.name());
      if (absent.isEmpty()) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      absent.forEach(d -> ids.add(d.id()));
      if (write) {
        CosmosConnection c = connection(t);
        try (CosmosClient client = c.client()) {
          CosmosContainers.prepare(client, c.database(), absent);
        }
        actions.add(
            "target '"
                + t.name()
                + "': created container(s) "
                + String.join(", ", ids)
                + " in database '"
                + t.database()
                + "'");
      } else {
        actions.add(
            "target '" + t.name() + "': would create container(s) " + String.join(", ", ids));
      }
    }
  }

  private static CosmosContainerProperties existingOrNull(
      CosmosClient client, String database, String id) {
    try {
      return CosmosContainers.existing(client.getDatabase(database), id);
    } catch (CosmosException e) {
      if (e.getStatusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** The dotted record paths of a container's vector embeddings ({@code /a/b} -> {@code a.b}). */
  static List<String> vectorFields(CosmosContainerDef def) {
    List<String> out = new ArrayList<>();
    for (CosmosContainerDef.Vector v : def.vectors()) {
      out.add(String.join(".", v.path().substring(1).split("/")));
    }
    return out;
  }

  /** The order-free fingerprint of one record's vector: xxHash64 of its id and its float bits. */
  static long vectorFingerprint(Object id, Object vector) {
    return dev.ferry.validate.Fingerprint.hash(List.of(String.valueOf(id), vector));
  }

  /**
   * Sums the fingerprints of the vectors a flow sends to the write (counter {@code
   * <flow>.vectors_<what>_fp}).
   */
  static final class VectorFingerprintFn
      extends org.apache.beam.sdk.transforms.DoFn<RecordBatch, RecordBatch> {
    private static final long serialVersionUID = 1L;
    private final List<String> fields;
    private final org.apache.beam.sdk.metrics.Counter fingerprint;
    private final org.apache.beam.sdk.metrics.Counter count;

    VectorFingerprintFn(String flow, List<String> fields, String what) {
      this.fields = fields;
      this.fingerprint =
          org.apache.beam.sdk.metrics.Metrics.counter(
              Counters.NAMESPACE, flow + ".vectors_" + what + "_fp");
      this.count =
          org.apache.beam.sdk.metrics.Metrics.counter(
              Counters.NAMESPACE, flow + ".vectors_" + what);
    }

    @ProcessElement
    public void process(@Element RecordBatch batch, OutputReceiver<RecordBatch> out) {
      for (dev.ferry.record.Record r : batch) {
        for (String f : fields) {
          Object v = r.hasPath(f) ? r.getPath(f) : null;
          if (v instanceof float[]) {
            fingerprint.inc(vectorFingerprint(r.get("id"), v));
            count.inc();
          }
        }
      }
      out.output(batch);
    }
  }

  /** Sums the fingerprints of the vectors of records the write rejected. */
  static final class RejectedVectorFingerprintFn
      extends org.apache.beam.sdk.transforms.DoFn<Reject, Reject> {
    private static final long serialVersionUID = 1L;
    private final List<String> fields;
    private final org.apache.beam.sdk.metrics.Counter fingerprint;
    private final org.apache.beam.sdk.metrics.Counter count;

    RejectedVectorFingerprintFn(String flow, List<String> fields) {
      this.fields = fields;
      this.fingerprint =
          org.apache.beam.sdk.metrics.Metrics.counter(
              Counters.NAMESPACE, flow + ".vectors_rejected_fp");
      this.count =
          org.apache.beam.sdk.metrics.Metrics.counter(
              Counters.NAMESPACE, flow + ".vectors_rejected");
    }

    @ProcessElement
    public void process(@Element Reject reject, OutputReceiver<Reject> out) {
      dev.ferry.record.Record r = reject.record();
      for (String f : fields) {
        Object v = r.hasPath(f) ? r.getPath(f) : null;
        if (v instanceof float[]) {
          fingerprint.inc(vectorFingerprint(r.get("id"), v));
          count.inc();
        }
      }
      out.output(reject);
    }
  }

  /**
   * After the run: the container holds as many documents as the flow wrote, and for containers with
   * vector embeddings, every document holds each as a non-empty list of the declared dimensions,
   * and the vectors read back have the fingerprint of those written.
   */
  static void verify(FlowPlan plan, FlowReport report, Map<String, Long> counters) {
    verify(plan, report);
    CosmosContainerDef def = container(plan);
    List<String> fields = vectorFields(def);
    if (fields.isEmpty()) {
      return;
    }
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosConnection c = connection(target);
    long docs = 0;
    long good = 0;
    long readBack = 0;
    long fingerprint = 0;
    List<String> bad = new ArrayList<>();
    try (CosmosClient client = c.client()) {
      CosmosContainer container =
          client.getDatabase(c.database()).getContainer(plan.targetTable().name());
      for (com.azure.cosmos.models.FeedRange r : container.getFeedRanges()) {
        CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
        o.setFeedRange(r);
        for (com.fasterxml.jackson.databind.node.ObjectNode doc :
            container.queryItems(
                "SELECT * FROM c", o, com.fasterxml.jackson.databind.node.ObjectNode.class)) {
          docs++;
          dev.ferry.record.Record rec =
              dev.ferry.io.cosmos.CosmosDocuments.toRecord(doc, Set.copyOf(fields));
          boolean ok = true;
          for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            Object v = rec.hasPath(f) ? rec.getPath(f) : null;
            int dims = def.vectors().get(i).dimensions();
            if (v instanceof float[] && ((float[]) v).length == dims) {
              fingerprint += vectorFingerprint(rec.get("id"), v);
              readBack++;
            } else {
              ok = false;
              if (bad.size() < 5) {
                bad.add(
                    rec.get("id")
                        + " ("
                        + f
                        + ": "
                        + (v == null
                            ? "missing"
                            : v instanceof float[]
                                ? ((float[]) v).length + " numbers"
                                : "not a list of numbers")
                        + ")");
              }
            }
          }
          if (ok) {
            good++;
          }
        }
      }
    }
    String paths = String.join(", ", fields);
    report.addCheck(
        dev.ferry.report.Check.of(
            "embeddings present",
            good == docs,
            good
                + " of "
                + docs
                + " documents hold "
                + paths
                + " as a non-empty list of the declared dimensions"
                + (bad.isEmpty() ? "" : "; not: " + String.join(", ", bad))));
    long sent = counters.getOrDefault(plan.name() + ".vectors_sent", 0L);
    long rejected = counters.getOrDefault(plan.name() + ".vectors_rejected", 0L);
    long expected =
        counters.getOrDefault(plan.name() + ".vectors_sent_fp", 0L)
            - counters.getOrDefault(plan.name() + ".vectors_rejected_fp", 0L);
    boolean same = expected == fingerprint && readBack == sent - rejected;
    report.addCheck(
        dev.ferry.report.Check.of(
            "embeddings bit-exact",
            same,
            readBack
                + " vectors read back, "
                + (sent - rejected)
                + " written; xxHash64 fingerprint sum "
                + (same
                    ? "equal (" + Long.toHexString(fingerprint) + ")"
                    : "differs: read "
                        + Long.toHexString(fingerprint)
                        + ", written "
                        + Long.toHexString(expected))));
  }

  /** After the run: the container holds as many documents as the flow wrote. */
  static void verify(FlowPlan plan, FlowReport report) {
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosConnection c = connection(target);
    try (CosmosClient client = c.client()) {
      long docs = count(client.getDatabase(c.database()).getContainer(plan.targetTable().name()));
      long written = report.written();
      report.addCheck(
          Check.of(
              "target documents",
              docs == written,
              "container '"
                  + plan.targetTable().name()
                  + "' has "
                  + docs
                  + " documents; this run wrote "
                  + written
                  + (docs == written
                      ? ""
                      : " (documents not written by this run, or lost writes)")));
    }
  }

  /** The documents in a container, by id (every feed range read once). */
  static long count(CosmosContainer container) {
    Set<String> ids = new HashSet<>();
    for (com.azure.cosmos.models.FeedRange r : container.getFeedRanges()) {
      CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
      o.setFeedRange(r);
      for (com.fasterxml.jackson.databind.node.ObjectNode doc :
          container.queryItems(
              "SELECT c.id FROM c", o, com.fasterxml.jackson.databind.node.ObjectNode.class)) {
        ids.add(doc.path("id").asText());
      }
    }
    return ids.size();
  }
}
