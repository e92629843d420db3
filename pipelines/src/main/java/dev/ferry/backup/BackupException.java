package dev.ferry.backup;

/**
 * A backup that cannot be taken, or a restore that is refused (a missing or changed backup file,
 * named in the message) or whose result does not match the manifest.
 *
 * <pre>{@code
 * throw new BackupException("backup file 'source-app-app.db' does not match the manifest");
 * }</pre>
 */
public final class BackupException extends Exception {
  private static final long serialVersionUID = 1L;

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
