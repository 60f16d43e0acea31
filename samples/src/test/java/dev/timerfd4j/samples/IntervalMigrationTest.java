package dev.timerfd4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.samples.IntervalMigration.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class IntervalMigrationTest {

  private static final Duration PERIOD = Duration.ofMillis(10);
  private static final Duration WORK = Duration.ofMillis(50);
  private static final Duration DURATION = Duration.ofSeconds(1);

  @Test
  @Timeout(30)
  void fluxIntervalOverflowsOnTheSlowConsumer() {
    StepVerifier.create(IntervalMigration.slowConsumer(Flux.interval(PERIOD), WORK))
        .thenConsumeWhile(tick -> true)
        .expectErrorMatches(Exceptions::isOverflow)
        .verify(Duration.ofSeconds(20));

    Outcome outcome = IntervalMigration.onFluxInterval(PERIOD, WORK, DURATION);
    assertThat(outcome.error()).matches(Exceptions::isOverflow, "is an OverflowException");
    assertThat(outcome.error()).hasMessageContaining("Could not emit tick");
    // It failed long before the run was over, with no more than its buffer processed.
    assertThat(outcome.items()).isLessThanOrEqualTo(IntervalMigration.PREFETCH + 1);
  }

  @Test
  @Timeout(30)
  void timerFluxExpirationsKeepsGoingAndCoalescesTicks() {
    Outcome outcome = IntervalMigration.onTimerFluxExpirations(PERIOD, WORK, DURATION);

    assertThat(outcome.error()).isNull();
    assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(DURATION);
    // Far more than the buffer: the pipeline did not stop.
    assertThat(outcome.items()).isGreaterThan(IntervalMigration.PREFETCH + 1L);
    // Each item is one read of the timer; the slow consumer made the kernel fold ticks together.
    assertThat(outcome.coalesced()).isPositive();
    // The counts are real kernel expirations: never more than the time allows.
    assertThat(outcome.ticks()).isLessThanOrEqualTo(outcome.elapsed().toNanos() / PERIOD.toNanos());
    // ... and, however late the reads were, they add up to most of the ticks of the run.
    assertThat(outcome.ticks()).isGreaterThanOrEqualTo(DURATION.toNanos() / PERIOD.toNanos() / 2);
  }

  @Test
  @Timeout(30)
  void timerFluxIntervalDeliversEveryIndexInOrder() {
    Outcome outcome = IntervalMigration.onTimerFluxInterval(PERIOD, WORK, DURATION);

    assertThat(outcome.error()).isNull();
    assertThat(outcome.items()).isGreaterThan(IntervalMigration.PREFETCH + 1L);
    // 0, 1, 2, ... with none skipped: the last index is the number of items minus one.
    assertThat(outcome.lastValue()).isEqualTo(outcome.items() - 1);
  }

  @Test
  @Timeout(30)
  void printsOneReportPerPipeline() {
    CapturedOutput output = new CapturedOutput();
    IntervalMigration.run(PERIOD, WORK, Duration.ofMillis(500), output.stream());

    List<String> lines = output.lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith("Flux.interval(10 ms)")
        .contains("FAILED", "Could not emit tick");
    assertThat(lines.get(1))
        .startsWith("TimerFlux.expirations(10 ms)")
        .contains("kept going", "coalesced");
    assertThat(lines.get(2))
        .startsWith("TimerFlux.interval(10 ms)")
        .contains("kept going", "in order");
  }
}
