package dev.timerfd4j.testing;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.TimerFdException;
import dev.timerfd4j.core.internal.Errno;
import dev.timerfd4j.core.internal.LibC;
import org.junit.jupiter.api.Assumptions;

/**
 * Fires the kernel's clock-was-set event without moving the clock: CLOCK_REALTIME is set to the
 * value it has. Needs root or CAP_SYS_TIME; elsewhere the calling test is skipped with the reason.
 */
public final class WallClock {

  private WallClock() {}

  /** Sets CLOCK_REALTIME to its own current value, or skips the test when not permitted. */
  public static void setToItself() {
    try (Memory now = new Memory(LibC.TIMESPEC_SIZE)) {
      LibC.clockGettime(ClockId.REALTIME.id(), Pointer.nativeValue(now));
      LibC.clockSettime(ClockId.REALTIME.id(), Pointer.nativeValue(now));
    } catch (TimerFdException e) {
      Assumptions.assumeTrue(
          e.errno() != Errno.EPERM, "setting CLOCK_REALTIME is not permitted here: " + e);
      throw e;
    }
  }
}
