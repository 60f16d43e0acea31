package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.TimerFd;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.util.LoggerUtils;
import reactor.test.util.TestLogger;

/**
 * The fallback as users get it: run by the surefire execution {@code fallback}, in a JVM started
 * with {@code -Dtimerfd4j.forceUnavailable=true}, without any forced backend.
 */
@Timeout(60)
@EnabledIfSystemProperty(named = "timerfd4j.forceUnavailable", matches = "true")
class FallbackBackendTest {

  private static final TestLogger LOG = new TestLogger(false);

  @BeforeAll
  static void captureLogs() {
    // Before TimerBackend is loaded, so that its logger is a capturing one.
    LoggerUtils.useCurrentLoggersWithCapture();
    LoggerUtils.enableCaptureWith(LOG);
  }

  @Test
  void fallsBackWithOneWarningAndTheSameSemantics() {
    assertThat(TimerFd.isAvailable()).isFalse();
    assertThat(TimerFlux.backend()).isEqualTo(TimerBackend.FALLBACK);
    assertThat(TimerFlux.backend()).isEqualTo(TimerBackend.FALLBACK);

    StepVerifier.create(
            TimerFlux.interval(Duration.ZERO, Duration.ofMillis(20))
                .map(i -> Schedulers.isInNonBlockingThread() ? i : -1)
                .take(3))
        .expectNext(0L, 1L, 2L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    StepVerifier.create(TimerFlux.expirations(Duration.ofMillis(10)), 0)
        .expectSubscription()
        .thenAwait(Duration.ofMillis(200))
        .thenRequest(1)
        .assertNext(count -> assertThat(count).isGreaterThanOrEqualTo(15L))
        .thenCancel()
        .verify(Duration.ofSeconds(10));
    StepVerifier.create(TimerFlux.delay(Duration.ofMillis(10)))
        .expectNext(0L)
        .expectComplete()
        .verify(Duration.ofSeconds(10));

    String warnings = LOG.getErrContent();
    assertThat(warnings).contains("timerfd is not available");
    assertThat(warnings.split("timerfd is not available", -1)).hasSize(2); // exactly once
  }
}
