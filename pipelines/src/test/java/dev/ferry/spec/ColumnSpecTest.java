package dev.ferry.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.io.schema.ColumnDef;
import org.junit.jupiter.api.Test;

class ColumnSpecTest {
  @Test
  void parsesTypeAndModifiersCaseInsensitively() {
    assertThat(ColumnSpec.parse("id", "text primary key"))
        .isEqualTo(new ColumnSpec("id", "text", false, true));
    assertThat(ColumnSpec.parse("n", "BIGINT Not Null PRIMARY KEY"))
        .isEqualTo(new ColumnSpec("n", "BIGINT", true, true));
    assertThat(ColumnSpec.parse("n", "  int4   not   null "))
        .isEqualTo(new ColumnSpec("n", "int4", true, false));
  }

  @Test
  void keepsMultiWordAndParameterisedTypes() {
    assertThat(ColumnSpec.parse("a", "double precision not null").type())
        .isEqualTo("double precision");
    assertThat(ColumnSpec.parse("a", "timestamp(3) without time zone").type())
        .isEqualTo("timestamp(3) without time zone");
    assertThat(ColumnSpec.parse("a", "numeric(10,  2) not null").type())
        .isEqualTo("numeric(10, 2)");
    assertThat(ColumnSpec.parse("a", "numeric (10, 2)").type()).isEqualTo("numeric (10, 2)");
    assertThat(ColumnSpec.parse("a", "character varying(20)").type())
        .isEqualTo("character varying(20)");
    assertThat(ColumnSpec.parse("a", "vector(1024)").type()).isEqualTo("vector(1024)");
    assertThat(ColumnSpec.parse("a", "text[] not null").type()).isEqualTo("text[]");
  }

  @Test
  void rejectsUnknownWords() {
    assertThatThrownBy(() -> ColumnSpec.parse("id", "text unique"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown word 'unique' in 'text unique' (expected: not null, primary key)");
    assertThatThrownBy(() -> ColumnSpec.parse("id", "text not nul"))
        .hasMessage("unknown word 'nul' in 'text not nul' (expected: not null, primary key)");
    assertThatThrownBy(() -> ColumnSpec.parse("id", "text primary"))
        .hasMessage("'primary' must be followed by 'key' in 'text primary'");
    assertThatThrownBy(() -> ColumnSpec.parse("id", "text not null not null"))
        .hasMessage("'not null' given twice in 'text not null not null'");
    assertThatThrownBy(() -> ColumnSpec.parse("id", "not null"))
        .hasMessage("missing type before 'not' (expected '<type> [not null] [primary key]')");
    assertThatThrownBy(() -> ColumnSpec.parse("id", "  "))
        .hasMessage("empty column definition (expected '<type> [not null] [primary key]')");
  }

  @Test
  void primaryKeyColumnsAreNotNullable() {
    assertThat(ColumnSpec.parse("id", "text primary key").toColumnDef())
        .isEqualTo(new ColumnDef("id", "text", false, null));
    assertThat(ColumnSpec.parse("x", "jsonb").toColumnDef())
        .isEqualTo(new ColumnDef("x", "jsonb", true, null));
  }
}
