package dev.ferry.examples;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.ferry.io.mongodb.MongoConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Generates the monolithic {@code user_data} collection of scenario S5 (the seed's UserData model:
 * file facts, schema, statistics, PII fields, quality report, preview, AI summary and a
 * transformation history), so demos, tests and the benchmark have realistic documents. The same
 * count and seed give the same documents. Real exports are uneven, and so is this: about a third of
 * the documents have a {@code row_count} that overrides {@code num_rows}; optional fields ({@code
 * pii_risk_level}, {@code pii_masked}, {@code processed_at}, {@code quality_report}, {@code
 * aiSummary}, {@code file_type}, {@code onboarding_progress}) are missing from some, and {@code
 * file_type} is null in some; histories hold 0-20 steps, and every 37th document's history has an
 * invalid entry (a bare string, or a step without a type). Types are the ones a Python app stores:
 * ObjectId ids, Int32 counts, Int64 byte sizes, doubles, Decimal128 quality scores, dates.
 *
 * <pre>{@code
 * List<Document> docs = S5SampleData.documents(S5SampleData.SEED_COUNT, 5L);
 * S5SampleData.write(MongoConnection.of(uri, "narrative", "user_data"), 10_523, 5L);
 * }</pre>
 */
public final class S5SampleData {
  /** The seed runbook's document count. */
  public static final int SEED_COUNT = 10_523;

  /** The default generator seed. */
  public static final long DEFAULT_SEED = 5L;

  private static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
  private static final String[] TYPES = {"integer", "float", "string", "boolean", "datetime"};
  private static final String[] STEPS = {
    "drop_nulls", "fill_missing", "rename_column", "cast_type", "one_hot", "scale", "filter_rows"
  };
  private static final String[] PII = {"email", "phone", "ssn", "name", "address"};
  private static final String[] FILE_TYPES = {"csv", "xlsx", "json", "parquet"};

  private S5SampleData() {}

