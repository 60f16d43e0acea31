package dev.timerfd4j.core;

import java.time.Duration;

/**
 * A timer's setting as {@code timerfd_gettime} reports it, and as {@link TimerFd#setTime} returns
 * the previous one: the time until the next expiration (always relative, even after an absolute
 * set) and the interval, both in nanoseconds. Zero {@code nextExpirationNanos} means disarmed; zero
 * {@code intervalNanos} means one-shot.
 *
 * @param nextExpirationNanos nanoseconds until the next expiration, 0 when disarmed
 * @param intervalNanos the period in nanoseconds, 0 for a one-shot timer
 */
public record TimerSetting(long nextExpirationNanos, long intervalNanos) {

  /** The disarmed setting: (0, 0). */
  public static final TimerSetting DISARMED = new TimerSetting(0, 0);

  /** Time until the next expiration, {@link Duration#ZERO} when disarmed. */
  public Duration nextExpiration() {
    return Duration.ofNanos(nextExpirationNanos);
  }

  /** The interval, {@link Duration#ZERO} for a one-shot timer. */
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /** Whether the timer will expire again. */
  public boolean isArmed() {
    return nextExpirationNanos != 0;
  }
}
