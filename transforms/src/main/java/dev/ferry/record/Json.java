package dev.ferry.record;

import java.util.Objects;

/**
 * A JSON value held as its text, as it will be written to a JSON or JSONB column. The text is
 * whatever the producing step made of it (casts emit compact JSON); equality is on the text.
 *
 * <pre>{@code
 * Json j = Json.of("{\"a\":1}");
 * }</pre>
 */
public final class Json {
  private final String text;

  private Json(String text) {
    this.text = Objects.requireNonNull(text, "json text");
  }

  public static Json of(String text) {
    return new Json(text);
  }

  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Json && ((Json) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
