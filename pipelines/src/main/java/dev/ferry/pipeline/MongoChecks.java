package dev.ferry.pipeline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.ferry.io.mongodb.BsonRecords;
import dev.ferry.io.mongodb.MongoConnection;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Values;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.spec.SourceSpec;
import dev.ferry.steps.Step;
import dev.ferry.steps.StepRejection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bson.Document;

/**
 * The report's checks on a flow into a MongoDB collection, made after the writes: the target's
 * document count against what the run wrote and its ratio to the source collection; what the writes
 * did (inserted, modified, unchanged); a field-mapping check on a seeded random sample (each
 * sampled source document is run through the flow's steps again and compared with the document that
 * landed, naming every differing field); and, per {@code checks.nonempty}, that as many documents
 * have a non-empty value on both sides.
 *
 * <pre>{@code
 * MongoChecks.verify(plan, flowReport, counters, runDir);
 * }</pre>
 */
final class MongoChecks {
  private static final int EXAMPLES = 10;

  private MongoChecks() {}

  static void verify(FlowPlan plan, FlowReport report, Map<String, Long> counters, Path runDir) {
    MongoConnection target = MongoFlows.target(plan);
    MongoConnection source =
        plan.source() instanceof SourceSpec.Mongodb ? MongoFlows.source(plan) : null;
    String flow = plan.name();
    try (MongoClient client = target.client()) {
      MongoCollection<Document> tc = target.collection(client);
      long docs = tc.countDocuments();
      long written = report.written();
      long sourceDocs = -1;
      if (source != null) {
        try (MongoClient sc = source.client()) {
          sourceDocs = source.collection(sc).countDocuments();
        }
      }
      String ratio =
          sourceDocs > 0
              ? String.format(Locale.ROOT, " = %.2f %%", 100.0 * docs / sourceDocs)
                  + " of the "
                  + sourceDocs
                  + " in source "
                  + source.label()
              : "";
      report.addCheck(
          Check.of(
              "target documents",
              docs == written,
              target.label()
                  + " has "
                  + docs
                  + " documents"
                  + ratio
                  + "; this run wrote "
                  + written));
      report.addCheck(
          Check.of(
              "writes",
              true,
              counters.getOrDefault(flow + ".mongo.inserted", 0L)
                  + " inserted, "
                  + counters.getOrDefault(flow + ".mongo.modified", 0L)
                  + " modified, "
                  + counters.getOrDefault(flow + ".mongo.unchanged", 0L)
                  + " unchanged"));
      if (source == null) {
        return;
      }
      try (MongoClient sc = source.client()) {
        MongoCollection<Document> src = source.collection(sc);
        if (plan.checks().sampleSize() > 0) {
          report.addCheck(sampleCheck(plan, src, tc, rejectedKeys(runDir, flow)));
        }
        for (Map.Entry<String, String> e : plan.checks().nonEmpty().entrySet()) {
          long a = nonEmpty(src, e.getKey());
          long b = nonEmpty(tc, e.getValue());
          report.addCheck(
              Check.of(
                  "non-empty " + e.getValue(),
                  a == b,
                  a
                      + " source documents have a non-empty '"
                      + e.getKey()
                      + "', "
                      + b
                      + " target documents a non-empty '"
                      + e.getValue()
                      + "'"));
        }
      }
    }
  }

  /** Re-maps a seeded random sample of source documents and compares them with the target's. */
  static Check sampleCheck(
      FlowPlan plan,
      MongoCollection<Document> src,
      MongoCollection<Document> tc,
      Set<Record> rejected) {
    List<Object> ids = new ArrayList<>();
    for (Document d : src.find().projection(new Document("_id", 1)).sort(new Document("_id", 1))) {
      ids.add(d.get("_id"));
    }
    Collections.shuffle(ids, new Random(plan.checks().sampleSeed()));
    List<Object> chosen = ids.subList(0, Math.min(plan.checks().sampleSize(), ids.size()));
    int equal = 0;
    int skipped = 0;
    List<String> differences = new ArrayList<>();
    for (Document d : src.find(new Document("_id", new Document("$in", chosen)))) {
      Record expected = BsonRecords.toRecord(d);
      try {
        for (Step s : plan.steps()) {
          expected = s.apply(expected);
        }
      } catch (StepRejection e) {
        skipped++;
        continue;
      }
      Record key = Record.withCapacity(plan.key().size());
      Document filter = new Document();
      for (String k : plan.key()) {
        key.put(k, expected.getPath(k));
        filter.append(k, BsonRecords.toBson(expected.getPath(k)));
      }
      if (rejected.contains(key)) {
        skipped++;
        continue;
      }
      Document landed = tc.find(filter).first();
      String k = RecordJson.write(key);
      if (landed == null) {
        differences.add(k + ": missing");
        continue;
      }
      List<String> fields = differingFields(expected, BsonRecords.toRecord(landed));
      if (fields.isEmpty()) {
        equal++;
      } else {
        differences.add(k + ": fields " + fields);
      }
    }
    int checked = equal + differences.size();
    String detail =
        checked
            + " sampled documents (seed "
            + plan.checks().sampleSeed()
            + ") re-mapped: "
            + equal
            + " equal, "
            + differences.size()
            + " different"
            + (skipped > 0 ? ", " + skipped + " rejected by the run" : "")
            + (differences.isEmpty()
                ? ""
                : ": "
                    + String.join(
                        "; ", differences.subList(0, Math.min(EXAMPLES, differences.size()))));
    return Check.of("field mapping", differences.isEmpty(), detail);
  }

  /**
   * The top-level fields whose values differ (missing on one side counts); a target {@code _id} the
   * mapping does not set (generated by the server) is not a difference.
   */
  static List<String> differingFields(Record expected, Record landed) {
    Set<String> names = new LinkedHashSet<>(expected.names());
    names.addAll(landed.names());
    if (!expected.has("_id")) {
      names.remove("_id");
    }
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (expected.has(n) != landed.has(n) || !Values.equal(expected.get(n), landed.get(n))) {
        out.add(n);
      }
    }
    return out;
  }

  /** Documents whose field is a non-empty list, or any other non-null value. */
  static long nonEmpty(MongoCollection<Document> coll, String field) {
    long n = 0;
    for (Document d : coll.find().projection(new Document(field, 1))) {
      Object v = BsonRecords.toRecord(d).getPath(field);
      if (v instanceof List ? !((List<?>) v).isEmpty() : v != null) {
        n++;
      }
    }
    return n;
  }

  /** The keys of the flow's rejects, from its rejects file(s). */
  static Set<Record> rejectedKeys(Path runDir, String flow) {
    Set<Record> keys = new HashSet<>();
    for (Record line : RunFiles.readRejects(runDir, flow)) {
      if (line.get("key") instanceof Record k) {
        keys.add(k);
      }
    }
    return keys;
  }
}
