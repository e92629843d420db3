package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgIdentifiers;
import dev.ferry.record.Record;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The vector checks of a flow from a Chroma collection into PostgreSQL, run after the writes (by
 * {@code run}) or alone (by {@code validate}): counts; every vector equal bit for bit per id, with
 * the missing, extra and changed ids named, and an order-independent digest of each side; the
 * target column's dimension; the source's NaN, infinite, all-zero or wrongly sized vectors named by
 * id; and top-k overlap of seeded sample queries — the exact top-k over the source computed here
 * against the target's answer through its index — with the queries' p50/p95 latency.
 *
 * <pre>{@code
 * VectorChecks.verify(plan, flowReport);
 * }</pre>
 */
final class VectorChecks {
  private static final int LIST = 10;

  private VectorChecks() {}

  static void verify(FlowPlan plan, FlowReport report) {
    if (!(plan.source() instanceof SourceSpec.Chroma source)
        || !(plan.target() instanceof TargetSpec.Postgres target)) {
      return;
    }
    String schema = target.endpoint().schema();
    String table = PgIdentifiers.qualified(schema, plan.targetTable().name());
    LangchainLayout.RowStep langchain = ChromaPlans.langchainStep(plan);
    String where =
        langchain == null
            ? ""
            : " WHERE collection_id = '"
                + LangchainLayout.collectionUuid(langchain.collection)
                + "'";
    try {
      String space = ChromaPlans.space(plan);
      int dim = ChromaSources.collection(source, plan.sourceTable()).dimension();
      Map<String, float[]> src = new HashMap<>();
      Map<String, String> invalid = new TreeMap<>();
      for (Record r : ChromaSources.records(source, plan.sourceTable())) {
        String id = (String) r.get("id");
        String why = VectorCheckStep.problem(r.get("embedding"), dim);
        if (why == null) {
          src.put(id, (float[]) r.get("embedding"));
        } else {
          invalid.put(id, why);
        }
      }
      try (Connection c = SourceTables.connection(target.endpoint()).open()) {
        Map<String, float[]> dst = targetVectors(c, table, where);
        report.addCheck(
            Check.of(
                "vector count",
                src.size() == dst.size(),
                "Chroma collection '"
                    + plan.sourceTable()
                    + "': "
                    + (src.size() + invalid.size())
                    + " records, "
                    + src.size()
                    + " with a valid vector; target: "
                    + dst.size()));
        integrity(report, src, dst);
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
        overlap(report, c, table, where, space, src, plan.checks().vectors());
      }
    } catch (Exception e) {
      report.addCheck(
          Check.of("vector checks", false, "cannot compare vectors of " + table + ": " + e));
    }
  }

  private static void integrity(
      FlowReport report, Map<String, float[]> src, Map<String, float[]> dst) {
    List<String> missing = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, float[]> e : src.entrySet()) {
      float[] t = dst.get(e.getKey());
      if (t == null) {
        missing.add(e.getKey());
      } else if (!bitEqual(e.getValue(), t)) {
        changed.add(e.getKey());
      }
    }
    List<String> extra = new ArrayList<>();
    for (String id : dst.keySet()) {
      if (!src.containsKey(id)) {
        extra.add(id);
      }
    }
    Collections.sort(missing);
    Collections.sort(changed);
    Collections.sort(extra);
    long ds = digest(src);
    long dt = digest(dst);
    boolean ok = missing.isEmpty() && changed.isEmpty() && extra.isEmpty() && ds == dt;
    report.addCheck(
        Check.of(
            "vector integrity",
            ok,
            "bit-exact float32 per id: "
                + missing.size()
                + " missing "
                + first(missing)
                + ", "
                + changed.size()
                + " changed "
                + first(changed)
                + ", "
                + extra.size()
                + " extra "
                + first(extra)
                + "; digest source "
                + Long.toHexString(ds)
                + ", target "
                + Long.toHexString(dt)));
  }

  private static void overlap(
      FlowReport report,
      Connection c,
      String table,
      String where,
      String space,
      Map<String, float[]> src,
      VectorChecksSpec t)
      throws SQLException {
    int k = t.k();
    if (src.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(src.keySet());
    Collections.sort(ids);
    Collections.shuffle(ids, new Random(t.seed()));
    List<String> queries = ids.subList(0, Math.min(t.samples(), ids.size()));
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
                + where
                + " ORDER BY embedding "
                + op
                + " ?::vector LIMIT ?")) {
      for (int q = 0; q < queries.size(); q++) {
        float[] v = src.get(queries.get(q));
        ps.setString(1, Arrays.toString(v));
        ps.setInt(2, k);
        Set<String> got = new HashSet<>();
        long t0 = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            got.add(rs.getString(1));
          }
        }
        millis[q] = (System.nanoTime() - t0) / 1e6;
        List<String> exact = exactTopK(src, v, space, k);
        int hit = 0;
        for (String id : exact) {
          hit += got.contains(id) ? 1 : 0;
        }
        double o = exact.isEmpty() ? 1 : (double) hit / exact.size();
        sum += o;
        if (o < worst) {
          worst = o;
          worstId = queries.get(q);
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

  /** The ids of the exact k nearest source vectors to {@code q} under the collection's distance. */
  static List<String> exactTopK(Map<String, float[]> src, float[] q, String space, int k) {
    List<Map.Entry<String, Double>> d = new ArrayList<>(src.size());
    for (Map.Entry<String, float[]> e : src.entrySet()) {
      d.add(Map.entry(e.getKey(), distance(space, q, e.getValue())));
    }
    d.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, d.size()); i++) {
      out.add(d.get(i).getKey());
    }
    return out;
  }

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

  /** Order-independent: the sum of a 64-bit hash of each (id, vector bits). */
  static long digest(Map<String, float[]> vectors) {
    long sum = 0;
    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
      long h = e.getKey().hashCode() * 0x9E3779B97F4A7C15L;
      for (float f : e.getValue()) {
        h = (h ^ Float.floatToRawIntBits(f)) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
      }
      sum += h;
    }
    return sum;
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

  private static Map<String, float[]> targetVectors(Connection c, String table, String where)
      throws SQLException {
    Map<String, float[]> out = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT id, embedding::real[] FROM " + table + where);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Array a = rs.getArray(2);
        Float[] boxed = (Float[]) a.getArray();
        float[] v = new float[boxed.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = boxed[i];
        }
        out.put(rs.getString(1), v);
      }
    }
    return out;
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

  private static String first(Map<String, String> why) {
    List<String> out = new ArrayList<>();
    why.forEach((id, reason) -> out.add("id '" + id + "': " + reason));
    return first(out);
  }
}
