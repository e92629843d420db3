package dev.ferry.spec;

import java.util.Objects;

/**
 * Where a PostgreSQL source or target lives: its JDBC URL, user, password and schema. {@link
 * #toString()} hides the password, including a {@code password=} parameter inside the URL.
 *
 * <pre>{@code
 * JdbcEndpoint pg = new JdbcEndpoint("jdbc:postgresql://127.0.0.1:5432/ferry", "ferry",
 *     Secret.of("s3cret"), "public");
 * }</pre>
 *
 * @param url the JDBC URL, {@code jdbc:postgresql:...}
 * @param user the user name, or null when the URL or driver defaults supply it
 * @param password the password, or null
 * @param schema the schema to read from or write to ({@code public} unless the spec says otherwise)
 */
public record JdbcEndpoint(String url, String user, Secret password, String schema) {
  public JdbcEndpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(schema, "schema");
  }

  /** The URL with any {@code password=} parameter or {@code user:password@} part masked. */
  public String safeUrl() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1****")
        .replaceAll("//([^/:@]+):[^/@]*@", "//$1:****@");
  }

  @Override
  public String toString() {
    return "JdbcEndpoint[url="
        + safeUrl()
        + ", user="
        + user
        + ", password="
        + password
        + ", schema="
        + schema
        + "]";
  }
}
