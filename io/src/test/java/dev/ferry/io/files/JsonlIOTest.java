package dev.ferry.io.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.record.FlowTags;
import dev.ferry.record.Json;
import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordBatchCoder;
import dev.ferry.record.RecordCoder;
import dev.ferry.record.RecordJson;
import dev.ferry.record.Reject;
import dev.ferry.record.RejectCoder;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlIOTest {
  @TempDir Path dir;

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  static List<Record> everyKind() {
    Record nested = Record.of("user_id", "t1", "tags", List.of("a", 2L, Record.of("deep", true)));
    return List.of(
        Record.of(
            "id",
            1L,
            "null",
            null,
            "bool",
            true,
            "int",
            Long.MIN_VALUE,
            "float",
            0.1,
            "nan",
            Double.NaN,
            "inf",
            Double.NEGATIVE_INFINITY,
            "decimal",
            new BigDecimal("12345678901234567890.000100"),
            "text",
            "line\nbreak \"quoted\" \u00e9\u4e2d\ud83d\ude00 \u2028",
            "bytes",
            new byte[] {0, (byte) 0xff, 0x10, '\n'},
            "timestamp",
            Instant.parse("2024-05-01T12:34:56.123456789Z"),
            "date",
            LocalDate.of(1969, 7, 20),
            "json",
            Json.of("{\"a\":[1,2.5,\"x\"],\"b\":null}"),
            "vector",
            new float[] {0.5f, -1.25f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN},
            "list",
            List.of(1L, "two", List.of(3.0), new byte[] {1}),
            "meta",
            nested),
        Record.of("id", 2L, "$weird key", "value", "empty", new Record(), "vector", new float[0]),
        Record.of());
  }

  @Test
  void roundTripKeepsEveryValueKind() throws Exception {
    List<Record> records = everyKind();
    Path out = dir.resolve("sub").resolve("all.jsonl");
    Pipeline w = pipeline();
    PCollection<String> written =
        w.apply(
                Create.of(
                        RecordBatch.of(records.subList(0, 2)),
                        RecordBatch.of(records.subList(2, 3)),
                        RecordBatch.empty())
                    .withCoder(RecordBatchCoder.of()))
            .apply(JsonlIO.write().to(out.toString()).withoutSharding());
    PAssert.that(written).containsInAnyOrder(out.toString());
    w.run().waitUntilFinish();

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines)
        .containsExactlyInAnyOrder(records.stream().map(RecordJson::write).toArray(String[]::new));

    Pipeline r = pipeline();
    PCollectionTuple read = r.apply(JsonlIO.read().from(out.toString()).withFlow("back"));
    PAssert.that(explode(read.get(FlowTags.RECORDS))).containsInAnyOrder(records);
    PAssert.that(read.get(FlowTags.REJECTS)).empty();
    r.run().waitUntilFinish();
  }

  @Test
  void shardedWriteReadBackThroughAGlob() throws Exception {
    List<Record> records = new ArrayList<>();
    List<RecordBatch> batches = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      List<Record> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Record rec = Record.of("b", (long) b, "i", (long) i, "v", new float[] {b, i});
        batch.add(rec);
        records.add(rec);
      }
      batches.add(RecordBatch.of(batch));
    }
    Pipeline w = pipeline();
    w.apply(Create.of(batches).withCoder(RecordBatchCoder.of()))
        .apply(JsonlIO.write().to(dir.resolve("items.jsonl").toString()));
    w.run().waitUntilFinish();
    try (Stream<Path> files = Files.list(dir)) {
      // Beam leaves its (empty) .temp-beam directory behind
      List<String> names =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> !n.equals(".temp-beam"))
              .sorted()
              .collect(Collectors.toList());
      assertThat(names).isNotEmpty();
      assertThat(names).allMatch(n -> n.matches("items-\\d{5}-of-\\d{5}\\.jsonl"));
    }
    Pipeline r = pipeline();
    PCollectionTuple read =
        r.apply(
            JsonlIO.read()
                .from(dir.resolve("items-*.jsonl").toString())
                .withFlow("items")
                .withBatchSize(7));
    PAssert.that(explode(read.get(FlowTags.RECORDS))).containsInAnyOrder(records);
    PAssert.that(read.get(FlowTags.RECORDS))
        .satisfies(
            bs -> {
              bs.forEach(b -> assertThat(b.size()).isBetween(1, 7));
              return null;
            });
    r.run().waitUntilFinish();
  }

  @Test
  void badLinesAreRejectedWithFileAndLineNumber() throws Exception {
    Path file = dir.resolve("x.jsonl");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8)); // 1
    b.writeBytes("\n".getBytes(StandardCharsets.UTF_8)); // 2 blank
    b.writeBytes("{\"id\":2,}\n".getBytes(StandardCharsets.UTF_8)); // 3 invalid JSON
    b.writeBytes("[1,2]\r\n".getBytes(StandardCharsets.UTF_8)); // 4 not an object
    b.writeBytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x96, '"', '}', '\n'}); // 5
    b.writeBytes("{\"t\":{\"$timestamp\":\"yesterday\"}}\n".getBytes(StandardCharsets.UTF_8)); // 6
    b.writeBytes("{\"id\":3}".getBytes(StandardCharsets.UTF_8)); // 7, no final newline
    Files.write(file, b.toByteArray());
    String name = file.toString();

    Pipeline p = pipeline();
    PCollectionTuple read = p.apply(JsonlIO.read().from(name).withFlow("x"));
    PAssert.that(explode(read.get(FlowTags.RECORDS)))
        .containsInAnyOrder(Record.of("id", 1L), Record.of("id", 3L));
    PAssert.that(read.get(FlowTags.REJECTS))
        .containsInAnyOrder(
            Reject.of(
                "x",
                "read jsonl",
                "file '"
                    + name
                    + "', line 3: invalid JSON: Unexpected character ('}' (code 125)):"
                    + " was expecting double-quote to start field name  at [Source: REDACTED"
                    + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1,"
                    + " column: 9]",
                Record.of("file", name, "line", 3L),
                Record.of("text", "{\"id\":2,}")),
            Reject.of(
                "x",
                "read jsonl",
                "file '" + name + "', line 4: expected a JSON object, found START_ARRAY",
                Record.of("file", name, "line", 4L),
                Record.of("text", "[1,2]")),
            Reject.of(
                "x",
                "read jsonl",
                "file '" + name + "', line 5: invalid UTF-8 in 9 bytes: Input length = 1",
                Record.of("file", name, "line", 5L),
                Record.of(
                    "text", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x96, '"', '}'})),
            Reject.of(
                "x",
                "read jsonl",
                "file '" + name + "', line 6: Text 'yesterday' could not be parsed at index 0",
                Record.of("file", name, "line", 6L),
                Record.of("text", "{\"t\":{\"$timestamp\":\"yesterday\"}}")));
    p.run().waitUntilFinish();
  }

  @Test
  void rejectsAreOneFileEvenWhenThereAreNone() throws Exception {
    Path none = dir.resolve("rejects").resolve("empty.jsonl");
    Path some = dir.resolve("rejects").resolve("items.jsonl");
    List<Reject> rejects =
        List.of(
            Reject.of(
                "items",
                "cast",
                "bad 'x'",
                Record.of("id", 1L),
                Record.of("id", 1L, "b", new byte[] {1})),
            Reject.of("items", "cast", "bad 'y'", Record.of("id", 2L), Record.of("id", 2L)));
    Pipeline p = pipeline();
    PCollection<String> noneWritten =
        p.apply("None", Create.empty(RejectCoder.of()))
            .apply("Write none", JsonlIO.writeRejects().to(none.toString()));
    p.apply("Some", Create.of(rejects).withCoder(RejectCoder.of()))
        .apply("Write some", JsonlIO.writeRejects().to(some.toString()));
    PAssert.that(noneWritten).containsInAnyOrder(none.toString());
    p.run().waitUntilFinish();

    assertThat(none).exists();
    assertThat(Files.size(none)).isZero();
    List<Reject> back = new ArrayList<>();
    for (String line : Files.readAllLines(some, StandardCharsets.UTF_8)) {
      back.add(Reject.fromRecord(RecordJson.read(line)));
    }
    assertThat(back).containsExactlyInAnyOrderElementsOf(rejects);
    try (Stream<Path> files = Files.list(dir.resolve("rejects"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("empty.jsonl", "items.jsonl", ".temp-beam");
    }
  }

  @Test
  void missingSettingsAreNamed() {
    Pipeline p = pipeline();
    assertThatThrownBy(() -> p.apply(JsonlIO.read().withFlow("f")))
        .hasMessage("JsonlIO.read() needs from(fileOrGlob): the files to read");
    assertThatThrownBy(() -> p.apply(JsonlIO.read().from("x.jsonl")))
        .hasMessage("JsonlIO.read() needs withFlow(name): the flow named in rejects");
    assertThatThrownBy(() -> p.apply(Create.empty(RecordBatchCoder.of())).apply(JsonlIO.write()))
        .hasMessage("JsonlIO.write() needs to(path): where to write");
    assertThatThrownBy(() -> JsonlIO.read().withBatchSize(0))
        .hasMessage("withBatchSize: must be at least 1, was 0");
  }

  private static PCollection<Record> explode(PCollection<RecordBatch> batches) {
    return batches.apply("Explode", ParDo.of(new ExplodeFn())).setCoder(RecordCoder.of());
  }

  static final class ExplodeFn extends DoFn<RecordBatch, Record> {
    @ProcessElement
    public void process(@Element RecordBatch b, OutputReceiver<Record> out) {
      b.forEach(out::output);
    }
  }
}
