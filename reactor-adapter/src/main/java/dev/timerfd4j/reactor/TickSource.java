package dev.timerfd4j.reactor;

import reactor.core.Scannable;

/**
 * One subscription's timer, as a backend provides it: born paused (a {@link #resume()} before
 * {@link #start()} counts); {@link #start()} arms it. The pause, resume and cancel methods are safe
 * from any thread and idempotent.
 */
interface TickSource {

  /**
   * Creates and arms the timer, paused unless {@link #resume()} came first. Never throws: failures
   * go to the listener.
   */
  void start();

  /**
   * Stops delivering ticks; time keeps being counted and arrives with the first delivery after
   * {@link #resume()}.
   */
  void pause();

  /** Delivers ticks again, including those counted while paused. */
  void resume();

  /** Ends the source and releases its timer; no listener call afterwards except one in progress. */
  void cancel();

  /**
   * Re-phases a relative periodic timer: the next tick comes one period from now. Call only from
   * {@link TickListener#onTicks}.
   */
  void rephase();

  /** Whether the timer is paused now (for diagnostics and tests). */
  boolean isPaused();

  /** What runs the timer, for {@link Scannable.Attr#RUN_ON}. */
  Scannable runOn();
}
