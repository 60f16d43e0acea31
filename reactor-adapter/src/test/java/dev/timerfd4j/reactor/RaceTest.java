package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.testing.FdCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.util.RaceTestUtils;

/** Races between the timer thread and subscriber threads, thousands of rounds each. */
@Timeout(60)
class RaceTest {

  private static final Duration FAST = Duration.ofNanos(200_000);

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void requestRacingPauseNeverStallsAndNeverSkips(TimerBackend backend) {
    Recorder recorder = new Recorder(0);
    TimerFlux.interval(Duration.ZERO, FAST, TimerOptions.builder().backend(backend).build())
        .subscribe(recorder);
    try {
      for (int round = 1; round <= 2_000; round++) {
        RaceTestUtils.race(() -> recorder.request(1), () -> recorder.request(1));
        // A resume lost to a concurrent pause would stall here.
        awaitAtLeast(recorder::received, 2L * round);
      }
      assertThat(recorder.error.get()).isNull();
      assertThat(recorder.outOfOrder.get()).isZero();
      // All demand served: the timer must end up paused (the kernel counts, nobody reads).
      TickSource source = ((FluxTimerFd.TimerSubscription) recorder.subscription()).source;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!source.isPaused() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(100_000);
      }
      assertThat(source.isPaused()).isTrue();
      // And one more request resumes it.
      long before = recorder.received();
      recorder.request(1);
      awaitAtLeast(recorder::received, before + 1);
    } finally {
      recorder.dispose();
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void cancelRacingEmission(TimerBackend backend) throws InterruptedException {
    TimerOptions options = TimerOptions.builder().backend(backend).build();
    // Warm up first: the shared loop's epoll and eventfd, scheduler threads, race threads.
    RaceTestUtils.race(() -> {}, () -> {});
    TimerFlux.interval(Duration.ZERO, FAST, options).take(3).blockLast(Duration.ofSeconds(10));
    int baseline = FdCount.now();
    List<Recorder> recorders = new ArrayList<>();
    for (int round = 0; round < 2_000; round++) {
      Recorder recorder = new Recorder(1);
      TimerFlux.interval(Duration.ZERO, FAST, options).subscribe(recorder);
      awaitAtLeast(recorder::received, 1);
      // The request resumes the timer and drains on this thread while the timer thread emits.
      RaceTestUtils.race(() -> recorder.request(Long.MAX_VALUE), recorder::dispose);
      recorders.add(recorder);
    }
    long[] snapshot = recorders.stream().mapToLong(Recorder::received).toArray();
    Thread.sleep(50);
    for (int i = 0; i < recorders.size(); i++) {
      Recorder recorder = recorders.get(i);
      assertThat(recorder.error.get()).isNull();
      assertThat(recorder.outOfOrder.get()).isZero();
      assertThat(recorder.received()).as("items after cancel, round %d", i).isEqualTo(snapshot[i]);
    }
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(20));
  }

  private static void awaitAtLeast(LongSupplier value, long target) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value.getAsLong() < target) {
      assertThat(System.nanoTime()).as("waiting for %d items", target).isLessThan(deadline);
      LockSupport.parkNanos(20_000);
    }
  }

  /** Counts items and checks they are 0, 1, 2, … in order. */
  private static final class Recorder extends BaseSubscriber<Long> {
    final long initialRequest;
    final AtomicLong next = new AtomicLong();
    final AtomicLong outOfOrder = new AtomicLong();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    volatile Subscription subscription;

    Recorder(long initialRequest) {
      this.initialRequest = initialRequest;
    }

    Subscription subscription() {
      return subscription;
    }

    long received() {
      return next.get();
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      this.subscription = subscription;
      if (initialRequest > 0) {
        request(initialRequest);
      }
    }

    @Override
    protected void hookOnNext(Long value) {
      if (value != next.getAndIncrement()) {
        outOfOrder.incrementAndGet();
      }
    }

    @Override
    protected void hookOnError(Throwable throwable) {
      error.set(throwable);
    }
  }
}
