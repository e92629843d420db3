package dev.ferry.io.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.cosmos.implementation.routing.PartitionKeyInternalHelper;
import com.azure.cosmos.models.ModelBridgeInternal;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.PartitionKeyBuilder;
import com.azure.cosmos.models.PartitionKeyDefinition;
import com.azure.cosmos.models.PartitionKeyDefinitionVersion;
import com.azure.cosmos.models.PartitionKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test server's effective-partition-key port ({@code scripts/cosmos/epk.js}) computes the same
 * strings as the Java SDK, for hash version 2 and for MultiHash keys.
 */
class CosmosEpkPortIT {
  private static final Path SCRIPT =
      Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/cosmos/epk.js");

  private static List<String> node(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("node", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return List.of(out.strip().split("\n"));
  }

  private static String sdk(PartitionKey key, List<String> paths, PartitionKind kind) {
    PartitionKeyDefinition def = new PartitionKeyDefinition();
    def.setPaths(paths);
    def.setKind(kind);
    def.setVersion(PartitionKeyDefinitionVersion.V2);
    return PartitionKeyInternalHelper.getEffectivePartitionKeyString(
        ModelBridgeInternal.getPartitionKeyInternal(key), def);
  }

  @Test
  void hashVersion2MatchesTheSdkForStringsNumbersBooleansAndNull() throws Exception {
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add("krishna::source-" + i + "-" + "x".repeat(i));
    }
    keys.addAll(List.of("", "unknown", "ünïcødé ✓", 0.0, 1.0, -17.25, 123456789.0, true, false));
    StringBuilder json = new StringBuilder("[");
    List<String> expected = new ArrayList<>();
    for (Object k : keys) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('[').append(k instanceof String ? quote((String) k) : k.toString()).append(']');
      expected.add(sdk(new PartitionKey(k), List.of("/pk"), PartitionKind.HASH));
    }
    json.append(",[null]]");
    expected.add(sdk(new PartitionKey(null), List.of("/pk"), PartitionKind.HASH));
    assertThat(node(json.toString())).containsExactlyElementsOf(expected);
  }

  @Test
  void multiHashMatchesTheSdk() throws Exception {
    List<String> expected = new ArrayList<>();
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      String a = "tenant-" + i;
      String b = "user-" + (i * 7);
      expected.add(
          sdk(
              new PartitionKeyBuilder().add(a).add(b).build(),
              List.of("/a", "/b"),
              PartitionKind.MULTI_HASH));
      json.append(i == 0 ? "" : ",")
          .append("[")
          .append(quote(a))
          .append(',')
          .append(quote(b))
          .append(']');
    }
    json.append(']');
    assertThat(node("--multihash", json.toString())).containsExactlyElementsOf(expected);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
