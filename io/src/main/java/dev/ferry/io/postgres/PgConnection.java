package dev.ferry.io.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and how to log in: a JDBC URL, a user, a password and the schema
 * Ferry's tables live in (default {@code public}). It is serializable so DoFns can carry it; it
 * opens connections only when asked, and its {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * PgConnection pg = PgConnection.of("jdbc:postgresql://127.0.0.1:55432/ferry", "ferry", secret)
 *     .withSchema("sales");
 * try (Connection c = pg.open()) { ... }
 * }</pre>
 */
public final class PgConnection implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Driver DRIVER = new org.postgresql.Driver();

  private final String url;
  private final String user;
  private final String password;
  private final String schema;

  private PgConnection(String url, String user, String password, String schema) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  /**
   * A connection description in schema {@code public}.
   *
   * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL or the user
   *     is empty
   */
  public static PgConnection of(String url, String user, String password) {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "PostgreSQL URL must start with 'jdbc:postgresql:', got '" + redact(url) + "'");
    }
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("PostgreSQL user must not be empty");
    }
    return new PgConnection(url, user, password == null ? "" : password, "public");
  }

  /** The same database with another target schema. */
  public PgConnection withSchema(String newSchema) {
    if (newSchema == null || newSchema.isEmpty()) {
      throw new IllegalArgumentException("PostgreSQL schema must not be empty");
    }
    return new PgConnection(url, user, password, newSchema);
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  /** The password, for clients (such as Flyway) that need it; never log it. */
  public String password() {
    return password;
  }

  public String schema() {
    return schema;
  }

  /** Opens a new connection (autocommit on); the caller closes it. */
  public Connection open() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("ApplicationName", "ferry");
    p.setProperty("reWriteBatchedInserts", "true");
    // The driver itself, not DriverManager: on a Flink TaskManager this class lives in the job's
    // classloader, and DriverManager only hands out drivers registered by the caller's loader —
    // which, on a second job in the same TaskManager, fails with "No suitable driver".
    Connection c = DRIVER.connect(url, p);
    if (c == null) {
      throw new SQLException("the PostgreSQL driver does not accept the URL " + redact(url));
    }
    return c;
  }

  /** The URL with any {@code password=} parameter replaced by {@code ***}. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PgConnection)) {
      return false;
    }
    PgConnection c = (PgConnection) o;
    return url.equals(c.url)
        && user.equals(c.user)
        && password.equals(c.password)
        && schema.equals(c.schema);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, user, schema);
  }

  @Override
  public String toString() {
    return "PgConnection{url=" + redact(url) + ", user=" + user + ", schema=" + schema + "}";
  }
}
