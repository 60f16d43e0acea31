package dev.timerfd4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;

/** Counts this process's open descriptors through {@code /proc/self/fd}. */
final class FdCount {

  private FdCount() {}

  static int now() {
    String[] entries = new File("/proc/self/fd").list();
    if (entries == null) {
      throw new IllegalStateException("/proc/self/fd is not readable");
    }
    return entries.length;
  }

  /** Waits (closes happen on the loop thread) until the count is at most {@code baseline}. */
  static void awaitAtMost(int baseline, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int count = now();
    while (count > baseline && System.nanoTime() < deadline) {
      Thread.sleep(10);
      count = now();
    }
    assertThat(count).as("open descriptors (baseline %d)", baseline).isLessThanOrEqualTo(baseline);
  }
}
