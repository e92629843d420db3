package dev.ferry.io.cosmos;

import dev.ferry.record.Record;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.RecordCoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * The Cosmos DB test server that {@code scripts/cosmos-start.sh} started (its endpoint and key come
 * from {@code FERRY_COSMOS_ENDPOINT}/{@code FERRY_COSMOS_KEY} or {@code ~/.ferry/cosmos.env}), with
 * one database per test class so tests never share containers.
 */
final class CosmosTestServer {
  private CosmosTestServer() {}

  static CosmosConnection connection(String database) {
    Map<String, String> env = new HashMap<>(System.getenv());
    Path file =
        Path.of(
            System.getenv().getOrDefault("FERRY_HOME", System.getProperty("user.home") + "/.ferry"),
            "cosmos.env");
    if (!env.containsKey("FERRY_COSMOS_ENDPOINT") && Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            env.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
          }
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    String endpoint = env.get("FERRY_COSMOS_ENDPOINT");
    if (endpoint == null) {
      throw new IllegalStateException(
          "FERRY_COSMOS_ENDPOINT is not set and "
              + file
              + " is missing: run scripts/cosmos-start.sh");
    }
    return CosmosConnection.of(
        endpoint, env.get("FERRY_COSMOS_KEY"), database + "_" + ProcessHandle.current().pid());
  }

  /** A PAssert check on batches: their records are exactly {@code expected} as a multiset. */
  static SerializableFunction<Iterable<RecordBatch>, Void> holdExactly(List<Record> expected) {
    List<byte[]> encoded = new ArrayList<>();
    for (Record r : expected) {
      encoded.add(encode(r));
    }
    return batches -> {
      Map<String, Integer> want = new HashMap<>();
      for (byte[] b : encoded) {
        want.merge(decode(b).toString(), 1, Integer::sum);
      }
      Map<String, Integer> got = new HashMap<>();
      for (RecordBatch b : batches) {
        for (Record r : b) {
          got.merge(r.toString(), 1, Integer::sum);
        }
      }
      org.assertj.core.api.Assertions.assertThat(got).isEqualTo(want);
      return null;
    };
  }

  static byte[] encode(Record r) {
    try {
      return CoderUtils.encodeToByteArray(RecordCoder.of(), r);
    } catch (CoderException e) {
      throw new IllegalStateException(e);
    }
  }

  static Record decode(byte[] b) {
    try {
      return CoderUtils.decodeFromByteArray(RecordCoder.of(), b);
    } catch (CoderException e) {
      throw new IllegalStateException(e);
    }
  }
}
