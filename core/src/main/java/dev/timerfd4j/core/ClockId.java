package dev.timerfd4j.core;

import dev.timerfd4j.core.internal.LibC;
import dev.timerfd4j.core.internal.Scratch;

/**
 * The clocks a {@link TimerFd} can run on, with the kernel's clock ids.
 *
 * <p>The alarm clocks need {@code CAP_WAKE_ALARM}; without it {@code timerfd_create} fails with
 * {@code EPERM}, reported as a {@link TimerFdException}.
 */
public enum ClockId {
  /** {@code CLOCK_REALTIME}: the settable wall clock, nanoseconds since the Unix epoch (UTC). */
  REALTIME(0),
  /** {@code CLOCK_MONOTONIC}: never set, does not count time spent suspended. */
  MONOTONIC(1),
  /** {@code CLOCK_BOOTTIME}: like MONOTONIC, but counts time spent suspended (Linux 3.15+). */
  BOOTTIME(7),
  /** {@code CLOCK_REALTIME_ALARM}: REALTIME that wakes a suspended system (Linux 3.11+). */
  REALTIME_ALARM(8),
  /** {@code CLOCK_BOOTTIME_ALARM}: BOOTTIME that wakes a suspended system (Linux 3.11+). */
  BOOTTIME_ALARM(9);

  // IMPORTANT: the values of include/uapi/linux/time.h.
  private final int id;

  ClockId(int id) {
    this.id = id;
  }

  /** The kernel's clock id, e.g. 1 for {@code CLOCK_MONOTONIC}. */
  public int id() {
    return id;
  }

  /** Whether this clock follows the settable wall clock (REALTIME and REALTIME_ALARM). */
  public boolean isWallClock() {
    return this == REALTIME || this == REALTIME_ALARM;
  }

  /**
   * The clock with the given kernel id.
   *
   * @throws IllegalArgumentException naming {@code clockId} when no timerfd clock has that id
   */
  public static ClockId of(int clockId) {
    for (ClockId clock : values()) {
      if (clock.id == clockId) {
        return clock;
      }
    }
    throw new IllegalArgumentException(
        "clockId: unknown timerfd clock id " + clockId + " (expected 0, 1, 7, 8 or 9)");
  }

  /**
   * The clock's current time in nanoseconds ({@code clock_gettime}), the unit of an absolute {@link
   * TimerFd#setTimeNanos} deadline.
   *
   * @throws UnsupportedOperationException when timerfd is not available here
   * @throws TimerFdException when {@code clock_gettime} fails
   */
  public long nowNanos() {
    TimerFd.ensureAvailability();
    long tp = Scratch.address();
    LibC.clockGettime(id, tp);
    return Scratch.memory().getLong(0) * 1_000_000_000L + Scratch.memory().getLong(8);
  }
}
