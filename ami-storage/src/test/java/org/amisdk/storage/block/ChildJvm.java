package org.amisdk.storage.block;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A child JVM running a test class's {@code main}, whose standard output is read line by line, and
 * which can be killed without losing a line it printed.
 *
 * <p>{@link Process#destroyForcibly()} closes the parent's end of the child's output right after
 * sending the signal, so lines still in the pipe (printed just before the kill, not yet read) are
 * lost and the reader fails with "Stream closed". {@link #killAndCollect} signals through
 * {@link ProcessHandle} instead, which leaves the pipe open, and reads it to its end.
 */
final class ChildJvm {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private Thread reader;
  private IOException readFailure;

  private ChildJvm(Process process) {
    this.process = process;
  }

  /** Starts {@code main} in a child JVM with the test class path; its output is not read yet. */
  static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** Reads the child's output on a thread from now on (once). */
  synchronized void startReading() {
    if (reader != null) {
      return;
    }
    reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          readFailure = e;
        }
      }
    }, "child-output-reader");
    reader.start();
  }

  /**
   * Waits (up to {@code timeoutMillis}) until a line matching {@code wanted} was printed or the
   * child ended; true when it was printed.
   */
  synchronized boolean awaitLine(Predicate<String> wanted, long timeoutMillis) throws InterruptedException {
    startReading();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (lines.stream().noneMatch(wanted) && process.isAlive() && System.currentTimeMillis() < deadline) {
      wait(100);
    }
    return lines.stream().anyMatch(wanted);
  }

  /**
   * Kills the child (SIGKILL), waits for it, and returns every line it printed; a last line cut
   * short by the kill is returned as read.
   *
   * @throws IOException when its output could not be read to the end
   */
  List<String> killAndCollect() throws IOException, InterruptedException {
    process.toHandle().destroyForcibly(); // not process.destroyForcibly(): that closes the pipe unread
    process.waitFor();
    startReading();
    reader.join();
    synchronized (this) {
      if (readFailure != null) {
        throw new IOException("the output of child " + process.pid() + " was cut short after " + lines.size()
            + " lines", readFailure);
      }
      return List.copyOf(lines);
    }
  }
}
