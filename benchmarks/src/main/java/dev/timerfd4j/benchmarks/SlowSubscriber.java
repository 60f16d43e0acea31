package dev.timerfd4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One timer at {@code period} feeding a subscriber that needs 5 periods per item, through the same
 * chain for every source: {@code source.publishOn(single, 1).doOnNext(work).subscribe()}. Reports
 * what was delivered, how many ticks that covers, the error if any, and the heap growth.
 * Flux.interval cannot wait for demand and errors; timerfd4j pauses its timer and the kernel keeps
 * counting. The executor variant hands each tick to a worker thread, whose queue grows instead.
 */
final class SlowSubscriber {

  private static final int WORK_PERIODS = 5;

  private SlowSubscriber() {}

  static Map<String, String> run(Settings settings) throws Exception {
    long period = settings.periodNanos();
    long work = period * WORK_PERIODS;
    AtomicLong delivered = new AtomicLong();
    AtomicLong covered = new AtomicLong();
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicLong errorAt = new AtomicLong();
    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    Map<String, String> out = settings.result(settings.competitor(), 1, period);
    if (settings.competitor().equals(ExecutorCompetitor.NAME)) {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
      ThreadPoolExecutor worker =
          new ThreadPoolExecutor(1, 1, 0, TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>());
      AtomicLong ticks = new AtomicLong();
      timer.scheduleAtFixedRate(
          () -> {
            ticks.incrementAndGet();
            worker.execute(
                () -> {
                  LockSupport.parkNanos(work);
                  delivered.incrementAndGet();
                  covered.incrementAndGet();
                });
          },
          period,
          period,
          TimeUnit.NANOSECONDS);
      ScenarioRunner.sleepUntil(start + settings.durationNanos());
      timer.shutdownNow();
      out.put("queued", Integer.toString(worker.getQueue().size()));
      worker.shutdownNow();
    } else {
      Scheduler consumer = Schedulers.newSingle("slow-consumer", true);
      Flux<Long> source = source(settings.competitor(), Duration.ofNanos(period));
      boolean counts = settings.competitor().endsWith("expirations");
      Disposable subscription =
          source
              .publishOn(consumer, 1)
              .doOnNext(
                  value -> {
                    LockSupport.parkNanos(work);
                    delivered.incrementAndGet();
                    if (counts) {
                      covered.addAndGet(value);
                    } else {
                      covered.set(value + 1);
                    }
                  })
              .subscribe(
                  value -> {},
                  e -> {
                    errorAt.set(System.nanoTime() - start);
                    error.set(e);
                  });
      ScenarioRunner.sleepUntil(start + settings.durationNanos());
      subscription.dispose();
      consumer.dispose();
    }
    long elapsed = System.nanoTime() - start;
    long heapAfter = usedHeapAfterGc();
    out.put("duration_ns", Long.toString(elapsed));
    out.put("delivered", Long.toString(delivered.get()));
    out.put("covered_ticks", Long.toString(covered.get()));
    out.put("expected", Long.toString(elapsed / period));
    out.put("heap_growth_b", Long.toString(heapAfter - heapBefore));
    Throwable e = error.get();
    out.put("errors", e == null ? "0" : "1");
    if (e != null) {
      out.put("error", e.getClass().getSimpleName());
      out.put("error_after_ms", Long.toString(errorAt.get() / 1_000_000));
    }
    return out;
  }

  private static Flux<Long> source(String competitor, Duration period) {
    return FluxCompetitors.slowSource(competitor, period);
  }

  private static long usedHeapAfterGc() {
    System.gc();
    LockSupport.parkNanos(50_000_000L);
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
