package dev.timerfd4j.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** A thread-safe {@link PrintStream} for a sample to print to, and the lines it printed. */
final class CapturedOutput {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  PrintStream stream() {
    return stream;
  }

  /** The complete lines printed so far. */
  List<String> lines() {
    // ByteArrayOutputStream and PrintStream.println are synchronized: no torn lines.
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /**
   * Waits until a printed line matches {@code line}.
   *
   * @throws AssertionError naming the lines printed when {@code deadline} passes first
   */
  String awaitLine(Predicate<String> line, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      List<String> lines = lines();
      for (String printed : lines) {
        if (line.test(printed)) {
          return printed;
        }
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("no matching line within " + deadline + "; printed: " + lines);
      }
      Thread.sleep(10);
    }
  }
}
