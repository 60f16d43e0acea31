package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;

/** Open descriptors of this process, from {@code /proc/self/fd}. */
final class FdCount {

  private FdCount() {}

  static int now() {
    String[] entries = new File("/proc/self/fd").list();
    return entries == null ? -1 : entries.length;
  }

  /**
   * Waits until the count is back at {@code baseline} (plus {@code slack} for descriptors the JVM
   * opens on its own): closing happens on the loop thread, after cancel returned.
   */
  static void awaitAtMost(int baseline, int slack, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int count = now();
    while (count > baseline + slack && System.nanoTime() < deadline) {
      Thread.sleep(10);
      count = now();
    }
    assertThat(count)
        .as("open descriptors (baseline %d)", baseline)
        .isLessThanOrEqualTo(baseline + slack);
  }
}
