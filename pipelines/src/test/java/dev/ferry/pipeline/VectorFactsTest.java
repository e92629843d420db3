package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step-by-step fact pass end to end on a small known collection, p0..p11 at (i, 1) in three
 * batches, plus a record without an embedding and two rejects: the files hold the count, digest and
 * dimensions, one fingerprint per id, the two seeded samples with their exact vectors, the exact
 * top-3 of each under l2, and only the vector check's reject.
 */
class VectorFactsTest {
  private static final long SEED = 7;
  @TempDir Path tmp;

  @Test
  void writesTheFactsOfTheWrittenRecords() throws Exception {
    List<Record> pts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pts.add(Record.of("id", "p" + i, "embedding", new float[] {i, 1f}));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<RecordBatch> written =
        p.apply(
            "records",
            Create.of(
                    RecordBatch.of(pts.subList(0, 5)),
                    RecordBatch.of(pts.subList(5, 9)),
                    RecordBatch.of(pts.subList(9, 12)),
                    // A record a step left without its embedding: not part of the facts.
                    RecordBatch.of(List.of(Record.of("id", "renamed", "vector", new float[] {1f}))))
                .withCoder(RecordBatchCoder.of()));
    Record bad = Record.of("id", "bad", "embedding", new float[] {1f});
    PCollection<Reject> rejects =
        p.apply(
            "rejects",
            Create.of(
                    Reject.of(
                        "v",
                        VectorCheckStep.LABEL,
                        "id 'bad': embedding has dimension 1, the collection 2",
                        Record.of("id", "bad"),
                        bad),
                    Reject.of(
                        "v", "where", "filtered", Record.of("id", "p99"), Record.of("id", "p99")))
                .withCoder(RejectCoder.of()));
    Path dir = tmp.resolve("facts/v");
    // Facts of an earlier run in the same run directory (other shard count) must not be read.
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("fingerprints-00000-of-00009.jsonl"), "{\"id\":\"p1\"}\n");
    // The two ids of smallest seeded rank, as SampleQueries picks them before the pass.
    List<String> ranked = new ArrayList<>();
    pts.forEach(r -> ranked.add((String) r.get("id")));
    ranked.sort(
        Comparator.comparingLong((String id) -> VectorMath.sampleRank(SEED, id))
            .thenComparing(id -> id));
    List<SampleQuery> queries = new ArrayList<>();
    for (String id : ranked.subList(0, 2)) {
      queries.add(
          new SampleQuery(
              id,
              VectorMath.sampleRank(SEED, id),
              new float[] {Integer.parseInt(id.substring(1)), 1f}));
    }
    VectorFacts.write(
        written, rejects, new VectorFacts.Config("v", "coll", 2, "l2", 3, 2, SEED, queries), dir);
    p.run().waitUntilFinish();

    long digest = 0;
    Map<String, Long> fingerprints = new TreeMap<>();
    for (Record r : pts) {
      long fp = VectorMath.fingerprint((String) r.get("id"), (float[]) r.get("embedding"));
      digest += fp;
      fingerprints.put((String) r.get("id"), fp);
    }
    assertThat(VectorFactFiles.readSummary(dir))
        .isEqualTo(
            Record.of(
                "collection",
                "coll",
                "dimension",
                2L,
                "space",
                "l2",
                "count",
                12L,
                "digest",
                digest,
                "dimensions",
                List.of(2L),
                "k",
                3L,
                "samples",
                2L,
                "seed",
                SEED));
    Map<String, Long> read = new TreeMap<>();
    VectorFactFiles.forEachFingerprints(dir, 5, read::putAll);
    assertThat(read).isEqualTo(fingerprints);

    // The samples, with their vectors bit for bit.
    List<Record> samples = VectorFactFiles.readSamples(dir);
    assertThat(samples).extracting(r -> r.get("id")).containsExactly(ranked.get(0), ranked.get(1));
    for (Record s : samples) {
      int i = Integer.parseInt(((String) s.get("id")).substring(1));
      assertThat((float[]) s.get("vector")).containsExactly((float) i, 1f);
      assertThat(s.get("rank")).isEqualTo(VectorMath.sampleRank(SEED, (String) s.get("id")));
    }

    // The exact top-3 of each sample by brute force: (i - j)^2, then the smaller id.
    Map<String, List<String>> want = new LinkedHashMap<>();
    for (Record s : samples) {
      int j = Integer.parseInt(((String) s.get("id")).substring(1));
      List<String> ids = new ArrayList<>(fingerprints.keySet());
      ids.sort(
          Comparator.comparingInt(
                  (String id) -> {
                    int i = Integer.parseInt(id.substring(1));
                    return (i - j) * (i - j);
                  })
              .thenComparing(id -> id));
      want.put((String) s.get("id"), ids.subList(0, 3));
    }
    assertThat(new TreeMap<>(VectorFactFiles.readTopK(dir))).isEqualTo(new TreeMap<>(want));

    assertThat(VectorFactFiles.readInvalid(dir))
        .containsExactly(
            Record.of(
                "id", "bad", "reason", "id 'bad': embedding has dimension 1, the collection 2"));
    assertThat(Files.list(dir).map(f -> f.getFileName().toString()).sorted().toList())
        .contains("invalid.jsonl", "samples.jsonl", "summary.json", "topk.jsonl")
        .doesNotContain("fingerprints-00000-of-00009.jsonl");
  }
}
