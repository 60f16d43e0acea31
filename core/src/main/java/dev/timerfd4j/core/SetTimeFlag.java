package dev.timerfd4j.core;

/** Flags of {@link TimerFd#setTime}: Linux's {@code TFD_TIMER_*}. */
public enum SetTimeFlag {
  /**
   * {@code TFD_TIMER_ABSTIME}: the initial expiration is an absolute time on the timer's clock (for
   * {@link ClockId#REALTIME}, nanoseconds since the Unix epoch, UTC).
   */
  TIMER_ABSTIME(1),
  /**
   * {@code TFD_TIMER_CANCEL_ON_SET}: with {@link #TIMER_ABSTIME} on a {@link ClockId#REALTIME} or
   * {@link ClockId#REALTIME_ALARM} timer, a discontinuous change of the wall clock makes the next
   * read fail with {@link ClockChangedException} ({@code ECANCELED}).
   */
  TIMER_CANCEL_ON_SET(2);

  // IMPORTANT: the kernel's values (TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2).
  final int bits;

  SetTimeFlag(int bits) {
    this.bits = bits;
  }
}
