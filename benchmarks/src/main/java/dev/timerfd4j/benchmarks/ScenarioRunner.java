package dev.timerfd4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one competitor through one scenario and prints one {@code RESULT key=value ...} line, the
 * format the C floor prints too.
 *
 * <ol>
 *   <li>Warm-up: the same timers through the same chain, not recorded, then stopped.
 *   <li>Measurement: a fresh set of timers, timer {@code i} first due at {@code start + period * i
 *       / n}, where {@code start} is taken after the warm-up and leaves time to start every timer.
 *       Ticks due in {@code [start, start + duration)} are recorded; process CPU time and the
 *       delivering threads' allocated bytes are read at both ends of that window; late ticks of the
 *       window get 200 ms of grace before the timers stop.
 * </ol>
 */
final class ScenarioRunner {

  private static final long GRACE_NANOS = 200_000_000L;

  private final Competitor competitor;
  private final Settings settings;

  ScenarioRunner(Competitor competitor, Settings settings) {
    this.competitor = competitor;
    this.settings = settings;
  }

  /** Deadlines of n timers spread evenly over one period from {@code start}. */
  static long[] spread(long start, int n, long period) {
    long[] first = new long[n];
    for (int i = 0; i < n; i++) {
      first[i] = start + (long) ((double) period * i / n);
    }
    return first;
  }

  /** Time to create and start n timers before the first is due. */
  static long leadNanos(int n) {
    return 200_000_000L + n * 60_000L;
  }

  Map<String, String> run() throws Exception {
    int n = settings.timers();
    long period = settings.periodNanos();
    if (settings.warmupNanos() > 0) {
      int fdsBefore = openDescriptors();
      long warmStart = System.nanoTime() + leadNanos(n);
      Probe warm = new Probe(spread(warmStart, n, period), period);
      try (AutoCloseable timers = competitor.start(warm)) {
        sleepUntil(warmStart + settings.warmupNanos());
      }
      // Stopping is asynchronous (the timerfd4j loop closes descriptors on its own thread):
      // wait for the warm-up's descriptors to go, or the measured run may hit the fd limit.
      long giveUp = System.nanoTime() + 20_000_000_000L;
      while (openDescriptors() > fdsBefore + 16 && System.nanoTime() < giveUp) {
        LockSupport.parkNanos(20_000_000L);
      }
      System.gc();
      LockSupport.parkNanos(100_000_000L);
    }
    long setupStart = System.nanoTime();
    long start = setupStart + leadNanos(n);
    long end = start + settings.durationNanos();
    Probe probe = new Probe(spread(start, n, period), period);
    probe.window(start, end);
    long startedAt;
    long cpu;
    Map<Long, Long> allocatedBefore;
    Map<Long, Long> allocatedAfter;
    long errorsBefore = competitor.errors();
    try (AutoCloseable timers = competitor.start(probe)) {
      startedAt = System.nanoTime();
      sleepUntil(start);
      allocatedBefore = allocatedBytes();
      long cpu0 = ProcessCpu.nanos();
      sleepUntil(end);
      cpu = ProcessCpu.nanos() - cpu0;
      allocatedAfter = allocatedBytes();
      sleepUntil(end + GRACE_NANOS);
    }
    Histogram late = probe.lateness();
    Histogram jitter = probe.jitter();
    long ticks = late.getTotalCount();
    long expected = 0;
    for (int i = 0; i < n; i++) {
      long first = probe.firstDeadline(i);
      if (first < end) {
        expected += (end - first + period - 1) / period;
      }
    }
    long allocated = 0;
    for (long id : probe.deliveringThreads()) {
      Long after = allocatedAfter.get(id);
      if (after != null) {
        allocated += after - allocatedBefore.getOrDefault(id, 0L);
      }
    }
    Map<String, String> out = settings.result(competitor.name(), n, period);
    out.put("duration_ns", Long.toString(settings.durationNanos()));
    out.put("ticks", Long.toString(ticks));
    out.put("expected", Long.toString(expected));
    out.put("early", Long.toString(probe.early().getTotalCount()));
    out.put("p50_ns", Long.toString(late.getValueAtPercentile(50)));
    out.put("p90_ns", Long.toString(late.getValueAtPercentile(90)));
    out.put("p99_ns", Long.toString(late.getValueAtPercentile(99)));
    out.put("p999_ns", Long.toString(late.getValueAtPercentile(99.9)));
    out.put("p9999_ns", Long.toString(late.getValueAtPercentile(99.99)));
    out.put("max_ns", Long.toString(late.getMaxValue()));
    out.put("jitter_p99_ns", Long.toString(jitter.getValueAtPercentile(99)));
    out.put("drift_ns", Long.toString(probe.meanDrift()));
    out.put("cpu_ns", Long.toString(cpu));
    out.put("cpu_per_exp_ns", String.format("%.1f", ticks == 0 ? 0.0 : (double) cpu / ticks));
    out.put(
        "alloc_per_exp_b", String.format("%.2f", ticks == 0 ? 0.0 : (double) allocated / ticks));
    out.put("setup_ns", Long.toString(startedAt - setupStart));
    out.put("setup_overrun_ns", Long.toString(Math.max(0, startedAt - start)));
    out.put("errors", Long.toString(competitor.errors() - errorsBefore));
    Throwable error = competitor.firstError();
    if (error != null) {
      out.put("error", error.getClass().getSimpleName());
    }
    return out;
  }

