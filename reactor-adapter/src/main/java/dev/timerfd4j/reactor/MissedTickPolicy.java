package dev.timerfd4j.reactor;

/**
 * What {@link TimerFlux#interval} emits when ticks were missed: the subscriber had no demand, or
 * the emitting thread was late. After Tokio's {@code MissedTickBehavior}.
 */
public enum MissedTickPolicy {
  /**
   * Every index, in order, as demand allows (the default). The backlog is a counter, not a buffer:
   * a subscriber that requests one item a second from a 10 ms timer sees 0, 1, 2, … one a second,
   * while the backlog grows by about 100 a second.
   */
  BURST,
  /** Jump to the latest index: after missed ticks the next item is the index of the last tick. */
  SKIP,
  /**
   * Re-phase from now: after missed ticks, emit the next index once and re-arm the timer so the
   * following tick comes one period later. Indices stay consecutive; the schedule drifts. Not
   * available for wall-clock schedules ({@link TimerFlux#intervalAt}), which are anchored.
   */
  DELAY
}
