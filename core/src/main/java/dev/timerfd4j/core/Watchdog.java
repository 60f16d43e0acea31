package dev.timerfd4j.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reports handler calls that hold a loop thread longer than a threshold: every other timer of the
 * loop is late meanwhile. One daemon thread checks the loops a few times per threshold; each slow
 * call is reported once, while it is still running.
 *
 * <p>No CPU while idle: after two checks that saw the loop asleep, the check is cancelled, and the
 * loop re-arms it on its next wake-up (one volatile write and read per wake-up; scheduling only
 * after an idle spell).
 */
final class Watchdog {

  private static final System.Logger LOG = System.getLogger(TimerLoop.class.getName());

  private static final ScheduledThreadPoolExecutor CHECKER = newChecker();

  /** Checks in a row that saw the loop asleep before the check is cancelled. */
  private static final int IDLE_CHECKS = 2;

  private final TimerLoop loop;
  private volatile Duration threshold;
  private volatile long reports;

  /** Wake-ups of the loop; written by the loop thread only. */
  private volatile long wakeups;

  /** Whether a check is scheduled; the loop re-arms when it finds this false. */
  private volatile boolean armed;

  /** Guarded by this. */
  private ScheduledFuture<?> task;

  private boolean stopped;

  // Checker thread only.
  private long reportedSince = Long.MIN_VALUE;
  private long lastWakeups = -1;
  private int idleChecks;

  Watchdog(TimerLoop loop, Duration threshold) {
    this.loop = loop;
    this.threshold = threshold;
  }

  Duration threshold() {
    return threshold;
  }

  boolean isArmed() {
    return armed;
  }

  long reports() {
    return reports;
  }

  synchronized void threshold(Duration threshold) {
    this.threshold = threshold;
    if (armed) {
      cancelTask();
      schedule();
    }
  }

  /** Called by the loop thread each time it returns from epoll_wait. */
  void loopAwake() {
    wakeups++; // single writer: the loop thread
    if (!armed) {
      arm();
    }
  }

  synchronized void stop() {
    stopped = true;
    armed = false;
    cancelTask();
  }

  private synchronized void arm() {
    if (!armed && !stopped) {
      schedule();
    }
  }

  private void schedule() {
    long periodNanos = Math.max(threshold.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(5));
    armed = true;
    task = CHECKER.scheduleAtFixedRate(this::check, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void cancelTask() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void check() {
    Registration registration = loop.running;
    long since = loop.runningSinceNanos;
    if (registration == null) {
      long seen = wakeups;
      idleChecks = seen == lastWakeups ? idleChecks + 1 : 0;
      lastWakeups = seen;
      if (idleChecks >= IDLE_CHECKS) {
        disarmIfStillIdle(seen);
      }
      return;
    }
    idleChecks = 0;
    if (since == reportedSince) {
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

  private synchronized void disarmIfStillIdle(long seen) {
    armed = false;
    // Dekker with loopAwake(): we write armed then read wakeups; the loop writes wakeups then
    // reads armed. If it woke meanwhile, one of the two sides sees it and the check stays.
    if (wakeups != seen || loop.running != null) {
      armed = true;
      idleChecks = 0;
      return;
    }
    cancelTask();
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
