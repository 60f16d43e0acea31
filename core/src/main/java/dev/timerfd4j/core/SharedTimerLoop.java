package dev.timerfd4j.core;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link TimerLoop} started at first use and replaced by a fresh one when it was closed or died:
 * what {@link TimerLoop#shared()} is, for any way of creating loops (e.g. with a {@code
 * ThreadFactory} of your own). Thread safe.
 */
public final class SharedTimerLoop implements Supplier<TimerLoop> {

  private final Supplier<TimerLoop> factory;
  private volatile TimerLoop current;

  /**
   * @param factory creates a loop when there is none yet or the last one is closed
   * @throws NullPointerException when {@code factory} is null
   */
  public SharedTimerLoop(Supplier<TimerLoop> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** The live loop, creating it (or its replacement) now if needed. */
  @Override
  public TimerLoop get() {
    TimerLoop loop = current;
    if (loop != null && !loop.isClosed()) {
      return loop;
    }
    synchronized (this) {
      loop = current;
      if (loop == null || loop.isClosed()) {
        loop = Objects.requireNonNull(factory.get(), "factory returned null");
        current = loop;
      }
      return loop;
    }
  }
}
