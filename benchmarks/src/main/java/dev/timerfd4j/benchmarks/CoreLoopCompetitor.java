package dev.timerfd4j.benchmarks;

import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.ExpirationHandler;
import dev.timerfd4j.core.Registration;
import dev.timerfd4j.core.SetTimeFlag;
import dev.timerfd4j.core.TimerFd;
import dev.timerfd4j.core.TimerLoop;

/**
 * timerfd4j without Reactor: one {@link TimerLoop} of its own, one non-blocking {@link TimerFd} per
 * timer, armed with an absolute deadline on CLOCK_MONOTONIC, its raw counts handed to the probe.
 */
final class CoreLoopCompetitor extends Competitor {

  static final String NAME = "timerfd4j-core";

  private final TimerLoop loop = TimerLoop.create();

  @Override
  String name() {
    return NAME;
  }

  @Override
  AutoCloseable start(Probe probe) {
    int n = probe.timers();
    Registration[] registrations = new Registration[n];
    for (int i = 0; i < n; i++) {
      TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
      timer.setTimeNanos(probe.firstDeadline(i), probe.period(), SetTimeFlag.TIMER_ABSTIME);
      int index = i;
      registrations[i] =
          loop.register(
              timer,
              new ExpirationHandler() {
                @Override
                public void onExpirations(long count) {
                  probe.expirations(index, count);
                }

                @Override
                public void onError(Throwable error) {
                  error(error);
                }
              });
    }
    return () -> {
      for (Registration registration : registrations) {
        registration.cancel();
      }
    };
  }

  @Override
  public void close() {
    loop.close();
  }
}
