package org.amisdk.storage;

/**
 * Receives the progress of a long operation (an import, an export, a verify, a bundle) and may
 * cancel it.
 *
 * <p>The operation calls {@link #progress} from its own thread, at least once per phase and
 * after each unit of work; {@code bytesDone} never decreases within a phase. Returning
 * {@code false} asks the operation to stop: it then throws {@link OperationCancelledException}
 * and leaves nothing half-visible behind.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores progress and never cancels. */
  ProgressListener NONE = (phase, bytesDone, bytesTotal) -> true;

  /**
   * Reports that {@code bytesDone} of {@code bytesTotal} bytes of {@code phase} are done.
   *
   * @return {@code true} to go on, {@code false} to cancel the operation
   */
  boolean progress(String phase, long bytesDone, long bytesTotal);
}
