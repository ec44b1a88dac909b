package org.amisdk.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * A JUnit Platform listener, registered by this jar's service file, that ends a test run with one
 * summary line of the property checks ({@link Property}) and Jazzer fuzz tests it ran, e.g.
 * {@code amisdk: 41 property checks passed 9,870 cases; 2 fuzz tests ran 35 inputs}. It also keeps
 * Jazzer's start-up chatter (its {@code INFO:} lines about hooks and instrumented classes) off the
 * console; Jazzer's warnings, errors and findings still show.
 */
public final class CaseSummary implements TestExecutionListener {
  private static final String FUZZ_TEST = "com.code_intelligence.jazzer.junit.FuzzTest";
  private static final String JAZZER_LOG = "com.code_intelligence.jazzer.utils.Log";

  static final AtomicInteger CHECKS = new AtomicInteger();
  static final AtomicInteger FAILED = new AtomicInteger();
  static final AtomicLong CASES = new AtomicLong();
  private final AtomicInteger fuzzTests = new AtomicInteger();
  private final AtomicInteger fuzzInputs = new AtomicInteger();
  private final AtomicInteger fuzzFailures = new AtomicInteger();
  private final AtomicInteger hidden = new AtomicInteger();

  /** The listener, as the JUnit Platform makes it. */
  public CaseSummary() {}

  /** Counts one property check of {@code cases} cases, failed or not. */
  static void record(long cases, boolean failed) {
    CHECKS.incrementAndGet();
    CASES.addAndGet(cases);
    if (failed) {
      FAILED.incrementAndGet();
    }
  }

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    quietJazzer();
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (!isFuzzTest(test)) {
      return;
    }
    if (test.isContainer()) {
      fuzzTests.incrementAndGet();
    } else {
      fuzzInputs.incrementAndGet();
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        fuzzFailures.incrementAndGet();
      }
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    int checks = CHECKS.getAndSet(0);
    long cases = CASES.getAndSet(0);
    int failed = FAILED.getAndSet(0);
    int fuzz = fuzzTests.getAndSet(0);
    if (checks == 0 && fuzz == 0) {
      return;
    }
    StringBuilder line = new StringBuilder("amisdk: ");
    line.append(String.format("%,d property checks ran %,d cases", checks, cases));
    line.append(failed == 0 ? ", all passed" : String.format(", %d FAILED", failed));
    if (fuzz > 0) {
      line.append(String.format("; %d fuzz tests ran %,d inputs", fuzz, fuzzInputs.getAndSet(0)));
      int fuzzFailed = fuzzFailures.getAndSet(0);
      line.append(fuzzFailed == 0 ? ", all passed" : String.format(", %d FAILED", fuzzFailed));
      line.append(String.format(" (%,d lines of Jazzer start-up output hidden)", hidden.getAndSet(0)));
    }
    System.out.println(line);
  }

  private static boolean isFuzzTest(TestIdentifier test) {
    Optional<Method> method = test.getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> {
          try {
            return ((MethodSource) s).getJavaMethod();
          } catch (RuntimeException e) {
            return null;
          }
        });
    return method.isPresent()
        && Arrays.stream(method.get().getAnnotations()).anyMatch(a -> a.annotationType().getName().equals(FUZZ_TEST));
  }

  /** Routes Jazzer's log through a filter that drops its {@code INFO:} lines, when Jazzer is on the classpath. */
  private void quietJazzer() {
    try {
      Class<?> log = Class.forName(JAZZER_LOG, true, Thread.currentThread().getContextClassLoader());
      PrintStream err = new PrintStream(new InfoFilter(System.err), true, StandardCharsets.UTF_8);
      log.getMethod("fixOutErr", PrintStream.class, PrintStream.class).invoke(null, System.out, err);
    } catch (ReflectiveOperationException | LinkageError e) {
      // no Jazzer here, or a version without that hook: nothing to quieten
    }
  }

  /** Passes every line on except those starting {@code INFO: }, which it counts. */
  private final class InfoFilter extends OutputStream {
    private final PrintStream target;
    private final StringBuilder line = new StringBuilder();

    InfoFilter(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      line.append((char) (b & 0xff));
      if (b == '\n') {
        flushLine();
      }
    }

    @Override
    public synchronized void flush() {
      if (line.length() > 0 && line.charAt(line.length() - 1) == '\n') {
        flushLine();
      }
      target.flush();
    }

    private void flushLine() {
      String text = line.toString();
      line.setLength(0);
      if (text.startsWith("INFO: ")) {
        hidden.incrementAndGet();
      } else {
        target.write(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
      }
    }
  }
}
