package dev.timerfd4j.reactor;

import dev.timerfd4j.core.ClockId;

/**
 * The schedule of one timer, validated at assembly time.
 *
 * @param clock the clock the timer runs on
 * @param initialNanos the first expiration: relative (0: at once); or, when {@code absolute}, epoch
 *     nanoseconds on the wall clock
 * @param periodNanos the period, or 0 for a one-shot timer
 * @param absolute whether {@code initialNanos} is a wall-clock time ({@code TFD_TIMER_ABSTIME})
 * @param options the policies, the loop and a forced backend
 */
record TimerSpec(
    ClockId clock, long initialNanos, long periodNanos, boolean absolute, TimerOptions options) {

  boolean isPeriodic() {
    return periodNanos != 0;
  }

  /** {@code base + ticks * period}, saturated at {@code Long.MAX_VALUE}. */
  long tickTime(long base, long ticks) {
    long offset;
    try {
      offset = Math.multiplyExact(ticks, periodNanos);
      return Math.addExact(base, offset);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
