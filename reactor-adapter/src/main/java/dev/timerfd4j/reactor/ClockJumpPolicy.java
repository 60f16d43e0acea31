package dev.timerfd4j.reactor;

/**
 * What a wall-clock timer ({@link TimerFlux#at}, {@link TimerFlux#intervalAt}) does when the system
 * clock is set discontinuously ({@code clock_settime}, {@code date -s}, a large NTP step), which
 * the kernel reports through {@code TFD_TIMER_CANCEL_ON_SET}.
 */
public enum ClockJumpPolicy {
  /**
   * Re-arm on the same absolute schedule and go on (the default). After a forward jump the ticks
   * the clock jumped over count as missed ({@link MissedTickPolicy} applies); after a backward jump
   * the next item comes when the wall clock reaches the next tick not emitted yet, so no index
   * repeats.
   */
  REARM,
  /**
   * End the sequence with {@code onError(ClockChangedException)} (a {@link
   * dev.timerfd4j.core.TimerFdException} with errno {@code ECANCELED}).
   */
  ERROR
}
