package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgIdentifiers;
import dev.ferry.record.Record;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.VectorChecksSpec;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The vector checks of a flow from a Chroma collection into PostgreSQL, run after the writes (by
 * {@code run}) or alone (by {@code validate}): counts; every vector equal bit for bit per id, with
 * the missing, changed and extra ids named, and an order-independent digest of each side; the
 * target column's dimension; the source's NaN, infinite, all-zero or wrongly sized vectors named by
 * id; and top-k overlap of seeded sample queries — the exact top-k over the source computed here
 * against the target's answer through its index — with the queries' p50/p95 latency, against the
 * flow's {@code checks.vectors} thresholds.
 *
 * <p>The source is streamed twice in batches (compare and sample, then the exact top-k of the
 * samples), so memory holds one batch, the ids and the sample queries, never the collection.
 *
 * <pre>{@code
 * VectorChecks.verify(plan, flowReport);
 * }</pre>
 */
final class VectorChecks {
  private static final int BATCH = 2000;
  private static final int LIST = 10;

  private VectorChecks() {}

  /** Runs the checks and adds a note with their duration to the run's report. */
  static void verify(FlowPlan plan, FlowReport report, RunReport run) {
    if (!(plan.source() instanceof SourceSpec.Chroma)) {
      return;
    }
    long t0 = System.nanoTime();
    verify(plan, report);
    run.addNote(
        String.format(
            Locale.ROOT,
            "flow '%s': vector checks took %.1f s",
            plan.name(),
            (System.nanoTime() - t0) / 1e9));
  }

  static void verify(FlowPlan plan, FlowReport report) {
    if (!(plan.source() instanceof SourceSpec.Chroma source)
        || !(plan.target() instanceof TargetSpec.Postgres target)) {
      return;
    }
    String schema = target.endpoint().schema();
    String table = PgIdentifiers.qualified(schema, plan.targetTable().name());
    LangchainLayout.RowStep langchain = ChromaPlans.langchainStep(plan);
    String collectionFilter =
        langchain == null
            ? ""
            : "collection_id = '" + LangchainLayout.collectionUuid(langchain.collection) + "'";
    VectorChecksSpec t = plan.checks().vectors();
    try (Connection c = SourceTables.connection(target.endpoint()).open()) {
      String space = ChromaPlans.space(plan);
      int dim = ChromaSources.collection(source, plan.sourceTable()).dimension();
      Comparison cmp = new Comparison(c, table, collectionFilter, dim, t);
      ChromaSources.forEachBatch(source, plan.sourceTable(), BATCH, cmp::compare);
      cmp.extras();
      long records = cmp.valid.size() + cmp.invalid.size();
      report.addCheck(
          Check.of(
              "vector count",
              cmp.valid.size() == cmp.targetRows,
              "Chroma collection '"
                  + plan.sourceTable()
                  + "': "
                  + records
                  + " records, "
                  + cmp.valid.size()
                  + " with a valid vector; target: "
                  + cmp.targetRows));
      Collections.sort(cmp.missing);
      Collections.sort(cmp.changed);
      Collections.sort(cmp.extra);
      boolean same =
          cmp.missing.isEmpty()
              && cmp.changed.isEmpty()
              && cmp.extra.isEmpty()
              && cmp.sourceDigest == cmp.targetDigest;
      report.addCheck(
          Check.of(
              "vector integrity",
              same,
              "bit-exact float32 per id: "
                  + cmp.missing.size()
                  + " missing "
                  + first(cmp.missing)
                  + ", "
                  + cmp.changed.size()
                  + " changed "
                  + first(cmp.changed)
                  + ", "
                  + cmp.extra.size()
                  + " extra "
                  + first(cmp.extra)
                  + "; digest source "
                  + Long.toHexString(cmp.sourceDigest)
                  + ", target "
                  + Long.toHexString(cmp.targetDigest)));
      List<String> invalid = new ArrayList<>();
      cmp.invalid.forEach((id, why) -> invalid.add("id '" + id + "': " + why));
      report.addCheck(
          Check.of(
              "vector values",
              invalid.isEmpty(),
              invalid.isEmpty()
                  ? "no NaN, infinite, all-zero or wrongly sized vector in the source"
                  : invalid.size() + " invalid source vector(s), rejected: " + first(invalid)));
      int targetDim = targetDimension(c, schema, plan.targetTable().name());
      report.addCheck(
          Check.of(
              "vector dimension",
              dim == 0 || targetDim == dim,
              "source " + dim + ", target column vector(" + targetDim + ")"));
      if (!cmp.samples.isEmpty()) {
        overlap(report, c, table, collectionFilter, space, source, plan.sourceTable(), cmp, t);
      }
    } catch (Exception e) {
      report.addCheck(
          Check.of("vector checks", false, "cannot compare vectors of " + table + ": " + e));
    }
  }

