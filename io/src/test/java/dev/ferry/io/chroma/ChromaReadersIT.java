package dev.ferry.io.chroma;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordCoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both Chroma readers against the real server: collections made through its HTTP API (an l2 and a
 * cosine one, 1,500 records each so the first 1,000 sit in the HNSW files and the rest only in the
 * write-ahead log, with deletes, vector updates and metadata-only updates in both parts) read back
 * from the server's persisted directory and through HTTP, and compared with what the server's own
 * {@code get} returns: ids, bit-exact vectors, documents and metadata.
 */
class ChromaReadersIT {
  private static final int N = 1500;
  private static final int DIM = 16;
  private static final ChromaHttpClient CHROMA = new ChromaHttpClient(ChromaTestServer.URL);
  private static ChromaCollection l2;
  private static ChromaCollection cosine;

  @BeforeAll
  static void populate() throws IOException {
    l2 = ChromaTestServer.populate(CHROMA, ChromaTestServer.uniqueName("it_l2"), "l2", N, DIM);
    cosine =
        ChromaTestServer.populate(CHROMA, ChromaTestServer.uniqueName("it_cos"), "cosine", N, DIM);
  }

  @AfterAll
  static void drop() throws IOException {
    CHROMA.deleteCollection(l2.name());
    CHROMA.deleteCollection(cosine.name());
  }

  @Test
  void serverHoldsWhatWasWritten() throws IOException {
    List<Record> got = ChromaTestServer.serverRecords(CHROMA, l2);
    assertThat(got).hasSize(N - 2);
    List<String> ids = got.stream().map(r -> (String) r.get("id")).toList();
    assertThat(ids).doesNotContain(ChromaTestServer.id(1), ChromaTestServer.id(N - 2));
    Record r3 =
        got.stream()
            .filter(r -> r.get("id").equals(ChromaTestServer.id(3)))
            .findFirst()
            .orElseThrow();
    assertThat(((Record) r3.get("metadata")).asMap())
        .containsEntry("n", -1L)
        .containsEntry("tag", "changed")
        .containsEntry("even", false)
        .containsEntry("half", 1.75)
        .containsEntry("source", "gen-3");
    assertThat(r3.get("document")).isEqualTo("document 3");
  }

  @Test
  void directoryReaderReturnsExactlyWhatTheServerReturnsL2() throws Exception {
    assertDirectoryMatchesServer(l2);
  }

  @Test
  void directoryReaderReturnsExactlyWhatTheServerReturnsCosine() throws Exception {
    assertDirectoryMatchesServer(cosine);
  }

  @Test
  void rangesSplitTheDirectoryReadWithoutLossOrOverlap() throws Exception {
    try (ChromaDirectory dir = ChromaDirectory.open(ChromaTestServer.PATH)) {
      ChromaCollection c = dir.collection(l2.name());
      List<Record> whole = new ArrayList<>();
      dir.read(c, 500, whole::addAll);
      List<long[]> ranges = dir.ranges(c, 400);
      assertThat(ranges).hasSize(4);
      assertThat(ranges.get(3)[1]).isEqualTo(Long.MAX_VALUE);
      List<Record> byRange = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (long[] r : ranges) {
        List<Record> part = new ArrayList<>();
        dir.read(c, 150, r[0], r[1], part::addAll);
        sizes.add(part.size());
        byRange.addAll(part);
      }
      assertThat(sizes).containsExactly(400, 400, 400, 298);
      assertThat(byRange).isEqualTo(whole);
      assertThat(dir.count(c)).isEqualTo(N - 2);
    }
  }

  @Test
  void someRecordsLiveOnlyInTheLog() throws Exception {
    try (HnswIndexFiles hnsw =
        HnswIndexFiles.open(ChromaTestServer.PATH.resolve(vectorSegment(l2)), false)) {
      // 1,000 records were synced to the HNSW files; the other 500 and the changes are in the log.
      assertThat(hnsw.header().elementCount()).isEqualTo(1000);
      assertThat(hnsw.header().dimension()).isEqualTo(DIM);
      assertThat(hnsw.vector(ChromaTestServer.id(1200))).isNull();
      assertThat(hnsw.vector(ChromaTestServer.id(10))).isNotNull();
    }
  }

  @Test
  void hnswFilesReplacedInPlaceAreParsedAgain(@TempDir Path tmp) throws Exception {
    Path files = ChromaTestServer.PATH.resolve(vectorSegment(l2));
    String ten = ChromaTestServer.id(10);
    String eleven = ChromaTestServer.id(11);
    Path folder = tmp.resolve("segment");
    Files.createDirectories(folder);
    try (var list = Files.list(files)) {
      for (Path f : list.toList()) {
        Files.copy(f, folder.resolve(f.getFileName()));
      }
    }
    float[] tenVector;
    float[] elevenVector;
    try (HnswIndexFiles first = HnswIndexFiles.open(folder, false);
        HnswIndexFiles again = HnswIndexFiles.open(folder, false)) {
      tenVector = first.vector(ten);
      elevenVector = first.vector(eleven);
      assertThat(again.vector(ten)).isEqualTo(tenVector).isNotEqualTo(elevenVector);
    }
    // The same folder with another pickle, of the same size, where the two ids swapped labels:
    // what was parsed from the first one must not be used.
    Path pickle = folder.resolve("index_metadata.pickle");
    byte[] swapped = swap(Files.readAllBytes(pickle), ten.getBytes(UTF_8), eleven.getBytes(UTF_8));
    Files.delete(pickle);
    Files.write(pickle, swapped);
    try (HnswIndexFiles replaced = HnswIndexFiles.open(folder, false)) {
      assertThat(replaced.vector(ten)).isEqualTo(elevenVector);
      assertThat(replaced.vector(eleven)).isEqualTo(tenVector);
    }
  }