  /** {@code count} user_data documents. */
  public static List<Document> documents(int count, long seed) {
    Random rnd = new Random(seed);
    List<Document> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(document(i, rnd));
    }
    return out;
  }

  /** Inserts the documents into the (empty) collection, in batches; returns the count. */
  public static long write(MongoConnection c, int count, long seed) {
    List<Document> docs = documents(count, seed);
    try (MongoClient client = c.client()) {
      MongoCollection<Document> coll = c.collection(client);
      for (int i = 0; i < docs.size(); i += 1000) {
        coll.insertMany(docs.subList(i, Math.min(docs.size(), i + 1000)));
      }
    }
    return docs.size();
  }

  private static Document document(int i, Random rnd) {
    long created = START + i * 61_000L + rnd.nextInt(60_000);
    long updated = created + rnd.nextInt(30 * 86_400) * 1000L;
    byte[] oid =
        ByteBuffer.allocate(12).putInt((int) (created / 1000)).putLong(rnd.nextLong()).array();
    String user = "user_" + (1 + rnd.nextInt(480));
    String file = "dataset_" + i + (rnd.nextInt(4) == 0 ? "_v2" : "");
    int columns = 2 + rnd.nextInt(18);
    int rows = 10 + rnd.nextInt(200_000);
    Document d = new Document("_id", new ObjectId(oid));
    d.append("user_id", user);
    d.append("filename", file + ".csv");
    d.append("original_filename", file.replace('_', ' ') + ".csv");
    d.append("s3_url", "s3://narrative-uploads/" + user + "/" + file + ".csv");
    d.append("file_path", "/data/uploads/" + user + "/" + file + ".csv");
    d.append("num_rows", rows);
    if (rnd.nextInt(3) == 0) {
      d.append("row_count", rows - rnd.nextInt(10));
    }
    d.append("num_columns", columns);
    d.append(
        "file_size_bytes",
        1_000_000L * rows / 50 + rnd.nextInt(1000) + 3_000_000_000L * (i % 97 == 0 ? 1 : 0));
    List<Document> schema = new ArrayList<>();
    List<Document> inferred = new ArrayList<>();
    Document stats = new Document();
    for (int c = 0; c < columns; c++) {
      String name = "col_" + c;
      String type = TYPES[rnd.nextInt(TYPES.length)];
      schema.add(
          new Document("name", name).append("type", type).append("nullable", rnd.nextBoolean()));
      inferred.add(
          new Document("name", name)
              .append("inferred_type", type)
              .append("confidence", Math.round(rnd.nextDouble() * 1000) / 1000.0));
      if (type.equals("integer") || type.equals("float")) {
        double mean = Math.round(rnd.nextGaussian() * 10_000) / 100.0;
        stats.append(
            name,
            new Document("mean", mean)
                .append("std", Math.abs(Math.round(rnd.nextGaussian() * 1000) / 100.0))
                .append("min", mean - rnd.nextInt(1000))
                .append("max", mean + rnd.nextInt(1000))
                .append("null_count", rnd.nextInt(50))
                .append(
                    "histogram", List.of(rnd.nextInt(100), rnd.nextInt(100), rnd.nextInt(100))));
      } else {
        stats.append(
            name, new Document("unique", rnd.nextInt(rows)).append("null_count", rnd.nextInt(50)));
      }
    }
    d.append("data_schema", schema);
    boolean pii = rnd.nextInt(4) == 0;
    d.append("contains_pii", pii);
    List<Document> detections = new ArrayList<>();
    if (pii) {
      for (int k = 0; k <= rnd.nextInt(3); k++) {
        detections.add(
            new Document("column", "col_" + rnd.nextInt(columns))
                .append("pii_type", PII[rnd.nextInt(PII.length)])
                .append("confidence", Math.round(rnd.nextDouble() * 100) / 100.0)
                .append("sample_count", rnd.nextInt(500)));
      }
    }
    d.append(
        "pii_report",
        new Document("detections", detections).append("scanned_rows", Math.min(rows, 10_000)));
    if (pii || rnd.nextInt(5) == 0) {
      d.append("pii_risk_level", pii ? (rnd.nextBoolean() ? "high" : "medium") : "low");
    }
    if (pii && rnd.nextBoolean()) {
      d.append("pii_masked", rnd.nextBoolean());
    }
    boolean processed = rnd.nextInt(10) != 0;
    d.append("is_processed", processed);
    if (processed) {
      d.append("processed_at", new Date(created + 5_000 + rnd.nextInt(600_000)));
    }
    d.append("schema", new Document("columns", inferred).append("version", 2));
    d.append("statistics", stats);
    if (rnd.nextInt(5) != 0) {
      d.append(
          "quality_report",
          new Document(
                  "score", new Decimal128(java.math.BigDecimal.valueOf(rnd.nextInt(10_000), 4)))
              .append("issues", List.of("missing values in col_" + rnd.nextInt(columns)))
              .append("checked_at", new Date(updated)));
    }
    List<List<Object>> preview = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      preview.add(
          java.util.Arrays.asList(
              r,
              "value " + rnd.nextInt(1000),
              rnd.nextDouble() < 0.1 ? null : rnd.nextInt(100) / 4.0));
    }
    d.append("data_preview", preview);
    if (rnd.nextInt(3) != 0) {
      d.append(
          "aiSummary",
          "Dataset of "
              + rows
              + " rows about "
              + file.replace('_', ' ')
              + "; "
              + columns
              + " columns.");
    }
    int ft = rnd.nextInt(10);
    if (ft < 6) {
      d.append("file_type", FILE_TYPES[rnd.nextInt(FILE_TYPES.length)]);
    } else if (ft < 8) {
      d.append("file_type", null);
    }
    if (rnd.nextInt(4) != 0) {
      d.append(
          "onboarding_progress",
          new Document("step", rnd.nextInt(6)).append("completed", rnd.nextBoolean()));
    }
    d.append("created_at", new Date(created));
    d.append("updated_at", new Date(updated));
    List<Object> history = new ArrayList<>();
    int steps = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(21);
    for (int s = 0; s < steps; s++) {
      history.add(
          new Document("step_id", "step_" + s)
              .append("type", STEPS[rnd.nextInt(STEPS.length)])
              .append(
                  "params",
                  new Document("column", "col_" + rnd.nextInt(columns))
                      .append("value", rnd.nextInt(10)))
              .append("applied_at", new Date(created + (s + 1) * 60_000L))
              .append("status", rnd.nextInt(20) == 0 ? "failed" : "applied"));
    }
    if (i % 37 == 0) {
      history.add(
          i % 74 == 0
              ? "corrupted-entry"
              : new Document("step_id", "step_x").append("params", null));
    }
    d.append("transformation_history", history);
    return d;
  }
}
