package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Every factory under {@code StepVerifier.withVirtualTime}: deterministic, no real waiting. */
@Timeout(60)
class VirtualTimeTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void backendIsVirtualInsideVirtualTime() {
    VirtualTimeScheduler.getOrSet();
    try {
      assertThat(TimerFlux.backend()).isEqualTo(TimerBackend.VIRTUAL);
    } finally {
      VirtualTimeScheduler.reset();
    }
    assertThat(TimerFlux.backend()).isEqualTo(TimerBackend.NATIVE);
  }

  @Test
  void intervalTicksOnePeriodApart() {
    StepVerifier.withVirtualTime(() -> TimerFlux.interval(SECOND).take(3))
        .expectSubscription()
        .expectNoEvent(SECOND)
        .expectNext(0L)
        .expectNoEvent(SECOND)
        .expectNext(1L)
        .thenAwait(SECOND)
        .expectNext(2L)
        .verifyComplete();
  }

  @Test
  void intervalWithZeroDelayTicksAtOnce() {
    StepVerifier.withVirtualTime(() -> TimerFlux.interval(Duration.ZERO, SECOND).take(2))
        .expectSubscription()
        .expectNext(0L)
        .expectNoEvent(SECOND)
        .expectNext(1L)
        .verifyComplete();
  }

  @Test
  void intervalBurstCatchesUpOnRequest() {
    StepVerifier.withVirtualTime(() -> TimerFlux.interval(SECOND), 0)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(10))
        .thenRequest(3)
        .expectNext(0L, 1L, 2L)
        .thenRequest(7)
        .expectNext(3L, 4L, 5L, 6L, 7L, 8L, 9L)
        .thenRequest(1)
        .expectNoEvent(Duration.ofMillis(999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(10L)
        .thenCancel()
        .verify();
  }

  @Test
  void intervalSkipJumpsToTheLatestIndex() {
    TimerOptions skip = TimerOptions.builder().missedTicks(MissedTickPolicy.SKIP).build();
    StepVerifier.withVirtualTime(() -> TimerFlux.interval(SECOND, SECOND, skip), 1)
        .expectSubscription()
        .thenAwait(SECOND)
        .expectNext(0L)
        .thenAwait(Duration.ofSeconds(10))
        .thenRequest(1)
        .expectNext(10L)
        .thenCancel()
        .verify();
  }

  @Test
  void intervalDelayRephasesFromTheLateTick() {
    TimerOptions delay = TimerOptions.builder().missedTicks(MissedTickPolicy.DELAY).build();
    StepVerifier.withVirtualTime(() -> TimerFlux.interval(SECOND, SECOND, delay), 1)
        .expectSubscription()
        .thenAwait(SECOND)
        .expectNext(0L)
        .thenAwait(Duration.ofMillis(5_500)) // now 6.5 s: ticks at 2..6 s were missed
        .thenRequest(2)
        .expectNext(1L)
        .expectNoEvent(Duration.ofMillis(999)) // re-phased: next at 7.5 s, not 7 s
        .thenAwait(Duration.ofMillis(1))
        .expectNext(2L)
        .thenCancel()
        .verify();
  }

  @Test
  void expirationsCountWhatWasMissed() {
    StepVerifier.withVirtualTime(() -> TimerFlux.expirations(SECOND), 0)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(10))
        .thenRequest(1)
        .expectNext(10L)
        .thenRequest(1)
        .expectNoEvent(Duration.ofMillis(999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(1L)
        .thenCancel()
        .verify();
  }

  @Test
  void delayEmitsZeroAfterTheDelay() {
    StepVerifier.withVirtualTime(() -> TimerFlux.delay(Duration.ofDays(1)))
        .expectSubscription()
        .expectNoEvent(Duration.ofDays(1))
        .expectNext(0L)
        .verifyComplete();
  }

  @Test
  void atMapsTheWallClockDeadlineOntoVirtualTime() {
    StepVerifier.withVirtualTime(() -> TimerFlux.at(Instant.now().plus(Duration.ofHours(1))))
        .expectSubscription()
        .expectNoEvent(Duration.ofMinutes(59))
        .thenAwait(Duration.ofMinutes(1))
        .expectNext(0L)
        .verifyComplete();
  }

  @Test
  void intervalAtCountsFromTheAnchor() {
    long[] expected = LongStream.rangeClosed(0, 5).toArray();
    StepVerifier.withVirtualTime(
            () -> TimerFlux.intervalAt(Instant.now().minusSeconds(5).minusMillis(500), SECOND), 6)
        .expectSubscription()
        .expectNext(box(expected))
        .expectNoEvent(Duration.ofMillis(400))
        .thenCancel()
        .verify();
  }

  @Test
  void takeWithTimeoutInVirtualTime() {
    StepVerifier.withVirtualTime(
            () -> TimerFlux.interval(Duration.ofMinutes(1)).timeout(Duration.ofSeconds(30)))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(30))
        .expectError(java.util.concurrent.TimeoutException.class)
        .verify();
  }

  private static Long[] box(long[] values) {
    return LongStream.of(values).boxed().toArray(Long[]::new);
  }
}