  /** The first pass: per-id comparison with the target, digests, invalid ids, seeded samples. */
  private static final class Comparison {
    final Connection c;
    final String table;
    final String filter;
    final int dim;
    final VectorChecksSpec t;
    final Set<String> valid = new HashSet<>();
    final Map<String, String> invalid = new TreeMap<>();
    final List<String> missing = new ArrayList<>();
    final List<String> changed = new ArrayList<>();
    final List<String> extra = new ArrayList<>();
    long sourceDigest;
    long targetDigest;
    long targetRows;

    /** The samples: the valid ids with the smallest seeded hash (a max-heap of them). */
    final PriorityQueue<Sample> samples =
        new PriorityQueue<>((a, b) -> Long.compare(b.rank, a.rank));

    Comparison(Connection c, String table, String filter, int dim, VectorChecksSpec t)
        throws SQLException {
      this.c = c;
      this.table = table;
      this.filter = filter;
      this.dim = dim;
      this.t = t;
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM " + table + (filter.isEmpty() ? "" : " WHERE " + filter));
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        targetRows = rs.getLong(1);
      }
    }

    void compare(List<Record> batch) {
      List<String> ids = new ArrayList<>();
      Map<String, float[]> vectors = new java.util.HashMap<>();
      for (Record r : batch) {
        String id = (String) r.get("id");
        String why = VectorCheckStep.problem(r.get("embedding"), dim);
        if (why != null) {
          invalid.put(id, why);
          continue;
        }
        float[] v = (float[]) r.get("embedding");
        valid.add(id);
        ids.add(id);
        vectors.put(id, v);
        sourceDigest += hash(id, v);
        long rank = mix(t.seed() ^ id.hashCode() * 0x9E3779B97F4A7C15L) ^ id.length();
        if (samples.size() < t.samples()) {
          samples.add(new Sample(rank, id, v));
        } else if (rank < samples.peek().rank) {
          samples.poll();
          samples.add(new Sample(rank, id, v));
        }
      }
      if (ids.isEmpty()) {
        return;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, embedding::real[] FROM "
                  + table
                  + " WHERE "
                  + (filter.isEmpty() ? "" : filter + " AND ")
                  + "id = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray()));
        Set<String> seen = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            float[] v = floats(rs.getArray(2));
            seen.add(id);
            targetDigest += hash(id, v);
            if (!bitEqual(vectors.get(id), v)) {
              changed.add(id);
            }
          }
        }
        for (String id : ids) {
          if (!seen.contains(id)) {
            missing.add(id);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
      }
    }

