package dev.ferry.io.postgres;

import dev.ferry.io.schema.ColumnDef;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.Record;
import dev.ferry.record.Values;
import java.util.List;

/**
 * Encodes conformed records (fields = the table's columns, in order, values of the kinds {@link
 * PgConform} produces) as COPY data. A record that is not conformed is a programming error, not a
 * data error: it fails with a message naming the table, the column and what was found.
 *
 * <pre>{@code
 * CopyEncoder enc = CopyEncoder.forTable(pgTable, false);   // binary unless a type needs text
 * enc.begin(buf); for (Record r : rows) enc.row(r, buf); enc.end(buf);
 * }</pre>
 */
abstract class CopyEncoder {
  final TableDef table;
  final String[] names;
  final PgType[] types;

  CopyEncoder(TableDef table) {
    this.table = table;
    List<ColumnDef> cols = table.columns();
    names = new String[cols.size()];
    types = new PgType[cols.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = cols.get(i).name();
      types[i] = PgType.parse(cols.get(i).type());
    }
  }

  /** Binary when every column type has a binary encoder here (and text is not forced). */
  static CopyEncoder forTable(TableDef table, boolean forceText) {
    if (!forceText && binaryPossible(table)) {
      return new PgBinaryCopy(table);
    }
    return new PgTextCopy(table);
  }

  static boolean binaryPossible(TableDef table) {
    for (ColumnDef c : table.columns()) {
      if (!PgType.parse(c.type()).binaryCopy()) {
        return false;
      }
    }
    return true;
  }

  /** {@code binary} or {@code text}, for the COPY statement's FORMAT option. */
  abstract String format();

  abstract void begin(CopyBuffer out);

  abstract void end(CopyBuffer out);

  /** Starts a row; the encoder then gets {@link #value} once per column, in order. */
  abstract void startRow(CopyBuffer out);

  abstract void value(int column, Object v, CopyBuffer out);

  abstract void endRow(CopyBuffer out);

  final void row(Record r, CopyBuffer out) {
    if (r.size() != names.length) {
      throw notConformed(
          "record has " + r.size() + " fields " + r.names() + ", table has " + names.length);
    }
    startRow(out);
    for (int i = 0; i < names.length; i++) {
      String name = r.nameAt(i);
      if (!names[i].equals(name)) {
        throw notConformed(
            "field " + i + " is '" + name + "', column " + i + " is '" + names[i] + "'");
      }
      Object v = r.valueAt(i);
      try {
        value(i, v, out);
      } catch (ClassCastException ex) {
        throw notConformed(
            "column '"
                + names[i]
                + "' ("
                + types[i].name()
                + ") got a "
                + Values.kind(v)
                + " value");
      }
    }
    endRow(out);
  }

  private IllegalArgumentException notConformed(String what) {
    return new IllegalArgumentException(
        "record for table '"
            + table.name()
            + "' is not conformed ("
            + what
            + "); apply PgConform.forTable(table) before writing");
  }
}
