package dev.ferry.pipeline;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedRange;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.io.cosmos.CosmosContainerDef;
import dev.ferry.io.cosmos.CosmosDocuments;
import dev.ferry.io.cosmos.CosmosIO;
import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import dev.ferry.record.Values;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.steps.AggregateStep;
import dev.ferry.steps.RoutedElsewhere;
import dev.ferry.steps.Step;
import dev.ferry.steps.StepRejection;
import dev.ferry.validate.Fingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's Cosmos DB checks made after a run: that each Cosmos source container still holds as
 * many documents as the run read ("originals untouched"), how many write operations the server
 * throttled and the writer retried, and, when a flow asks for it with {@code checks: { sample: {
 * size: 200, seed: 42 } }}, a field-by-field check of a seeded sample: the sampled source documents
 * go through the flow's steps again in-process, the document that landed is point-read by id and
 * partition key, and every differing field is named. Sampled documents that the steps route to
 * another flow or reject, or that the write rejected, are counted apart, not as differences.
 *
 * <pre>{@code
 * CosmosChecks.verify(plan, flowReport, counters, runDir);
 * }</pre>
 */
final class CosmosChecks {
  private static final int EXAMPLES = 10;

  private CosmosChecks() {}

  static void verify(FlowPlan plan, FlowReport report, Map<String, Long> counters, Path runDir) {
    if (plan.source() instanceof SourceSpec.Cosmos && plan.sourceTable() != null) {
      report.addCheck(sourceCheck(plan, report.read()));
    }
    if (plan.target() instanceof TargetSpec.Cosmos) {
      long retries = counters.getOrDefault(CosmosIO.retriesCounter(plan.name()), 0L);
      report.addCheck(
          Check.of(
              "write retries",
              true,
              retries
                  + " throttled (429) or timed-out write operations retried after the server's"
                  + " retry-after; what still failed is in the rejects"));
    }
    if (plan.target() instanceof TargetSpec.Cosmos
        && plan.source() instanceof SourceSpec.Cosmos
        && plan.checks().sampleSize() > 0) {
      report.addCheck(sampleCheck(plan, rejectedIds(runDir, plan.name())));
    }
  }

  /**
   * A plan error for a flow that asks for a sample check it cannot have: its documents are built
   * from groups (an aggregate step), or it does not read a Cosmos DB container.
   */
  static void checkPlan(FlowPlan plan) {
    if (plan.checks().sampleSize() <= 0) {
      return;
    }
    for (Step s : plan.steps()) {
      if (s instanceof AggregateStep) {
        throw new PlanException(
            "flow '"
                + plan.name()
                + "': checks.sample re-maps documents one by one and cannot follow the aggregate"
                + " step '"
                + s.label()
                + "' — nothing was written");
      }
    }
    if (!(plan.source() instanceof SourceSpec.Cosmos)) {
      throw new PlanException(
          "flow '"
              + plan.name()
              + "': checks.sample needs a cosmos source (it re-reads sampled source documents)"
              + " — nothing was written");
    }
  }

  /** The source container holds as many documents as the run read from it. */
  static Check sourceCheck(FlowPlan plan, long read) {
    SourceSpec.Cosmos source = (SourceSpec.Cosmos) plan.source();
    CosmosConnection c = CosmosFlows.connection(source);
    long docs;
    try (CosmosClient client = c.client()) {
      docs = CosmosFlows.count(client.getDatabase(c.database()).getContainer(plan.sourceTable()));
    }
    String what = plan.query() == null ? "" : " (the flow read a query over it)";
    return Check.of(
        "source documents",
        plan.query() != null || docs == read,
        "source container '"
            + plan.sourceTable()
            + "' has "
            + docs
            + " documents; this run read "
            + read
            + what
            + (plan.query() == null && docs != read
                ? " (the source changed during or after the run)"
                : ""));
  }

