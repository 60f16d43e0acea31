package dev.timerfd4j.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One way to run n periodic timers. {@link #start} starts one timer per deadline of the probe
 * (timer {@code i} first due at {@code probe.firstDeadline(i)}, then every {@code probe.period()})
 * and reports every tick to the probe; closing the returned handle stops them all.
 */
abstract class Competitor implements AutoCloseable {

  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();

  /** The name in the results, e.g. {@code flux-interval}. */
  abstract String name();

  /** Starts {@code probe.timers()} timers delivering to {@code probe}. */
  abstract AutoCloseable start(Probe probe) throws Exception;

  /** Releases what the competitor shares between runs (a loop, an executor). */
  @Override
  public void close() {}

  /** Counts an error signalled by one timer instead of a tick. */
  final void error(Throwable error) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, error);
  }

  final long errors() {
    return errors.get();
  }

  final Throwable firstError() {
    return firstError.get();
  }

  /** Delay from now until {@code deadline} (System.nanoTime), at least 0. */
  static long delayUntil(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /** The names of every Java competitor, in report order. */
  static java.util.List<String> names() {
    java.util.List<String> names = new java.util.ArrayList<>();
    names.add(CoreLoopCompetitor.NAME);
    names.addAll(FluxCompetitors.NAMES);
    names.add(ExecutorCompetitor.NAME);
    return names;
  }

  /** Creates the competitor called {@code name}. */
  static Competitor named(String name) {
    switch (name) {
      case CoreLoopCompetitor.NAME:
        return new CoreLoopCompetitor();
      case ExecutorCompetitor.NAME:
        return new ExecutorCompetitor();
      default:
        return FluxCompetitors.named(name);
    }
  }
}
