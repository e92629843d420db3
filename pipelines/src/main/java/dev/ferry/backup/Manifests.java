package dev.ferry.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a backup folder's {@code manifest.json}, and computes file sha256s.
 *
 * <pre>{@code
 * Manifests.write(folder, manifest);
 * Manifest m = Manifests.read(folder);
 * }</pre>
 */
public final class Manifests {
  /** The manifest's file name in a backup folder. */
  public static final String FILE = "manifest.json";

  static final String FORMAT = "ferry-backup/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {}

  /**
   * A backup's manifest.
   *
   * @param spec the spec's name
   * @param created when the backup was taken (ISO-8601)
   * @param entries one per database
   */
  public record Manifest(String spec, String created, List<BackupEntry> entries) {
    public Manifest {
      entries = List.copyOf(entries);
    }
  }

  static void write(Path folder, Manifest m) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("spec", m.spec());
    root.put("created", m.created());
    ArrayNode entries = root.putArray("entries");
    for (BackupEntry e : m.entries()) {
      ObjectNode n = entries.addObject();
      n.put("store", e.store());
      n.put("role", e.role());
      n.put("name", e.name());
      n.put("location", e.location());
      n.put("existed", e.existed());
      n.put("file", e.file());
      n.put("sha256", e.sha256());
      n.put("bytes", e.bytes());
      ObjectNode t = n.putObject("tables");
      e.tables().forEach(t::put);
    }
    Files.writeString(
        folder.resolve(FILE),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  /** The manifest of a backup folder. */
  public static Manifest read(Path folder) throws BackupException {
    Path f = folder.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new BackupException("no " + FILE + " in " + folder + ": not a Ferry backup folder");
    }
    try {
      JsonNode root = JSON.readTree(f.toFile());
      if (!FORMAT.equals(root.path("format").asText())) {
        throw new BackupException(f + ": unknown format '" + root.path("format").asText() + "'");
      }
      List<BackupEntry> entries = new ArrayList<>();
      for (JsonNode n : root.path("entries")) {
        Map<String, Long> tables = new LinkedHashMap<>();
        n.path("tables")
            .fields()
            .forEachRemaining(e -> tables.put(e.getKey(), e.getValue().asLong()));
        entries.add(
            new BackupEntry(
                n.path("store").asText(),
                n.path("role").asText(),
                n.path("name").asText(),
                n.path("location").asText(),
                n.path("existed").asBoolean(),
                n.path("file").isNull() ? null : n.path("file").asText(),
                n.path("sha256").isNull() ? null : n.path("sha256").asText(),
                n.path("bytes").asLong(),
                tables));
      }
      return new Manifest(root.path("spec").asText(), root.path("created").asText(), entries);
    } catch (IOException e) {
      throw new BackupException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** The sha256 of a file, in lowercase hex. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
