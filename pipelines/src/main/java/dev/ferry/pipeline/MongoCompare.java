package dev.ferry.pipeline;

import com.mongodb.client.MongoClient;
import dev.ferry.io.mongodb.BsonRecords;
import dev.ferry.io.mongodb.MongoConnection;
import dev.ferry.record.Record;
import dev.ferry.record.RecordJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Proves a rebuilt collection equal to its original document by document: documents are matched by
 * key, and each pair must be equal field for field, in the same order, with the same BSON types
 * (through {@link BsonRecords}). The original is a live collection or an Extended JSON lines backup
 * file. Every difference is named: a missing or extra key, or the differing fields of a key. The
 * original is held in memory by key while the rebuilt collection is streamed.
 *
 * <pre>{@code
 * MongoCompare.Result r = MongoCompare.compare(MongoCompare.collection(original), rebuilt, List.of("_id"));
 * r.equal(); r.differences();
 * }</pre>
 */
final class MongoCompare {
  private MongoCompare() {}

  /** Counts and every difference, one line each. */
  record Result(long expected, long actual, long equal, List<String> differences) {
    boolean passed() {
      return differences.isEmpty() && expected == actual && equal == expected;
    }
  }

  /** The documents of a collection, as records. */
  static List<Record> collection(MongoConnection c) {
    List<Record> out = new ArrayList<>();
    try (MongoClient client = c.client()) {
      for (Document d : c.collection(client).find().batchSize(1000)) {
        out.add(BsonRecords.toRecord(d));
      }
    }
    return out;
  }

  /** The documents of an Extended JSON lines file (a backup), as records. */
  static List<Record> file(Path file) {
    List<Record> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(BsonRecords.toRecord(Document.parse(line)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }

  static Result compare(List<Record> original, MongoConnection rebuilt, List<String> key) {
    Map<String, Record> byKey = new LinkedHashMap<>();
    List<String> differences = new ArrayList<>();
    for (Record r : original) {
      String k = keyOf(r, key);
      if (byKey.put(k, r) != null) {
        differences.add("duplicate key " + k + " in the original");
      }
    }
    long actual = 0;
    long equal = 0;
    try (MongoClient client = rebuilt.client()) {
      for (Document d : rebuilt.collection(client).find().batchSize(1000)) {
        actual++;
        Record got = BsonRecords.toRecord(d);
        String k = keyOf(got, key);
        Record want = byKey.remove(k);
        if (want == null) {
          differences.add("extra " + k);
          continue;
        }
        if (want.equals(got)) {
          equal++;
          continue;
        }
        // Sorted: the names must not depend on the order a server keeps a document's fields in.
        List<String> fields = MongoChecks.differingFields(want, got).stream().sorted().toList();
        if (fields.isEmpty()) {
          differences.add(k + ": field order differs: " + got.names() + " vs " + want.names());
        } else {
          differences.add(k + ": fields " + fields);
        }
      }
    }
    for (String k : byKey.keySet()) {
      differences.add("missing " + k);
    }
    return new Result(original.size(), actual, equal, differences);
  }

  private static String keyOf(Record r, List<String> key) {
    Record k = Record.withCapacity(key.size());
    for (String f : key) {
      k.put(f, r.getPath(f));
    }
    return RecordJson.write(k);
  }
}
