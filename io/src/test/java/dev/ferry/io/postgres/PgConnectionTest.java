package dev.ferry.io.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class PgConnectionTest {
  @Test
  void toStringNeverShowsThePassword() {
    PgConnection c =
        PgConnection.of("jdbc:postgresql://h:5432/db?password=s3cret&ssl=false", "ferry", "hunter2")
            .withSchema("sales");
    assertThat(c.toString())
        .isEqualTo(
            "PgConnection{url=jdbc:postgresql://h:5432/db?password=***&ssl=false,"
                + " user=ferry, schema=sales}")
        .doesNotContain("hunter2")
        .doesNotContain("s3cret");
  }

  @Test
  void defaultsToPublicAndSurvivesSerialization() {
    PgConnection c = PgConnection.of("jdbc:postgresql://h/db", "u", "p");
    assertThat(c.schema()).isEqualTo("public");
    PgConnection back = SerializableUtils.clone(c.withSchema("s"));
    assertThat(back).isEqualTo(c.withSchema("s"));
    assertThat(back.password()).isEqualTo("p");
  }

  @Test
  void refusesOtherUrlsAndEmptyNames() {
    assertThatThrownBy(() -> PgConnection.of("jdbc:mysql://h/db?password=x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "PostgreSQL URL must start with 'jdbc:postgresql:', got"
                + " 'jdbc:mysql://h/db?password=***'");
    assertThatThrownBy(() -> PgConnection.of("jdbc:postgresql://h/db", "", "p"))
        .hasMessage("PostgreSQL user must not be empty");
    assertThatThrownBy(() -> PgConnection.of("jdbc:postgresql://h/db", "u", "p").withSchema(""))
        .hasMessage("PostgreSQL schema must not be empty");
  }
}
