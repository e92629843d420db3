package dev.ferry.pipeline;

import dev.ferry.io.sqlite.SqliteDdl;
import dev.ferry.spec.ToSpec;
import java.util.List;

/**
 * How one planned flow copies a SQLite table into a SQLite target: whether it carries the rowid
 * (rowid tables without an {@code INTEGER PRIMARY KEY}, so rowids are preserved), whether it
 * creates the target table (the first flow writing a table does; later ones append to it), the
 * schema objects it creates (the table, its indexes and triggers, and views), and what happens to a
 * row whose key is already there with other values.
 *
 * <pre>{@code
 * SqliteCopy copy = plan.sqlite();
 * if (copy.creates()) { copy.objects().forEach(...); }
 * }</pre>
 *
 * @param carryRowid the records carry a {@code rowid} field that sets the target row's rowid
 * @param creates this flow creates the target table and its objects
 * @param objects the schema objects to create (empty unless {@code creates}), names already renamed
 * @param onConflict with mode append, the key-conflict policy; null otherwise (the table belongs to
 *     this flow and a changed row is updated)
 * @param writtenBefore flows that write the same target table before this one, in spec order
 */
public record SqliteCopy(
    boolean carryRowid,
    boolean creates,
    List<SqliteDdl.SchemaObject> objects,
    ToSpec.OnConflict onConflict,
    List<String> writtenBefore) {
  public SqliteCopy {
    objects = List.copyOf(objects);
    writtenBefore = List.copyOf(writtenBefore);
  }

  /** The same copy, creating the table or not, after the given flows. */
  SqliteCopy withOrder(boolean creates, List<String> before) {
    return new SqliteCopy(carryRowid, creates, creates ? objects : List.of(), onConflict, before);
  }
}
