package dev.timerfd4j.samples;

import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.TimerFd;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Example 1 of the timerfd HOWTO: a blocking timer that fires after one second and then twice a
 * second; the main thread blocks in {@code read(2)} four times and prints "Timer expired".
 *
 * <p>Practical programs should use a non-blocking timer on a {@code TimerLoop} (see {@link
 * EpollTimers}); a blocking one keeps this example short. The HOWTO uses {@code CLOCK_REALTIME};
 * this port uses {@code CLOCK_MONOTONIC}, the right clock for relative periods (setting the wall
 * clock does not move it).
 */
public final class BlockingTimer {

  private BlockingTimer() {}

  /** Runs the HOWTO's settings: first expiration after 1 s, then every 0.5 s, four reads. */
  public static void main(String[] args) {
    SampleArgs.parse(args); // takes no options, but rejects unknown ones
    run(Duration.ofSeconds(1), Duration.ofMillis(500), 4, System.out);
  }

  /**
   * Arms a blocking timer and prints "Timer expired" after each of {@code reads} blocking reads, on
   * the calling thread. The timer is closed when this returns or throws.
   *
   * @return the sum of the expiration counts read (equal to {@code reads} unless this thread was
   *     late for a tick)
   * @throws IllegalArgumentException when {@code initial} is not positive, {@code interval} is
   *     negative or {@code reads} is negative
   */
  public static long run(Duration initial, Duration interval, int reads, PrintStream out) {
    if (initial == null || initial.isZero() || initial.isNegative()) {
      // An initial value of 0 disarms a timerfd: the first read would block forever.
      throw new IllegalArgumentException("initial must be positive, got " + initial);
    }
    if (reads < 0) {
      throw new IllegalArgumentException("reads must not be negative, got " + reads);
    }
    long expirations = 0;
    // try-with-resources: the descriptor is closed even if a read fails.
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC)) {
      timer.setTime(initial, interval);
      for (int i = 0; i < reads; i++) {
        // read() blocks until the timer expires, then returns how many times it did (1 normally).
        expirations += timer.read();
        out.println("Timer expired");
      }
    }
    return expirations;
  }
}
