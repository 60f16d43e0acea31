package dev.timerfd4j.benchmarks;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Plain JDK scheduling: {@code ScheduledThreadPoolExecutor.scheduleAtFixedRate} on one thread (as
 * one timerfd4j loop thread and the one C thread), one task per timer counting its own ticks.
 */
final class ExecutorCompetitor extends Competitor {

  static final String NAME = "stpe";

  private final ScheduledThreadPoolExecutor executor =
      new ScheduledThreadPoolExecutor(
          1,
          r -> {
            Thread t = new Thread(r, "stpe-timer");
            t.setDaemon(true);
            return t;
          });

  ExecutorCompetitor() {
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  String name() {
    return NAME;
  }

  @Override
  AutoCloseable start(Probe probe) {
    int n = probe.timers();
    ScheduledFuture<?>[] futures = new ScheduledFuture<?>[n];
    for (int i = 0; i < n; i++) {
      futures[i] =
          executor.scheduleAtFixedRate(
              new Tick(probe, i),
              delayUntil(probe.firstDeadline(i)),
              probe.period(),
              TimeUnit.NANOSECONDS);
    }
    return () -> {
      for (ScheduledFuture<?> future : futures) {
        future.cancel(false);
      }
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** One timer's task: counts its runs, so run k is tick k. */
  private static final class Tick implements Runnable {
    private final Probe probe;
    private final int timer;
    private long next;

    Tick(Probe probe, int timer) {
      this.probe = probe;
      this.timer = timer;
    }

    @Override
    public void run() {
      probe.tick(timer, next++);
    }
  }
}