  /** Re-maps a seeded sample of source documents and compares them field by field. */
  static Check sampleCheck(FlowPlan plan, Set<String> rejectedIds) {
    SourceSpec.Cosmos source = (SourceSpec.Cosmos) plan.source();
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosContainerDef def = CosmosFlows.container(plan);
    Set<String> targetVectors = new HashSet<>(CosmosFlows.vectorFields(def));
    int size = plan.checks().sampleSize();
    long seed = plan.checks().sampleSeed();
    // The sample: the documents with the smallest seeded hash of their id, so it does not depend
    // on the order the feed ranges return them and needs memory for the sample only.
    TreeMap<String, Record> chosen = new TreeMap<>();
    long total = 0;
    CosmosConnection sc = CosmosFlows.connection(source);
    try (CosmosClient client = sc.client()) {
      CosmosContainer container =
          client.getDatabase(sc.database()).getContainer(plan.sourceTable());
      String query = plan.query() != null ? plan.query() : "SELECT * FROM c";
      for (FeedRange r : container.getFeedRanges()) {
        CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
        o.setFeedRange(r);
        for (ObjectNode doc : container.queryItems(query, o, ObjectNode.class)) {
          total++;
          String id = doc.path("id").asText();
          String rank = rank(seed, id);
          if (chosen.size() < size || rank.compareTo(chosen.lastKey()) < 0) {
            chosen.put(rank, CosmosDocuments.toRecord(doc, Set.copyOf(source.vectors())));
            if (chosen.size() > size) {
              chosen.pollLastEntry();
            }
          }
        }
      }
    }
    int equal = 0;
    int routed = 0;
    int rejectedBySteps = 0;
    int rejectedByWrite = 0;
    List<String> differences = new ArrayList<>();
    CosmosConnection tc = CosmosFlows.connection(target);
    try (CosmosClient client = tc.client()) {
      CosmosContainer container = client.getDatabase(tc.database()).getContainer(def.id());
      TreeMap<String, Record> byId = new TreeMap<>();
      chosen.values().forEach(r -> byId.put(String.valueOf(r.get("id")), r));
      for (Map.Entry<String, Record> e : byId.entrySet()) {
        Record expected = e.getValue().copy();
        try {
          for (Step s : plan.steps()) {
            expected = s.apply(expected);
          }
        } catch (RoutedElsewhere routedElsewhere) {
          routed++;
          continue;
        } catch (StepRejection rejection) {
          rejectedBySteps++;
          continue;
        }
        String id = String.valueOf(expected.get("id"));
        if (rejectedIds.contains(id)) {
          rejectedByWrite++;
          continue;
        }
        ObjectNode landed;
        try {
          landed =
              container
                  .readItem(
                      id,
                      CosmosIO.partitionKeyOf(
                          CosmosDocuments.partitionKeyValues(expected, def.partitionKeyPaths())),
                      new CosmosItemRequestOptions(),
                      ObjectNode.class)
                  .getItem();
        } catch (CosmosException ex) {
          if (ex.getStatusCode() != 404) {
            throw ex;
          }
          landed = null;
        }
        if (landed == null) {
          differences.add(id + " (missing)");
          continue;
        }
        List<String> fields = new ArrayList<>();
        differingFields("", expected, CosmosDocuments.toRecord(landed, targetVectors), fields);
        if (fields.isEmpty()) {
          equal++;
        } else {
          differences.add(id + " (" + String.join(", ", fields) + ")");
        }
      }
    }
    StringBuilder detail = new StringBuilder();
    detail
        .append("sampled ")
        .append(chosen.size())
        .append(" of ")
        .append(total)
        .append(" documents (seed ")
        .append(seed)
        .append("): ")
        .append(equal)
        .append(" equal");
    if (!differences.isEmpty()) {
      detail.append(", ").append(differences.size()).append(" different");
    }
    if (routed > 0) {
      detail.append(", ").append(routed).append(" routed to other flows");
    }
    if (rejectedBySteps > 0) {
      detail.append(", ").append(rejectedBySteps).append(" rejected by the steps");
    }
    if (rejectedByWrite > 0) {
      detail.append(", ").append(rejectedByWrite).append(" rejected by the write");
    }
    if (!differences.isEmpty()) {
      detail
          .append(": ")
          .append(
              String.join("; ", differences.subList(0, Math.min(EXAMPLES, differences.size()))));
      if (differences.size() > EXAMPLES) {
        detail.append("; ...");
      }
    }
    return Check.of("field mapping", differences.isEmpty(), detail.toString());
  }

  /** The seeded rank of a document id: its order in the sample. */
  static String rank(long seed, String id) {
    return String.format("%016x", Fingerprint.hash(List.of(seed, id))) + id;
  }

  /**
   * Adds the dotted paths of the fields whose values differ (missing on one side counts; numbers
   * compare by value, so 3 and 3.0 from JSON are the same).
   */
  static void differingFields(String prefix, Record expected, Record landed, List<String> out) {
    Set<String> names = new LinkedHashSet<>(expected.names());
    names.addAll(landed.names());
    for (String n : names) {
      String path = prefix + n;
      Object a = expected.get(n);
      Object b = landed.get(n);
      if (expected.has(n) != landed.has(n)) {
        out.add(path);
      } else if (a instanceof Record && b instanceof Record) {
        differingFields(path + ".", (Record) a, (Record) b, out);
      } else if (!same(a, b)) {
        out.add(path);
      }
    }
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number
        && b instanceof Number
        && !(a instanceof Double || a instanceof Float)
        && !(b instanceof Double || b instanceof Float)) {
      return ((Number) a).longValue() == ((Number) b).longValue();
    }
    if (a instanceof Number && b instanceof Number) {
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    if (a instanceof List && b instanceof List) {
      List<?> la = (List<?>) a;
      List<?> lb = (List<?>) b;
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        Object x = la.get(i);
        Object y = lb.get(i);
        if (x instanceof Record && y instanceof Record) {
          List<String> inner = new ArrayList<>();
          differingFields("", (Record) x, (Record) y, inner);
          if (!inner.isEmpty()) {
            return false;
          }
        } else if (!same(x, y)) {
          return false;
        }
      }
      return true;
    }
    return Values.equal(a, b);
  }

  /** The ids of the records a flow rejected, from its rejects file(s). */
  static Set<String> rejectedIds(Path runDir, String flow) {
    Set<String> ids = new HashSet<>();
    for (Record line : RunFiles.readRejects(runDir, flow)) {
      ids.add(String.valueOf(Reject.fromRecord(line).record().get("id")));
    }
    return ids;
  }
}
