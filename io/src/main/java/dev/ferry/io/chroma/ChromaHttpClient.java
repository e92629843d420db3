package dev.ferry.io.chroma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.record.Record;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small client for a Chroma server's HTTP API v2 (tenant {@code default_tenant}, database {@code
 * default_database} unless given): collections, counts, paged {@code get} with embeddings,
 * documents and metadata, nearest-neighbour {@code query}, and the writes the tests and samples
 * use. Connection faults and 5xx answers are retried with capped exponential backoff, then fail
 * loudly.
 *
 * <pre>{@code
 * ChromaHttpClient chroma = new ChromaHttpClient("http://127.0.0.1:58000");
 * ChromaCollection c = chroma.collection("docs");
 * List<Record> page = chroma.get(c, 0, 1000);
 * }</pre>
 */
public final class ChromaHttpClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRIES = 5;

  private final String base;
  private final HttpClient http;

  /** A client for the server at {@code url} (e.g. {@code http://127.0.0.1:58000}). */
  public ChromaHttpClient(String url) {
    this(url, "default_tenant", "default_database");
  }

  public ChromaHttpClient(String url, String tenant, String database) {
    String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.base =
        u + "/api/v2/tenants/" + enc(tenant) + "/databases/" + enc(database) + "/collections";
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Names of the database's collections, sorted. */
  public List<String> collectionNames() throws IOException {
    List<String> out = new ArrayList<>();
    for (int offset = 0; ; offset += 100) {
      JsonNode page = call("GET", base + "?limit=100&offset=" + offset, null);
      for (JsonNode c : page) {
        out.add(c.path("name").asText());
      }
      if (page.size() < 100) {
        break;
      }
    }
    out.sort(null);
    return out;
  }

  /** A collection by name; fails naming it (and what exists) if the server has none. */
  public ChromaCollection collection(String name) throws IOException {
    JsonNode c;
    try {
      c = call("GET", base + "/" + enc(name), null);
    } catch (ChromaHttpException e) {
      if (e.status() == 404 || e.status() == 400) {
        throw new IOException(
            "Chroma server has no collection '" + name + "' (it has " + collectionNames() + ")", e);
      }
      throw e;
    }
    return collection(c);
  }

  /** Creates a collection (or returns the existing one) with the given distance. */
  public ChromaCollection createCollection(String name, String space) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    body.put("get_or_create", true);
    body.putObject("configuration").putObject("hnsw").put("space", space);
    return collection(call("POST", base, body));
  }

  public void deleteCollection(String name) throws IOException {
    call("DELETE", base + "/" + enc(name), null);
  }

  /** How many records the collection holds. */
  public long count(ChromaCollection c) throws IOException {
    return call("GET", base + "/" + c.id() + "/count", null).asLong();
  }

  /** Records {@code [offset, offset + limit)} in Chroma's stored order. */
  public List<Record> get(ChromaCollection c, long offset, int limit) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("offset", offset);
    body.put("limit", limit);
    body.putArray("include").add("embeddings").add("documents").add("metadatas");
    return records(call("POST", base + "/" + c.id() + "/get", body));
  }

  /** The ids of records {@code [offset, offset + limit)} in Chroma's stored order. */
  public List<String> ids(ChromaCollection c, long offset, int limit) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("offset", offset);
    body.put("limit", limit);
    body.putArray("include");
    List<String> out = new ArrayList<>();
    for (JsonNode id : call("POST", base + "/" + c.id() + "/get", body).path("ids")) {
      out.add(id.asText());
    }
    return out;
  }

  /** Records by id (in the server's order). */
  public List<Record> getIds(ChromaCollection c, List<String> ids) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode a = body.putArray("ids");
    ids.forEach(a::add);
    body.putArray("include").add("embeddings").add("documents").add("metadatas");
    return records(call("POST", base + "/" + c.id() + "/get", body));
  }

  /** The ids of the {@code k} nearest neighbours of a query vector, nearest first. */
  public List<String> query(ChromaCollection c, float[] vector, int k) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    vectorArray(body.putArray("query_embeddings").addArray(), vector);
    body.put("n_results", k);
    body.putArray("include").add("distances");
    List<String> out = new ArrayList<>();
    for (JsonNode id : call("POST", base + "/" + c.id() + "/query", body).path("ids").path(0)) {
      out.add(id.asText());
    }
    return out;
  }

  /**
   * Adds, updates, upserts or deletes records ({@code op}: add, update, upsert, delete). Null lists
   * are left out of the request (an update without embeddings keeps the vectors).
   */
  public void write(
      ChromaCollection c,
      String op,
      List<String> ids,
      List<float[]> embeddings,
      List<String> documents,
      List<Map<String, Object>> metadatas)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode a = body.putArray("ids");
    ids.forEach(a::add);
    if (embeddings != null) {
      ArrayNode e = body.putArray("embeddings");
      embeddings.forEach(v -> vectorArray(e.addArray(), v));
    }
    if (documents != null) {
      ArrayNode d = body.putArray("documents");
      documents.forEach(d::add);
    }
    if (metadatas != null) {
      body.set("metadatas", JSON.valueToTree(metadatas));
    }
    call("POST", base + "/" + c.id() + "/" + op, body);
  }

  private static void vectorArray(ArrayNode a, float[] v) {
    for (float f : v) {
      a.add(f);
    }
  }

  private static ChromaCollection collection(JsonNode c) {
    String space = c.path("configuration_json").path("hnsw").path("space").asText(null);
    if (space == null) {
      space =
          c.path("schema")
              .path("keys")
              .path("#embedding")
              .path("float_list")
              .path("vector_index")
              .path("config")
              .path("space")
              .asText(null);
    }
    if (space == null) {
      space = c.path("metadata").path("hnsw:space").asText("l2");
    }
    return new ChromaCollection(
        c.path("id").asText(), c.path("name").asText(), c.path("dimension").asInt(0), space);
  }

  private static List<Record> records(JsonNode r) throws IOException {
    JsonNode ids = r.path("ids");
    List<Record> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i).asText();
      JsonNode e = r.path("embeddings").path(i);
      if (!e.isArray()) {
        throw new IOException("Chroma returned no embedding for id '" + id + "'");
      }
      float[] v = new float[e.size()];
      for (int j = 0; j < v.length; j++) {
        // Chroma prints the shortest decimal of each float32: parse it as a float, not a double.
        v[j] = Float.parseFloat(e.get(j).asText());
      }
      JsonNode d = r.path("documents").path(i);
      JsonNode m = r.path("metadatas").path(i);
      Map<String, Object> meta = new TreeMap<>();
      if (m.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          meta.put(f.getKey(), value(f.getValue()));
        }
      }
      out.add(ChromaRecords.of(id, v, d.isTextual() ? d.asText() : null, meta));
    }
    return out;
  }

  private static Object value(JsonNode n) {
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(value(x)));
      return l;
    }
    return null;
  }

  private JsonNode call(String method, String url, JsonNode body) throws IOException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2));
    req.header("Content-Type", "application/json");
    req.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    IOException last = null;
    for (int attempt = 0; attempt < TRIES; attempt++) {
      if (attempt > 0) {
        sleep(Math.min(5000L, 200L << attempt));
      }
      HttpResponse<byte[]> resp;
      try {
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        last = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted calling " + method + " " + url, e);
      }
      String text = new String(resp.body(), StandardCharsets.UTF_8);
      if (resp.statusCode() >= 500) {
        last = new ChromaHttpException(method, url, resp.statusCode(), text);
        continue;
      }
      if (resp.statusCode() >= 300) {
        throw new ChromaHttpException(method, url, resp.statusCode(), text);
      }
      return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
    }
    throw new IOException(
        method + " " + url + " failed after " + TRIES + " tries: " + last.getMessage(), last);
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A non-2xx answer from the server, with its status and body. */
  public static final class ChromaHttpException extends IOException {
    private final int status;

    ChromaHttpException(String method, String url, int status, String body) {
      super(
          method
              + " "
              + url
              + ": HTTP "
              + status
              + ": "
              + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
