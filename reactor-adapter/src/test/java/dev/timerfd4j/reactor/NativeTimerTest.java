package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.ClockChangedException;
import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.TimerFdException;
import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.core.TimerLoopClosedException;
import dev.timerfd4j.testing.FdCount;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Behaviour only the native backend has: real descriptors, the loop thread, kernel errors. */
@Timeout(60)
class NativeTimerTest {

  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void backendIsNativeHere() {
    assertThat(TimerFlux.backend()).isEqualTo(TimerBackend.NATIVE);
  }

  @Test
  void emitsOnTheNonBlockingLoopThread() {
    StepVerifier.create(TimerFlux.delay(MS).map(i -> Thread.currentThread()))
        .assertNext(
            thread -> {
              assertThat(thread.getName()).startsWith("timerfd4j-reactor-");
              assertThat(thread.isDaemon()).isTrue();
            })
        .verifyComplete();
    StepVerifier.create(TimerFlux.delay(MS).map(i -> Schedulers.isInNonBlockingThread()))
        .expectNext(true)
        .verifyComplete();
  }

  @Test
  void sharedLoopIsRecreatedAfterClose() {
    TimerLoop first = ReactorTimerLoop.shared();
    assertThat(ReactorTimerLoop.shared()).isSameAs(first);
    first.close();
    TimerLoop second = ReactorTimerLoop.shared();
    assertThat(second).isNotSameAs(first);
    assertThat(second.isClosed()).isFalse();
    assertThat(second.name()).startsWith("timerfd4j-reactor-");
    StepVerifier.create(TimerFlux.delay(MS)).expectNext(0L).verifyComplete();
  }