  /** {@code bytes} with every {@code a} and {@code b} (of one length) exchanged. */
  private static byte[] swap(byte[] bytes, byte[] a, byte[] b) {
    byte[] out = bytes.clone();
    int swaps = 0;
    for (int i = 0; i + a.length <= out.length; i++) {
      if (Arrays.equals(bytes, i, i + a.length, a, 0, a.length)) {
        System.arraycopy(b, 0, out, i, b.length);
        swaps++;
      } else if (Arrays.equals(bytes, i, i + b.length, b, 0, b.length)) {
        System.arraycopy(a, 0, out, i, a.length);
        swaps++;
      }
    }
    assertThat(swaps).isGreaterThanOrEqualTo(2);
    return out;
  }

  private static String vectorSegment(ChromaCollection c) throws Exception {
    try (Connection db =
            DriverManager.getConnection(
                "jdbc:sqlite:" + ChromaTestServer.PATH.resolve("chroma.sqlite3"));
        Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id FROM segments WHERE scope = 'VECTOR' AND collection = '"
                    + c.id()
                    + "'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void httpReaderPagesReturnTheSameRecords() throws IOException {
    List<Record> byPage = new ArrayList<>();
    for (long off = 0; off < N; off += 333) {
      byPage.addAll(CHROMA.get(cosine, off, 333));
    }
    assertThat(byPage).isEqualTo(ChromaTestServer.serverRecords(CHROMA, cosine));
  }

  @Test
  void chromaIoReadsTheSameRecordsFromDirectoryAndServer() throws IOException {
    List<Record> expected = ChromaTestServer.serverRecords(CHROMA, l2);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<Record> fromDir =
        flat(
            "dir",
            p.apply(
                "dir",
                ChromaIO.read()
                    .withPath(ChromaTestServer.PATH.toString())
                    .withCollection(l2.name())
                    .withBatchSize(400)));
    PCollection<Record> fromServer =
        flat(
            "server",
            p.apply(
                "server",
                ChromaIO.read()
                    .withUrl(ChromaTestServer.URL)
                    .withCollection(l2.name())
                    .withBatchSize(400)));
    PAssert.that("directory", fromDir).containsInAnyOrder(expected);
    PAssert.that("server", fromServer).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void unknownCollectionIsNamed() throws IOException {
    try (ChromaDirectory dir = ChromaDirectory.open(ChromaTestServer.PATH)) {
      assertThatThrownBy(() -> dir.collection("no_such_collection"))
          .hasMessageContaining("has no collection 'no_such_collection'")
          .hasMessageContaining(l2.name());
    } catch (java.sql.SQLException e) {
      throw new IOException(e);
    }
    assertThatThrownBy(() -> CHROMA.collection("no_such_collection"))
        .hasMessageContaining("Chroma server has no collection 'no_such_collection'");
    assertThatThrownBy(() -> ChromaDirectory.open(Files.createTempDirectory("empty")))
        .hasMessageContaining("is not a Chroma persisted directory: it has no chroma.sqlite3");
  }

  private static PCollection<Record> flat(String name, PCollection<RecordBatch> batches) {
    return batches
        .apply(
            name + " records",
            FlatMapElements.into(TypeDescriptor.of(Record.class)).via(RecordBatch::records))
        .setCoder(RecordCoder.of());
  }

  private static void assertDirectoryMatchesServer(ChromaCollection c) throws Exception {
    List<Record> expected = ChromaTestServer.serverRecords(CHROMA, c);
    List<Record> got = new ArrayList<>();
    try (ChromaDirectory dir = ChromaDirectory.open(ChromaTestServer.PATH)) {
      ChromaCollection fromDir = dir.collection(c.name());
      assertThat(fromDir.space()).isEqualTo(c.space());
      assertThat(fromDir.id()).isEqualTo(c.id());
      dir.read(fromDir, 256, got::addAll);
    }
    assertThat(got).hasSize(N - 2);
    int withinUlp = 0;
    for (int i = 0; i < expected.size(); i++) {
      Record want = expected.get(i);
      Record have = got.get(i);
      if (c.cosine() && !have.equals(want)) {
        // A cosine record only in the log: the server returns it normalized and multiplied back
        // (a few ulps per component); the directory reader returns the bytes that were sent.
        int n = Integer.parseInt(((String) have.get("id")).substring(4));
        assertThat(n >= 1000 || n == 2)
            .as("record %s differs but its vector is not only in the log", have.get("id"))
            .isTrue();
        assertWithinFewUlps((float[]) have.get("embedding"), (float[]) want.get("embedding"));
        have.put("embedding", want.get("embedding"));
        withinUlp++;
      }
      assertThat(have).as("record %d", i).isEqualTo(want);
    }
    if (!c.cosine()) {
      assertThat(withinUlp).isZero();
    }
  }

  private static void assertWithinFewUlps(float[] have, float[] want) {
    assertThat(have).hasSameSizeAs(want);
    for (int j = 0; j < want.length; j++) {
      assertThat(Math.abs(have[j] - want[j]))
          .as("component %d: %s vs %s", j, have[j], want[j])
          .isLessThanOrEqualTo(4 * Math.ulp(want[j]));
    }
  }
}
