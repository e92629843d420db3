/**
 * Backups of the databases a spec touches, taken before a run and restored with one command: a
 * timestamped folder holding one copy per database and a {@code manifest.json} (sha256, tables, row
 * counts). Each store plugs in as a {@link dev.ferry.backup.StoreBackup}; SQLite's uses the online
 * backup API ({@link dev.ferry.backup.SqliteBackup}).
 */
package dev.ferry.backup;