  @Test
  void blockOnTheLoopThreadFailsFast() {
    StepVerifier.create(TimerFlux.delay(MS).map(i -> Mono.never().block()))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("timerfd4j-reactor-"))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void descriptorsAreClosedByTakeTimeoutAndDispose() throws InterruptedException {
    warmUp();
    int baseline = FdCount.now();
    StepVerifier.create(TimerFlux.interval(MS).take(5)).expectNextCount(5).verifyComplete();
    StepVerifier.create(TimerFlux.interval(Duration.ofHours(1)).timeout(Duration.ofMillis(50)))
        .expectError(TimeoutException.class)
        .verify(Duration.ofSeconds(10));
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(10)); // take and timeout closed theirs
    Disposable disposable = TimerFlux.expirations(MS).subscribe();
    assertThat(FdCount.now()).as("the subscription's own timerfd").isEqualTo(baseline + 1);
    disposable.dispose();
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(10));
  }

  @Test
  void tenThousandSubscribeCancelCyclesLeakNoDescriptor() throws InterruptedException {
    warmUp();
    int baseline = FdCount.now();
    for (int i = 0; i < 10_000; i++) {
      Disposable d =
          (i & 1) == 0
              ? TimerFlux.interval(Duration.ZERO, MS).subscribe()
              : TimerFlux.delay(Duration.ofSeconds(1)).subscribe();
      d.dispose();
    }
    // Small slack: the JVM itself may open a jar or a socket meanwhile.
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(20));
  }

  @Test
  void aThrowingSubscriberLeavesTheOthersTicking() throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch failed = new CountDownLatch(1);
    TimerFlux.interval(Duration.ZERO, MS)
        .subscribe(
            i -> {
              throw new IllegalStateException("boom at " + i);
            },
            e -> {
              failure.set(e);
              failed.countDown();
            });
    AtomicLong others = new AtomicLong();
    Disposable other =
        TimerFlux.interval(Duration.ZERO, MS).subscribe(i -> others.incrementAndGet());
    try {
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(failure.get()).hasMessage("boom at 0");
      long before = others.get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (others.get() < before + 20 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(others.get()).isGreaterThanOrEqualTo(before + 20);
    } finally {
      other.dispose();
    }
  }

  @Test
  void rawCountsOfASlowSubscriberAddUp() {
    // One request per ~200 ms from a 10 ms timer: counts near 20, and they add up to the time.
    List<Long> counts = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    StepVerifier.create(TimerFlux.expirations(Duration.ofMillis(10)).doOnNext(counts::add), 0)
        .expectSubscription()
        .thenRequest(1)
        .expectNextCount(1)
        .thenAwait(Duration.ofMillis(200))
        .thenRequest(1)
        .expectNextCount(1)
        .thenAwait(Duration.ofMillis(200))
        .thenRequest(1)
        .expectNextCount(1)
        .thenCancel()
        .verify(Duration.ofSeconds(10));
    long elapsedTicks = (System.nanoTime() - start) / 10_000_000L;
    assertThat(counts.get(1)).isBetween(15L, 2_000L);
    assertThat(counts.get(2)).isBetween(15L, 2_000L);
    long sum = counts.stream().mapToLong(Long::longValue).sum();
    assertThat(sum).isBetween(40L, elapsedTicks + 1);
  }

  @Test
  void subscriptionIsScannable() {
    AtomicReference<Scannable> scanned = new AtomicReference<>();
    BaseSubscriber<Long> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            scanned.set(Scannable.from(subscription));
            request(3);
          }
        };
    TimerFlux.interval(Duration.ofHours(1)).subscribe(subscriber);
    Scannable s = scanned.get();
    assertThat(s.scan(Scannable.Attr.REQUESTED_FROM_DOWNSTREAM)).isEqualTo(3L);
    assertThat(s.scan(Scannable.Attr.CANCELLED)).isFalse();
    assertThat(s.scan(Scannable.Attr.TERMINATED)).isFalse();
    assertThat(s.scan(Scannable.Attr.RUN_STYLE)).isEqualTo(Scannable.Attr.RunStyle.ASYNC);
    assertThat(s.scan(Scannable.Attr.NAME)).isEqualTo("timerfd.interval");
    assertThat(s.scanUnsafe(Scannable.Attr.ACTUAL)).isSameAs(subscriber);
    assertThat(s.scan(Scannable.Attr.RUN_ON).scan(Scannable.Attr.NAME))
        .startsWith("timerfd4j-reactor-");
    subscriber.dispose();
    assertThat(s.scan(Scannable.Attr.CANCELLED)).isTrue();
    assertThat(Scannable.from(TimerFlux.interval(MS)).name()).isEqualTo("timerfd.interval");
  }

  @Test
  void alarmClocksTickOrFailWithTheKernelError() {
    TimerOptions alarm = TimerOptions.builder().clock(ClockId.BOOTTIME_ALARM).build();
    AtomicReference<Throwable> error = new AtomicReference<>();
    List<Long> items = new CopyOnWriteArrayList<>();
    TimerFlux.delay(MS, alarm)
        .doOnNext(items::add)
        .doOnError(error::set)
        .onErrorComplete()
        .block(Duration.ofSeconds(10));
    if (error.get() != null) {
      // Without CAP_WAKE_ALARM (or without an RTC) the kernel refuses; the error says so.
      assertThat(error.get()).isInstanceOf(TimerFdException.class);
      assertThat(((TimerFdException) error.get()).syscall()).isEqualTo("timerfd_create");
    } else {
      assertThat(items).containsExactly(0L);
    }
  }

  @Test
  void aClosedLoopFailsTheSubscriptionAndClosingEndsLiveOnes() {
    TimerLoop loop = ReactorTimerLoop.create();
    TimerOptions options = TimerOptions.builder().loop(loop).build();
    StepVerifier.create(TimerFlux.interval(Duration.ZERO, MS, options))
        .expectNextCount(3)
        .then(loop::close)
        .thenConsumeWhile(i -> true)
        .expectError(TimerLoopClosedException.class)
        .verify(Duration.ofSeconds(20));
    StepVerifier.create(TimerFlux.delay(MS, options))
        .expectError(TimerLoopClosedException.class)
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void runningOutOfDescriptorsIsAnErrorForThatSubscriptionOnly() throws Exception {
    warmUp();
    AtomicLong ticks = new AtomicLong();
    Disposable survivor =
        TimerFlux.interval(Duration.ZERO, MS).subscribe(i -> ticks.incrementAndGet());
    List<dev.timerfd4j.core.TimerFd> hog = new java.util.ArrayList<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try {
      try {
        while (hog.size() < 100_000) {
          hog.add(dev.timerfd4j.core.TimerFd.create(ClockId.MONOTONIC, true));
        }
      } catch (TimerFdException expected) {
        assertThat(expected.errnoName()).isIn("EMFILE", "ENFILE");
      }
      TimerFlux.delay(MS)
          .subscribe(
              i -> {},
              e -> {
                error.set(e);
                done.countDown();
              },
              done::countDown);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      hog.forEach(dev.timerfd4j.core.TimerFd::close);
    }
    assertThat(error.get()).isInstanceOf(TimerFdException.class).hasMessageContaining("EMFILE");
    assertThat(((TimerFdException) error.get()).syscall()).isEqualTo("timerfd_create");
    long before = ticks.get();
    Thread.sleep(50);
    assertThat(ticks.get()).isGreaterThan(before);
    survivor.dispose();
    StepVerifier.create(TimerFlux.delay(MS)).expectNext(0L).verifyComplete();
  }

  @Test
  void clockJumpPolicyErrorEndsWithClockChangedException() throws InterruptedException {
    // The kernel's ECANCELED needs a clock_settime; the handler path is driven directly here.
    AtomicReference<Throwable> error = new AtomicReference<>();
    TimerOptions options = TimerOptions.builder().clockJump(ClockJumpPolicy.ERROR).build();
    TimerSpec spec = new TimerSpec(ClockId.REALTIME, Long.MAX_VALUE / 2, 0, true, options);
    warmUp();
    int baseline = FdCount.now();
    NativeTickSource source =
        new NativeTickSource(
            spec,
            new TickListener() {
              @Override
              public void onTicks(long count) {}

              @Override
              public void onTickError(Throwable e) {
                error.set(e);
              }
            });
    source.resume();
    source.start();
    source.onClockChanged();
    assertThat(error.get()).isInstanceOf(ClockChangedException.class);
    assertThat(((TimerFdException) error.get()).errnoName()).isEqualTo("ECANCELED");
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(10));
  }

  @Test
  void clockJumpRearmKeepsTheAbsoluteScheduleWithoutCountingTwice() throws InterruptedException {
    // The loop calls onClockChanged on its own thread after ECANCELED; here the first delivery
    // triggers it on that same thread. Re-arming at the original start would count again every
    // tick since then (about 20 more); re-arming at the next undelivered tick counts each once.
    long periodNanos = 50_000_000L;
    long startEpochNanos = epochNanos() - 1_000_000_000L;
    TimerSpec spec =
        new TimerSpec(
            ClockId.REALTIME, startEpochNanos, periodNanos, true, TimerOptions.defaults());
    AtomicLong total = new AtomicLong();
    AtomicReference<NativeTickSource> source = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    source.set(
        new NativeTickSource(
            spec,
            new TickListener() {
              @Override
              public void onTicks(long count) {
                if (total.getAndAdd(count) == 0) {
                  source.get().onClockChanged();
                }
              }

              @Override
              public void onTickError(Throwable e) {
                error.set(e);
              }
            }));
    source.get().resume();
    source.get().start();
    Thread.sleep(300);
    source.get().cancel();
    long dueNow = (epochNanos() - startEpochNanos) / periodNanos + 1;
    assertThat(error.get()).isNull();
    assertThat(total.get()).isGreaterThanOrEqualTo(20).isLessThanOrEqualTo(dueNow);
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static void warmUp() {
    StepVerifier.create(TimerFlux.interval(Duration.ZERO, MS).take(2))
        .expectNextCount(2)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    StepVerifier.create(TimerFlux.delay(MS)).expectNext(0L).verifyComplete();
  }
}
