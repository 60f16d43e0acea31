package dev.timerfd4j.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reports handler calls that hold a loop thread longer than a threshold: every other timer of the
 * loop is late meanwhile. One daemon thread checks every loop, a few times per threshold; each slow
 * call is reported once, while it is still running.
 */
final class Watchdog {

  private static final System.Logger LOG = System.getLogger(TimerLoop.class.getName());

  private static final ScheduledThreadPoolExecutor CHECKER = newChecker();

  private final TimerLoop loop;
  private volatile Duration threshold;
  private volatile ScheduledFuture<?> task;
  private volatile long reports;

  /** Start time of the call reported last, so one call is reported once; checker thread only. */
  private long reportedSince = Long.MIN_VALUE;

  Watchdog(TimerLoop loop, Duration threshold) {
    this.loop = loop;
    threshold(threshold);
  }

  Duration threshold() {
    return threshold;
  }

  long reports() {
    return reports;
  }

  synchronized void threshold(Duration threshold) {
    this.threshold = threshold;
    ScheduledFuture<?> previous = task;
    if (previous != null) {
      previous.cancel(false);
    }
    long periodNanos = Math.max(threshold.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(5));
    task = CHECKER.scheduleAtFixedRate(this::check, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  synchronized void stop() {
    ScheduledFuture<?> previous = task;
    if (previous != null) {
      previous.cancel(false);
    }
  }

  private void check() {
    Registration registration = loop.running;
    long since = loop.runningSinceNanos;
    if (registration == null || since == reportedSince) {
      return;
    }
    long elapsed = System.nanoTime() - since;
    if (elapsed >= threshold.toNanos() && loop.running == registration) {
      reportedSince = since;
      reports++;
      LOG.log(
          Level.WARNING,
          "A handler has held the loop thread "
              + loop.name()
              + " for "
              + TimeUnit.NANOSECONDS.toMillis(elapsed)
              + " ms (threshold "
              + threshold.toMillis()
              + " ms), delaying every other timer of the loop: "
              + registration
              + ". Handlers must not block; move heavy work to another thread.");
    }
  }

  private static ScheduledThreadPoolExecutor newChecker() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "timerfd4j-watchdog");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
