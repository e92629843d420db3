package dev.ferry.spec;

import java.util.Objects;

/**
 * A credential from the spec (a password). It never shows its value in {@link #toString()}, so a
 * spec can be logged or described without leaking it; code that connects calls {@link #reveal()}.
 *
 * <pre>{@code
 * Secret s = Secret.of(System.getenv("PGPASSWORD"));
 * String shown = s.toString();   // "****"
 * props.setProperty("password", s.reveal());
 * }</pre>
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret value");
  }

  /** Wraps a credential. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The credential itself; pass it to a driver, never to a log. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret && ((Secret) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "****";
  }
}
