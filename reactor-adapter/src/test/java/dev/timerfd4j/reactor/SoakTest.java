package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.testing.FdCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Hundreds of timers subscribing, requesting and cancelling at random from several threads. Each
 * subscriber's counts must equal what its timer's elapsed time implies (within one), and
 * descriptors, threads and heap must be back at their baselines at the end.
 *
 * <p>Runs {@code timerfd4j.soak.seconds} seconds: a short run in the test command, several minutes
 * with {@code mvn -B verify -Psoak}.
 */
class SoakTest {

  private static final long MS = 1_000_000L;
  private static final long[] PERIODS_MS = {5, 10, 20, 50, 100};
  private static final int WORKERS = 4;
  private static final int BATCH = 60;

  /** One subscriber with its own record of what it got. */
  static final class Probe extends BaseSubscriber<Long> {
    final long periodNanos;
    final boolean raw;
    final long subscribedBefore;
    long subscribedAfter;
    final AtomicLong ticks = new AtomicLong();
    final AtomicLong nextIndex = new AtomicLong();
    final AtomicInteger outOfOrder = new AtomicInteger();
    final AtomicInteger afterCancel = new AtomicInteger();
    volatile Throwable error;
    volatile boolean cancelled;

    Probe(long periodNanos, boolean raw) {
      this.periodNanos = periodNanos;
      this.raw = raw;
      this.subscribedBefore = System.nanoTime();
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      // Demand comes from the worker threads, at random.
    }

    @Override
    protected void hookOnNext(Long value) {
      if (cancelled) {
        afterCancel.incrementAndGet();
      }
      if (raw) {
        ticks.addAndGet(value);
      } else {
        if (value != nextIndex.getAndIncrement()) {
          outOfOrder.incrementAndGet();
        }
        ticks.incrementAndGet();
      }
    }

    @Override
    protected void hookOnError(Throwable throwable) {
      error = throwable;
    }

    void stop() {
      cancelled = true;
      cancel();
    }
  }

  @Test
  void hundredsOfTimersUnderRandomDemandLoseNothingAndLeakNothing() throws Exception {
    int seconds = Integer.getInteger("timerfd4j.soak.seconds", 20);
    int fdBaseline = FdCount.now();
    int threadBaseline = timerThreads();
    long heapBaseline = usedHeapAfterGc();

    TimerLoop loop = TimerLoop.create();
    TimerOptions options = TimerOptions.builder().loop(loop).build();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong verified = new AtomicLong();
    long deadline = System.nanoTime() + seconds * 1_000 * MS;

    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      long seed = 42 + w;
      Thread worker =
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                  while (System.nanoTime() < deadline) {
                    runBatch(random, options, failures, verified);
                  }
                } catch (Throwable t) {
                  failures.add("worker died: " + t);
                }
              },
              "soak-worker-" + w);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join(seconds * 1_000L + 120_000);
      assertThat(worker.isAlive()).as("worker %s ended", worker.getName()).isFalse();
    }
    assertThat(failures).isEmpty();
    assertThat(verified.get()).as("subscribers verified").isGreaterThan(WORKERS * BATCH / 2);

    loop.close();
    FdCount.awaitAtMost(fdBaseline, Duration.ofSeconds(10));
    assertThat(timerThreads()).isLessThanOrEqualTo(threadBaseline);
    assertThat(usedHeapAfterGc()).as("heap after GC").isLessThan(heapBaseline + 64L * 1024 * 1024);
  }

  private static void runBatch(
      SplittableRandom random, TimerOptions options, Queue<String> failures, AtomicLong verified)
      throws InterruptedException {
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      long period = PERIODS_MS[random.nextInt(PERIODS_MS.length)] * MS;
      boolean raw = random.nextBoolean();
      Probe probe = new Probe(period, raw);
      Flux<Long> flux =
          raw
              ? TimerFlux.expirations(Duration.ofNanos(period), Duration.ofNanos(period), options)
              : TimerFlux.interval(Duration.ofNanos(period), Duration.ofNanos(period), options);
      flux.subscribe(probe);
      probe.subscribedAfter = System.nanoTime();
      probes.add(probe);
    }
    // Random phase: requests of every size, long stretches without demand, early cancels.
    long phaseEnd = System.nanoTime() + (100 + random.nextInt(300)) * MS;
    List<Probe> cancelled = new ArrayList<>();
    while (System.nanoTime() < phaseEnd) {
      Probe probe = probes.get(random.nextInt(probes.size()));
      int action = random.nextInt(10);
      if (action < 6) {
        probe.request(1 + random.nextInt(5));
      } else if (action < 7 && !probe.cancelled) {
        probe.stop();
        cancelled.add(probe);
      }
      Thread.sleep(0, random.nextInt(500_000));
    }
    // Final phase: unbounded demand, so every expiration counted by the kernel arrives.
    long maxPeriod = 0;
    for (Probe probe : probes) {
      if (!probe.cancelled) {
        probe.request(Long.MAX_VALUE);
        maxPeriod = Math.max(maxPeriod, probe.periodNanos);
      }
    }
    Thread.sleep(Math.max(3 * maxPeriod / MS, 30));
    for (Probe probe : probes) {
      if (probe.cancelled) {
        continue;
      }
      verify(probe, failures);
      verified.incrementAndGet();
      probe.stop();
    }
    Thread.sleep(20);
    for (Probe probe : probes) {
      // One delivery may already be under way on the loop thread when cancel() is called (Reactive
      // Streams allows it); a timer that kept firing into a cancelled subscriber would show more.
      if (probe.afterCancel.get() > 1) {
        failures.add(probe.afterCancel.get() + " signals after cancel for " + describe(probe));
      }
      if (probe.error != null) {
        failures.add("error " + probe.error + " for " + describe(probe));
      }
      if (probe.outOfOrder.get() > 0) {
        failures.add("indices out of order for " + describe(probe));
      }
    }
  }

  /** Delivered ticks must reach elapsed/period minus one, and never exceed elapsed/period. */
  private static void verify(Probe probe, Queue<String> failures) throws InterruptedException {
    long at = System.nanoTime();
    long fewest = (at - probe.subscribedAfter) / probe.periodNanos - 1;
    long waitUntil = System.nanoTime() + 5_000 * MS;
    while (probe.ticks.get() < fewest && System.nanoTime() < waitUntil) {
      Thread.sleep(1);
    }
    long got = probe.ticks.get();
    long most = (System.nanoTime() - probe.subscribedBefore) / probe.periodNanos;
    if (got < fewest || got > most) {
      failures.add(
          "delivered "
              + got
              + " ticks, expected "
              + fewest
              + ".."
              + most
              + " for "
              + describe(probe));
    }
  }

  private static String describe(Probe probe) {
    return (probe.raw ? "expirations" : "interval") + " every " + probe.periodNanos / MS + " ms";
  }

  private static int timerThreads() {
    int count = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("timerfd4j-loop")) {
        count++;
      }
    }
    return count;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
