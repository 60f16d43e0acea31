package dev.timerfd4j.core;

import dev.timerfd4j.core.internal.Errno;

/**
 * A read of a {@link SetTimeFlag#TIMER_CANCEL_ON_SET} timer was cancelled ({@code ECANCELED})
 * because the wall clock was set discontinuously ({@code clock_settime}, {@code settimeofday},
 * {@code date -s}). The timer stays armed at its absolute time; re-arm it if the deadline should
 * follow the new clock.
 */
public final class ClockChangedException extends TimerFdException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param syscall the call that reported {@code ECANCELED}, usually {@code read}
   */
  public ClockChangedException(String syscall) {
    super(syscall, Errno.ECANCELED, "the wall clock was set discontinuously");
  }
}
