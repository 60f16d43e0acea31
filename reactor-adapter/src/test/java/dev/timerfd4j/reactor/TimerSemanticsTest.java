package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The semantic suite, run in real time against both backends in one JVM: the native timerfd and the
 * emulation that also serves virtual time. Bounds are generous: lower bounds on elapsed time are
 * exact, upper bounds loose.
 */
@Timeout(60)
class TimerSemanticsTest {

  private static TimerOptions on(TimerBackend backend) {
    return TimerOptions.builder().backend(backend).build();
  }

  private static TimerOptions on(TimerBackend backend, MissedTickPolicy policy) {
    return TimerOptions.builder().backend(backend).missedTicks(policy).build();
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void intervalEmitsIndicesOnePeriodApart(TimerBackend backend) {
    long start = System.nanoTime();
    StepVerifier.create(
            TimerFlux.interval(Duration.ofMillis(50), Duration.ofMillis(50), on(backend)).take(4))
        .expectNext(0L, 1L, 2L, 3L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ms(200));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void zeroDelayTicksAtOnce(TimerBackend backend) {
    long start = System.nanoTime();
    StepVerifier.create(
            TimerFlux.interval(Duration.ZERO, Duration.ofSeconds(30), on(backend)).take(1))
        .expectNext(0L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void expirationsCountOnesWhenKeptUp(TimerBackend backend) {
    StepVerifier.create(
            TimerFlux.expirations(Duration.ZERO, Duration.ofMillis(100), on(backend)).take(3))
        .expectNext(1L, 1L, 1L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void expirationsAddUpWithoutDemand(TimerBackend backend) throws InterruptedException {
    // No demand for ~300 ms of a 10 ms timer: the next item carries the whole count.
    StepVerifier.create(
            TimerFlux.expirations(Duration.ofMillis(10), Duration.ofMillis(10), on(backend)), 0)
        .expectSubscription()
        .thenAwait(ms(300))
        .thenRequest(1)
        .assertNext(count -> assertThat(count).isBetween(20L, 10_000L))
        .thenCancel()
        .verify(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void delayEmitsZeroAfterTheDelay(TimerBackend backend) {
    long start = System.nanoTime();
    StepVerifier.create(TimerFlux.delay(ms(100), on(backend)))
        .expectNext(0L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ms(100));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void delayWaitsForDemand(TimerBackend backend) {
    StepVerifier.create(TimerFlux.delay(ms(10), on(backend)), 0)
        .expectSubscription()
        .thenAwait(ms(100))
        .expectNoEvent(Duration.ZERO)
        .thenRequest(1)
        .expectNext(0L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void atFiresAtTheWallClockDeadline(TimerBackend backend) {
    Instant deadline = Instant.now().plusMillis(150);
    StepVerifier.create(TimerFlux.at(deadline, on(backend)))
        .expectNext(0L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(Instant.now()).isAfterOrEqualTo(deadline);
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void atInThePastFiresAtOnce(TimerBackend backend) {
    StepVerifier.create(TimerFlux.at(Instant.now().minusSeconds(3600), on(backend)))
        .expectNext(0L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void intervalAtCountsTicksSinceAPastStart(TimerBackend backend) {
    // Started 1 s ago with a 100 ms period: about 10 ticks are due at once.
    Instant start = Instant.now().minusSeconds(1);
    StepVerifier.create(TimerFlux.intervalAt(start, ms(100), on(backend)).take(12))
        .expectNext(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void intervalAtSkipJumpsToTheCurrentIndex(TimerBackend backend) {
    Instant start = Instant.now().minusSeconds(1);
    StepVerifier.create(
            TimerFlux.intervalAt(start, ms(100), on(backend, MissedTickPolicy.SKIP)).take(1))
        .assertNext(index -> assertThat(index).isBetween(10L, 100L))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void burstEmitsEveryIndexInOrderAsDemandAllows(TimerBackend backend) {
    // A slow subscriber: one request per ~200 ms from a 10 ms timer.
    List<Long> seen = new CopyOnWriteArrayList<>();
    StepVerifier.create(TimerFlux.interval(ms(10), ms(10), on(backend, MissedTickPolicy.BURST)), 0)
        .expectSubscription()
        .thenRequest(1)
        .expectNext(0L)
        .thenAwait(ms(200))
        .thenRequest(1)
        .expectNext(1L)
        .thenAwait(ms(200))
        .thenRequest(1)
        .expectNext(2L)
        .thenRequest(20)
        .recordWith(() -> seen)
        .expectNextCount(20)
        .thenCancel()
        .verify(Duration.ofSeconds(10));
    // The backlog released at once, in order.
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i)).isEqualTo(3L + i);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void skipJumpsToTheLatestIndex(TimerBackend backend) {
    List<Long> seen = new CopyOnWriteArrayList<>();
    Flux<Long> ticks = TimerFlux.interval(ms(10), ms(10), on(backend, MissedTickPolicy.SKIP));
    StepVerifier.create(ticks.doOnNext(seen::add), 0)
        .expectSubscription()
        .thenRequest(1)
        .expectNextCount(1)
        .thenAwait(ms(200))
        .thenRequest(1)
        .expectNextCount(1)
        .thenAwait(ms(200))
        .thenRequest(1)
        .expectNextCount(1)
        .thenCancel()
        .verify(Duration.ofSeconds(10));
    assertThat(seen).hasSize(3);
    assertThat(seen.get(1) - seen.get(0)).isGreaterThanOrEqualTo(15);
    assertThat(seen.get(2) - seen.get(1)).isGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest
  @EnumSource(names = {"NATIVE", "FALLBACK"})
  void delayPolicyKeepsIndicesConsecutiveAndRephases(TimerBackend backend) {
    long[] stamps = new long[3];
    Flux<Long> ticks = TimerFlux.interval(ms(10), ms(100), on(backend, MissedTickPolicy.DELAY));
    StepVerifier.create(ticks, 0)
        .expectSubscription()
        .thenRequest(1)
        .expectNext(0L)
        .thenAwait(ms(450)) // misses about 4 ticks
        .thenRequest(1)
        .consumeNextWith(i -> stamps[0] = System.nanoTime())
        .then(() -> assertThat(stamps[0]).isPositive())
        .thenRequest(1)
        .consumeNextWith(i -> stamps[1] = System.nanoTime())
        .thenCancel()
        .verify(Duration.ofSeconds(10));
    // Re-phased: the tick after the late one comes a whole period later, not at once.
    assertThat(Duration.ofNanos(stamps[1] - stamps[0])).isGreaterThanOrEqualTo(ms(60));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