  /** CPU used while n timers are armed but none is due within the window. */
  Map<String, String> idle() throws Exception {
    int n = settings.timers();
    long period = settings.periodNanos();
    long far = System.nanoTime() + settings.durationNanos() + 3_600_000_000_000L;
    long[] first = new long[n];
    java.util.Arrays.fill(first, far);
    Probe probe = new Probe(first, period);
    long cpu;
    long library;
    String busiest;
    try (AutoCloseable timers = competitor.start(probe)) {
      threadCpu(); // load and warm what the window's own measurement runs
      ProcessCpu.nanos();
      LockSupport.parkNanos(500_000_000L); // let setup settle
      Map<String, Long> threads0 = threadCpu();
      long cpu0 = ProcessCpu.nanos();
      LockSupport.parkNanos(settings.durationNanos());
      cpu = ProcessCpu.nanos() - cpu0;
      Map<String, Long> threads1 = threadCpu();
      threads1.replaceAll((name, nanos) -> nanos - threads0.getOrDefault(name, 0L));
      // timerfd4j's own threads: the loops (timerfd4j-loop-N, timerfd4j-reactor-N) and the
      // slow-handler watchdog. The rest of the process CPU is the JVM's (GC, JIT, VM thread).
      library =
          threads1.entrySet().stream()
              .filter(e -> e.getKey().startsWith("timerfd4j"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      busiest =
          threads1.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(4)
              .map(e -> e.getKey().replace(' ', '_') + ":" + e.getValue())
              .collect(java.util.stream.Collectors.joining(","));
    }
    Map<String, String> out = settings.result(competitor.name(), n, period);
    out.put("duration_ns", Long.toString(settings.durationNanos()));
    out.put("ticks", "0");
    out.put("expected", "0");
    out.put("cpu_ns", Long.toString(cpu));
    out.put(
        "idle_cpu_ns_per_s", String.format("%.1f", cpu * 1e9 / (double) settings.durationNanos()));
    out.put("errors", Long.toString(competitor.errors()));
    out.put(
        "library_cpu_ns_per_s",
        String.format("%.1f", library * 1e9 / (double) settings.durationNanos()));
    out.put("busiest_threads_ns", busiest);
    return out;
  }

  /** CPU time of every live Java thread by name (threads of one name summed). */
  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new HashMap<>();
    for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        long nanos = mx.getThreadCpuTime(info.getThreadId());
        if (nanos > 0) {
          out.merge(info.getThreadName(), nanos, Long::sum);
        }
      }
    }
    return out;
  }

  private static Map<Long, Long> allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> out = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        out.put(ids[i], bytes[i]);
      }
    }
    return out;
  }

  /** Descriptors this process has open now. */
  static int openDescriptors() {
    String[] fds = new java.io.File("/proc/self/fd").list();
    return fds == null ? 0 : fds.length;
  }

  static void sleepUntil(long deadline) {
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
  }

  /** Prints a result line: {@code RESULT key=value ...}. */
  static void print(Map<String, String> result) {
    StringBuilder line = new StringBuilder("RESULT");
    result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
    System.out.println(line);
    System.out.flush();
  }
}
