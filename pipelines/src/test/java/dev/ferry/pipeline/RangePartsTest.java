package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.record.Record;
import dev.ferry.record.Reject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A range's rejects become one complete part, or none; half-written parts never stay. */
class RangePartsTest {
  @TempDir Path dir;

  private static Record rejectRecord(long id) {
    return Reject.of(
            "items", "cast", "bad " + id, new Record().put("id", id), new Record().put("id", id))
        .toRecord();
  }

  private List<String> files(Path parts) throws Exception {
    try (Stream<Path> s = Files.list(parts)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aRangeWithRejectsLeavesOnePartAndOneWithoutLeavesNone() throws Exception {
    String file = dir.resolve("rejects/items.jsonl").toString();
    Path parts = dir.resolve("rejects/.items.jsonl.parts");
    try (RangeParts r = new RangeParts(file)) {
      r.begin(2);
      r.write(rejectRecord(7));
      r.write(rejectRecord(9));
      assertThat(r.end()).isEqualTo(parts.resolve("part-00000002.jsonl").toString());

      // A range that failed half-way: its temporary file goes when the next range begins.
      r.begin(3);
      r.write(rejectRecord(11));
      r.begin(3);
      assertThat(r.end()).isNull();
    }
    assertThat(files(parts)).containsExactly("part-00000002.jsonl");
    List<String> lines = Files.readAllLines(parts.resolve("part-00000002.jsonl"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"reason\":\"bad 7\"").contains("\"key\":{\"id\":7}");
    assertThat(lines.get(1)).contains("\"reason\":\"bad 9\"");

    assertThat(JoinParts.join(file, List.of(parts.resolve("part-00000002.jsonl").toString())))
        .isEqualTo(1);
    assertThat(Files.readAllLines(Path.of(file))).isEqualTo(lines);
    assertThat(parts).doesNotExist();
  }
}
