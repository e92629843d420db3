package dev.ferry.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.io.cosmos.CosmosConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The Cosmos DB test server's throttling mode ({@code /_ferry/throttle} of {@code
 * scripts/cosmos/layer.js}): every N-th write operation into a container is answered with 429 and a
 * retry-after, and the server counts writes, throttled ones and applied ones.
 *
 * <pre>{@code
 * CosmosThrottle.set(conn, "user_sessions", 4, 10);
 * long applied = CosmosThrottle.stats(conn, "user_sessions").get("applied").asLong();
 * }</pre>
 */
final class CosmosThrottle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CosmosThrottle() {}

  /** Throttles every {@code every}-th write into the container (0: off) with this retry-after. */
  static ObjectNode set(CosmosConnection conn, String container, int every, int retryAfterMs)
      throws Exception {
    return call(
        conn,
        "POST",
        "",
        "{\"database\":\""
            + conn.database()
            + "\",\"container\":\""
            + container
            + "\",\"every\":"
            + every
            + ",\"retryAfterMs\":"
            + retryAfterMs
            + "}");
  }

  /** {every, retryAfterMs, writes, throttled, applied} of a container since it was set. */
  static ObjectNode stats(CosmosConnection conn, String container) throws Exception {
    return call(conn, "GET", "?database=" + conn.database() + "&container=" + container, null);
  }

  private static ObjectNode call(CosmosConnection conn, String method, String query, String body)
      throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    HttpsURLConnection c =
        (HttpsURLConnection)
            URI.create(conn.endpoint() + "_ferry/throttle" + query).toURL().openConnection();
    c.setSSLSocketFactory(tls.getSocketFactory());
    c.setHostnameVerifier((h, s) -> true);
    c.setRequestMethod(method);
    if (body != null) {
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (c.getResponseCode() != 200) {
      throw new IllegalStateException("throttle endpoint answered " + c.getResponseCode());
    }
    try (InputStream in = c.getInputStream()) {
      return (ObjectNode) JSON.readTree(in);
    }
  }
}
