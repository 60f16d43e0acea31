package dev.timerfd4j.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records what every competitor delivers, the same way for all: the lateness of each tick against
 * its intended deadline, the jitter between consecutive deliveries of one timer, and the drift of
 * each timer over the window.
 *
 * <p>Timer {@code i}'s tick {@code k} is due at {@code firstDeadline[i] + k * period} on {@link
 * System#nanoTime()} (CLOCK_MONOTONIC on Linux, the clock the timerfds run on). Only ticks due
 * within {@code [windowStart, windowEnd)} are recorded. Per-timer state is written by the one
 * thread that delivers that timer at a time (every competitor serializes one timer's ticks).
 * Recording allocates nothing: HdrHistogram {@link Recorder}s and primitive arrays sized up front.
 */
final class Probe {

  static final long HIGHEST_TRACKABLE_NANOS = 120_000_000_000L;
  private static final int MAX_THREADS = 64;

  private final long[] firstDeadline;
  private final long period;
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MIN_VALUE;

  private final long[] nextTick;
  private final long[] lastDelivery;
  private final long[] firstLateness;
  private final long[] lastLateness;
  private final Recorder lateness = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
  private final Recorder jitter = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
  private final Recorder early = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);

  /** Ids of the threads that delivered ticks, for their allocation counters; 0 = free. */
  private final AtomicLongArray threads = new AtomicLongArray(MAX_THREADS);

  Probe(long[] firstDeadline, long period) {
    this.firstDeadline = firstDeadline;
    this.period = period;
    int n = firstDeadline.length;
    this.nextTick = new long[n];
    this.lastDelivery = new long[n];
    this.firstLateness = new long[n];
    this.lastLateness = new long[n];
    java.util.Arrays.fill(lastDelivery, Long.MIN_VALUE);
  }

  /** Starts recording ticks due in {@code [start, end)}. */
  void window(long start, long end) {
    windowEnd = end;
    windowStart = start;
  }

  long firstDeadline(int timer) {
    return firstDeadline[timer];
  }

  int timers() {
    return firstDeadline.length;
  }

  long period() {
    return period;
  }

  /** A raw expiration count from timer {@code timer}: ticks next..next+count-1 arrive now. */
  void expirations(int timer, long count) {
    long now = System.nanoTime();
    long k = nextTick[timer];
    nextTick[timer] = k + count;
    for (long c = 0; c < count; c++) {
      record(timer, k + c, now, c == 0);
    }
  }

  /** Tick {@code index} of timer {@code timer} arrives now. */
  void tick(int timer, long index) {
    record(timer, index, System.nanoTime(), true);
  }

  private void record(int timer, long index, long now, boolean firstOfDelivery) {
    noteThread();
    long deadline = firstDeadline[timer] + index * period;
    if (deadline < windowStart || deadline >= windowEnd) {
      return;
    }
    long late = now - deadline;
    if (late < 0) {
      early.recordValue(Math.min(-late, HIGHEST_TRACKABLE_NANOS));
      late = 0;
    }
    lateness.recordValue(Math.min(late, HIGHEST_TRACKABLE_NANOS));
    long last = lastDelivery[timer];
    if (last == Long.MIN_VALUE) {
      firstLateness[timer] = late;
    } else if (firstOfDelivery) {
      jitter.recordValue(Math.min(Math.abs(now - last - period), HIGHEST_TRACKABLE_NANOS));
    }
    lastLateness[timer] = late;
    lastDelivery[timer] = now;
  }

  private void noteThread() {
    long id = Thread.currentThread().getId();
    for (int i = 0; i < MAX_THREADS; i++) {
      long seen = threads.get(i);
      if (seen == id || (seen == 0 && threads.compareAndSet(i, 0, id))) {
        return;
      }
    }
  }

  /** The ids of the threads that have delivered ticks so far. */
  long[] deliveringThreads() {
    int n = 0;
    while (n < MAX_THREADS && threads.get(n) != 0) {
      n++;
    }
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = threads.get(i);
    }
    return ids;
  }

  Histogram lateness() {
    return lateness.getIntervalHistogram();
  }

  Histogram jitter() {
    return jitter.getIntervalHistogram();
  }

  Histogram early() {
    return early.getIntervalHistogram();
  }

  /** Mean over timers of (last lateness - first lateness) within the window. */
  long meanDrift() {
    double sum = 0;
    int with = 0;
    for (int i = 0; i < lastDelivery.length; i++) {
      if (lastDelivery[i] != Long.MIN_VALUE) {
        sum += lastLateness[i] - firstLateness[i];
        with++;
      }
    }
    return with == 0 ? 0 : (long) (sum / with);
  }
}