    /** Target rows no valid source id explains: named, and added to the target digest. */
    void extras() throws SQLException {
      if (targetRows == valid.size() - missing.size()) {
        return;
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, embedding::real[] FROM "
                      + table
                      + (filter.isEmpty() ? "" : " WHERE " + filter));
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          if (!valid.contains(id)) {
            extra.add(id);
            targetDigest += hash(id, floats(rs.getArray(2)));
          }
        }
      }
    }
  }

  private record Sample(long rank, String id, float[] vector) {}

  private static void overlap(
      FlowReport report,
      Connection c,
      String table,
      String filter,
      String space,
      SourceSpec.Chroma source,
      String collection,
      Comparison cmp,
      VectorChecksSpec t)
      throws Exception {
    int k = t.k();
    List<Sample> queries = new ArrayList<>(cmp.samples);
    queries.sort((a, b) -> a.id.compareTo(b.id));
    // The second pass: the exact top-k of every sample query over all valid source vectors.
    List<PriorityQueue<Map.Entry<String, Double>>> best = new ArrayList<>();
    for (int q = 0; q < queries.size(); q++) {
      best.add(
          new PriorityQueue<>(
              (a, b) -> {
                int byDistance = Double.compare(b.getValue(), a.getValue());
                return byDistance != 0 ? byDistance : b.getKey().compareTo(a.getKey());
              }));
    }
    ChromaSources.forEachBatch(
        source,
        collection,
        BATCH,
        batch -> {
          for (Record r : batch) {
            String id = (String) r.get("id");
            if (!cmp.valid.contains(id)) {
              continue;
            }
            float[] v = (float[]) r.get("embedding");
            for (int q = 0; q < queries.size(); q++) {
              PriorityQueue<Map.Entry<String, Double>> h = best.get(q);
              Map.Entry<String, Double> e =
                  Map.entry(id, distance(space, queries.get(q).vector, v));
              if (h.size() < k) {
                h.add(e);
              } else if (h.comparator().compare(e, h.peek()) > 0) {
                h.poll();
                h.add(e);
              }
            }
          }
        });
    String op =
        switch (space) {
          case "cosine" -> "<=>";
          case "ip" -> "<#>";
          default -> "<->";
        };
    double sum = 0;
    double worst = 2;
    String worstId = null;
    double[] millis = new double[queries.size()];
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM "
                + table
                + (filter.isEmpty() ? "" : " WHERE " + filter)
                + " ORDER BY embedding "
                + op
                + " ?::vector LIMIT ?")) {
      for (int q = 0; q < queries.size(); q++) {
        ps.setString(1, Arrays.toString(queries.get(q).vector));
        ps.setInt(2, k);
        Set<String> got = new HashSet<>();
        long t0 = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            got.add(rs.getString(1));
          }
        }
        millis[q] = (System.nanoTime() - t0) / 1e6;
        int hit = 0;
        for (Map.Entry<String, Double> e : best.get(q)) {
          hit += got.contains(e.getKey()) ? 1 : 0;
        }
        double o = best.get(q).isEmpty() ? 1 : (double) hit / best.get(q).size();
        sum += o;
        if (o < worst) {
          worst = o;
          worstId = queries.get(q).id;
        }
      }
    }
    double avg = sum / queries.size();
    report.addCheck(
        Check.of(
            "top-" + k + " overlap",
            avg >= t.minOverlap(),
            String.format(
                "%d seeded sample queries (seed %d): average %.3f, worst %.3f (query %s);"
                    + " threshold %.2f",
                queries.size(), t.seed(), avg, worst, worstId, t.minOverlap())));
    Arrays.sort(millis);
    double p50 = percentile(millis, 0.50);
    double p95 = percentile(millis, 0.95);
    report.addCheck(
        Check.of(
            "search latency",
            p95 < t.maxP95Millis(),
            String.format(
                "p50 %.1f ms, p95 %.1f ms over %d queries; threshold p95 < %.0f ms",
                p50, p95, millis.length, t.maxP95Millis())));
  }

  /** Distance under the collection's space: squared l2, 1 - cosine, or negative inner product. */
  static double distance(String space, float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    double l2 = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
      double x = (double) a[i] - b[i];
      l2 += x * x;
    }
    return switch (space) {
      case "cosine" -> 1 - dot / Math.sqrt(na * nb);
      case "ip" -> -dot;
      default -> l2;
    };
  }

  /** A 64-bit hash of (id, vector bits); summed over a collection it ignores order. */
  static long hash(String id, float[] v) {
    long h = mix(id.hashCode() * 0x9E3779B97F4A7C15L + id.length());
    for (float f : v) {
      h = mix(h ^ Float.floatToRawIntBits(f));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static float[] floats(Array a) throws SQLException {
    Float[] boxed = (Float[]) a.getArray();
    float[] v = new float[boxed.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = boxed[i];
    }
    return v;
  }

  private static boolean bitEqual(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static int targetDimension(Connection c, String schema, String table)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.atttypmod FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE n.nspname = ? AND t.relname = ? AND a.attname = 'embedding'")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  private static double percentile(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String first(List<String> ids) {
    if (ids.isEmpty()) {
      return "";
    }
    List<String> head = ids.subList(0, Math.min(LIST, ids.size()));
    return head + (ids.size() > LIST ? " ..." : "");
  }
}
