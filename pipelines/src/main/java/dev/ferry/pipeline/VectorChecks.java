package dev.ferry.pipeline;

import dev.ferry.io.postgres.PgIdentifiers;
import dev.ferry.record.Record;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.report.RunReport;
import dev.ferry.spec.TargetSpec;
import dev.ferry.spec.VectorChecksSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
import java.util.Set;
import java.util.TreeMap;

/**
 * The verify stage of a flow from a Chroma collection into PostgreSQL, run after the writes (by
 * {@code run}) or after the fact pass of {@code validate}: it reads the facts the pass wrote
 * ({@link VectorFacts}, {@link VectorFactFiles}) and the target, never the source, and reports
 * counts; every vector equal bit for bit per id (by fingerprint), with the missing, changed and
 * extra ids named, and an order-independent digest of each side; the target column's dimension; the
 * source's NaN, infinite, all-zero or wrongly sized vectors named by id; and top-k overlap of the
 * seeded sample queries — the exact top-k computed in the pass against the target's answer through
 * its index — with the queries' p50/p95 latency, against the flow's {@code checks.vectors}
 * thresholds.
 *
 * <p>The fingerprints are streamed from their files in batches, so memory holds one batch, the ids
 * (only when the target has extra rows) and the sample queries, never the collection.
 *
 * <pre>{@code
 * VectorChecks.verify(plan, flowReport, runReport, runDir);
 * }</pre>
 */
final class VectorChecks {
  private static final int BATCH = 2000;
  private static final int LIST = 10;

  private VectorChecks() {}

  /** Runs the checks and adds a note with their duration to the run's report. */
  static void verify(FlowPlan plan, FlowReport report, RunReport run, Path runDir) {
    if (!VectorFacts.applies(plan)) {
      return;
    }
    long t0 = System.nanoTime();
    verify(plan, report, runDir);
    run.addNote(
        String.format(
            Locale.ROOT,
            "flow '%s': vector checks took %.1f s",
            plan.name(),
            (System.nanoTime() - t0) / 1e9));
  }

