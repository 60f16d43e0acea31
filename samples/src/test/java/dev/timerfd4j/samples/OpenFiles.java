package dev.timerfd4j.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Counts this process's open descriptors through {@code /proc/self/fd}, for leak checks. */
public final class OpenFiles {

  private static final Path FD_DIR = Path.of("/proc/self/fd");

  private OpenFiles() {}

  /** How many descriptors this process has open now (the listing's own one not counted). */
  public static int count() {
    try (Stream<Path> fds = Files.list(FD_DIR)) {
      return (int) fds.count() - 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls until the count has not changed for {@code quiet} (sockets close asynchronously), or
   * {@code deadline} passes.
   *
   * @return the last count seen
   */
  public static int awaitStable(Duration quiet, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    int last = count();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < end) {
      Thread.sleep(20);
      int now = count();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince >= quiet.toNanos()) {
        break;
      }
    }
    return last;
  }

  /**
   * Polls until at most {@code baseline} descriptors are open, or {@code deadline} passes.
   *
   * @return the last count seen (the caller asserts it)
   */
  public static int awaitAtMost(int baseline, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    int now = count();
    while (now > baseline && System.nanoTime() < end) {
      Thread.sleep(20);
      now = count();
    }
    return now;
  }
}
