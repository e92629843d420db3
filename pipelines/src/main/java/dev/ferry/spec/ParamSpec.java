package dev.ferry.spec;

import java.util.Objects;

/**
 * A declared spec parameter and the value it took for this load: the {@code --set} override if one
 * was given, else the declared default. Params are not secrets (secrets come from {@code
 * ${env:NAME}} in the field that needs them), so their values may be shown.
 *
 * <pre>{@code
 * params:
 *   user_id: { required: true, description: "tenant id added to every row" }
 *   sqlite_path: data/collections.db
 * }</pre>
 *
 * @param name the param's name, as used in {@code ${name}}
 * @param value the value it took, or null if it has none (only allowed when nothing uses it)
 * @param required whether a {@code --set} is required
 * @param description what the param is for, or null
 */
public record ParamSpec(String name, String value, boolean required, String description) {
  public ParamSpec {
    Objects.requireNonNull(name, "name");
  }
}