  static void verify(FlowPlan plan, FlowReport report, Path runDir) {
    if (!VectorFacts.applies(plan)) {
      return;
    }
    TargetSpec.Postgres target = (TargetSpec.Postgres) plan.target();
    String schema = target.endpoint().schema();
    String table = PgIdentifiers.qualified(schema, plan.targetTable().name());
    LangchainLayout.RowStep langchain = ChromaPlans.langchainStep(plan);
    String collectionFilter =
        langchain == null
            ? ""
            : "collection_id = '" + LangchainLayout.collectionUuid(langchain.collection) + "'";
    VectorChecksSpec t = plan.checks().vectors();
    Path facts = VectorFactFiles.dir(runDir, plan.name());
    try (Connection c = SourceTables.connection(target.endpoint()).open()) {
      Record summary = VectorFactFiles.readSummary(facts);
      String space = (String) summary.get("space");
      int dim = ((Long) summary.get("dimension")).intValue();
      long valid = (Long) summary.get("count");
      Comparison cmp = new Comparison(c, table, collectionFilter);
      VectorFactFiles.forEachFingerprints(facts, BATCH, cmp::compare);
      cmp.extras(facts, valid);
      Map<String, String> invalidById = new TreeMap<>();
      for (Record r : VectorFactFiles.readInvalid(facts)) {
        invalidById.put((String) r.get("id"), (String) r.get("reason"));
      }
      long records = valid + invalidById.size();
      report.addCheck(
          Check.of(
              "vector count",
              valid == cmp.targetRows,
              "Chroma collection '"
                  + plan.sourceTable()
                  + "': "
                  + records
                  + " records, "
                  + valid
                  + " with a valid vector; target: "
                  + cmp.targetRows));
      Collections.sort(cmp.missing);
      Collections.sort(cmp.changed);
      Collections.sort(cmp.extra);
      long sourceDigest = (Long) summary.get("digest");
      boolean same =
          cmp.missing.isEmpty()
              && cmp.changed.isEmpty()
              && cmp.extra.isEmpty()
              && sourceDigest == cmp.targetDigest;
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
                  + Long.toHexString(sourceDigest)
                  + ", target "
                  + Long.toHexString(cmp.targetDigest)));
      List<String> invalid = new ArrayList<>(invalidById.values());
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
      List<Record> samples = VectorFactFiles.readSamples(facts);
      if (!samples.isEmpty()) {
        overlap(report, c, table, collectionFilter, space, samples, facts, t);
      }
    } catch (Exception e) {
      report.addCheck(
          Check.of("vector checks", false, "cannot compare vectors of " + table + ": " + e));
    }
  }

  /** Per-id comparison of the pass's fingerprints with the target's rows, and both digests. */
  private static final class Comparison {
    final Connection c;
    final String table;
    final String filter;
    final List<String> missing = new ArrayList<>();
    final List<String> changed = new ArrayList<>();
    final List<String> extra = new ArrayList<>();
    long targetDigest;
    long targetRows;

    Comparison(Connection c, String table, String filter) throws SQLException {
      this.c = c;
      this.table = table;
      this.filter = filter;
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM " + table + (filter.isEmpty() ? "" : " WHERE " + filter));
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        targetRows = rs.getLong(1);
      }
    }

    void compare(Map<String, Long> fingerprints) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, vector_send(embedding) FROM "
                  + table
                  + " WHERE "
                  + (filter.isEmpty() ? "" : filter + " AND ")
                  + "id = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("text", fingerprints.keySet().toArray()));
        Set<String> seen = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            long fp = VectorMath.fingerprint(id, floats(rs.getBytes(2)));
            seen.add(id);
            targetDigest += fp;
            if (fp != fingerprints.get(id)) {
              changed.add(id);
            }
          }
        }
        for (String id : fingerprints.keySet()) {
          if (!seen.contains(id)) {
            missing.add(id);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
      }
    }

    /**
     * Target rows no written id explains: named, and added to the target digest. Only when the
     * counts show there are some are the written ids gathered from the fingerprint files.
     */
    void extras(Path facts, long valid) throws SQLException {
      if (targetRows == valid - missing.size()) {
        return;
      }
      Set<String> written = new HashSet<>();
      VectorFactFiles.forEachFingerprints(facts, BATCH, batch -> written.addAll(batch.keySet()));
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, vector_send(embedding) FROM "
                      + table
                      + (filter.isEmpty() ? "" : " WHERE " + filter));
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          if (!written.contains(id)) {
            extra.add(id);
            targetDigest += VectorMath.fingerprint(id, floats(rs.getBytes(2)));
          }
        }
      }
    }
  }

  private static void overlap(
      FlowReport report,
      Connection c,
      String table,
      String filter,
      String space,
      List<Record> samples,
      Path facts,
      VectorChecksSpec t)
      throws Exception {
    int k = t.k();
    List<Record> queries = new ArrayList<>(samples);
    queries.sort((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id")));
    // The exact top-k of every sample query over all written vectors, computed in the pass.
    Map<String, List<String>> best = VectorFactFiles.readTopK(facts);
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
        String queryId = (String) queries.get(q).get("id");
        ps.setString(1, Arrays.toString((float[]) queries.get(q).get("vector")));
        ps.setInt(2, k);
        Set<String> got = new HashSet<>();
        long t0 = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            got.add(rs.getString(1));
          }
        }
        millis[q] = (System.nanoTime() - t0) / 1e6;
        List<String> exact = best.getOrDefault(queryId, List.of());
        int hit = 0;
        for (String id : exact) {
          hit += got.contains(id) ? 1 : 0;
        }
        double o = exact.isEmpty() ? 1 : (double) hit / exact.size();
        sum += o;
        if (o < worst) {
          worst = o;
          worstId = queryId;
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

  /**
   * A vector as pgvector's {@code vector_send} gives it: the dimension (int16), an unused int16,
   * then the float32 components, big-endian. Read this way the server prints no decimals and the
   * client parses none.
   */
  static float[] floats(byte[] sent) {
    ByteBuffer b = ByteBuffer.wrap(sent);
    float[] v = new float[b.getShort() & 0xffff];
    b.getShort();
    b.asFloatBuffer().get(v);
    return v;
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
