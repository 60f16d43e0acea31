package dev.timerfd4j.benchmarks;

import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.ExpirationHandler;
import dev.timerfd4j.core.Registration;
import dev.timerfd4j.core.TimerFd;
import dev.timerfd4j.core.TimerLoop;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Bytes the core loop thread allocates per expiration, with nothing of the benchmark harness on
 * that thread: n timers whose handlers only add the count to a field. The loop thread's allocation
 * counter ({@code ThreadMXBean.getThreadAllocatedBytes}) is read after a warm-up and after the
 * window, and divided by the expirations delivered in between.
 */
final class CoreAllocation {

  private CoreAllocation() {}

  static Map<String, String> run(Settings settings) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] loopThread = new long[1];
    long[] delivered = new long[1];
    Registration[] registrations = new Registration[settings.timers()];
    try (TimerLoop loop =
        TimerLoop.create(
            r -> {
              Thread t = new Thread(r, "timerfd4j-alloc-loop");
              t.setDaemon(true);
              loopThread[0] = t.getId();
              return t;
            })) {
      ExpirationHandler handler =
          new ExpirationHandler() {
            @Override
            public void onExpirations(long count) {
              delivered[0] += count; // loop thread only
            }

            @Override
            public void onError(Throwable error) {
              error.printStackTrace();
            }
          };
      for (int i = 0; i < registrations.length; i++) {
        TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
        long offset = settings.periodNanos() * i / registrations.length;
        timer.setTimeNanos(settings.periodNanos() + offset, settings.periodNanos());
        registrations[i] = loop.register(timer, handler);
      }
      LockSupport.parkNanos(Math.max(settings.warmupNanos(), 1));
      long bytes0 = mx.getThreadAllocatedBytes(loopThread[0]);
      long count0 = readCount(delivered);
      LockSupport.parkNanos(settings.durationNanos());
      long bytes1 = mx.getThreadAllocatedBytes(loopThread[0]);
      long count1 = readCount(delivered);
      for (Registration registration : registrations) {
        registration.cancel();
      }
      long n = count1 - count0;
      Map<String, String> out =
          settings.result(CoreLoopCompetitor.NAME, settings.timers(), settings.periodNanos());
      out.put("expirations", Long.toString(n));
      out.put("loop_thread_bytes", Long.toString(bytes1 - bytes0));
      out.put(
          "alloc_per_exp_b", String.format("%.4f", n == 0 ? 0.0 : (bytes1 - bytes0) / (double) n));
      out.put("errors", "0");
      return out;
    }
  }

  /**
   * The delivered count, read racily from another thread after a fence: it may miss the deliveries
   * in flight, a handful out of tens of thousands.
   */
  private static long readCount(long[] delivered) {
    java.lang.invoke.VarHandle.fullFence();
    return delivered[0];
  }
}
