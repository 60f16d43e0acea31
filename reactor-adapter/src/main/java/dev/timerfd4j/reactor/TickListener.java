package dev.timerfd4j.reactor;

/** Receives what a {@link TickSource} produces; the subscriptions of this package implement it. */
interface TickListener {

  /** The timer expired {@code count} (at least 1) times since the last call. */
  void onTicks(long count);

  /**
   * The source failed and has ended: the timer could not be created or armed, the loop closed, or
   * the wall clock jumped under {@link ClockJumpPolicy#ERROR}. Called at most once.
   */
  void onTickError(Throwable error);
}
