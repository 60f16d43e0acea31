package dev.timerfd4j.benchmarks;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Process CPU time in nanoseconds from {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}, the clock
 * the C floor reads too (the JDK's OperatingSystemMXBean reads {@code times(2)}, in 10 ms ticks).
 */
final class ProcessCpu {

  /** IMPORTANT: Linux's CLOCK_PROCESS_CPUTIME_ID. */
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  private ProcessCpu() {}

  /** struct timespec is {time_t tv_sec; long tv_nsec} on 64-bit Linux: two longs. */
  private static native int clock_gettime(int clockId, long[] timespec);

  /** CPU time this process (every thread) has used so far, in nanoseconds. */
  static long nanos() {
    long[] ts = new long[2];
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, ts) != 0) {
      throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    }
    return ts[0] * 1_000_000_000L + ts[1];
  }
}
