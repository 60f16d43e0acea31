package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timerfd4j.core.ClockId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input fails at assembly time, naming the argument; nothing is subscribed. */
@Timeout(60)
class ValidationTest {

  private static final Duration ONE = Duration.ofSeconds(1);
  private static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE);

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> TimerFlux.interval(null)).hasMessage("period");
    assertThatThrownBy(() -> TimerFlux.interval(null, ONE)).hasMessage("delay");
    assertThatThrownBy(() -> TimerFlux.interval(ONE, ONE, null)).hasMessage("options");
    assertThatThrownBy(() -> TimerFlux.expirations(null)).hasMessage("period");
    assertThatThrownBy(() -> TimerFlux.delay(null)).hasMessage("delay");
    assertThatThrownBy(() -> TimerFlux.delay(ONE, null)).hasMessage("options");
    assertThatThrownBy(() -> TimerFlux.at(null)).hasMessage("deadline");
    assertThatThrownBy(() -> TimerFlux.intervalAt(null, ONE)).hasMessage("start");
    assertThatThrownBy(() -> TimerFlux.intervalAt(Instant.now(), null)).hasMessage("period");
    assertThatThrownBy(() -> TimerOptions.builder().clock(null)).hasMessage("clock");
    assertThatThrownBy(() -> TimerOptions.builder().loop(null)).hasMessage("loop");
    assertThatThrownBy(() -> TimerOptions.builder().missedTicks(null)).hasMessage("missedTicks");
    assertThatThrownBy(() -> TimerOptions.builder().clockJump(null)).hasMessage("clockJump");
  }

  @Test
  void zeroAndNegativePeriodsAreRejected() {
    assertThatThrownBy(() -> TimerFlux.interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("period must be positive");
    assertThatThrownBy(() -> TimerFlux.expirations(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("period must not be negative");
    assertThatThrownBy(() -> TimerFlux.intervalAt(Instant.now(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("period");
  }

  @Test
  void negativeDelaysAreRejectedButZeroIsFine() {
    assertThatThrownBy(() -> TimerFlux.interval(Duration.ofNanos(-1), ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("delay");
    assertThatThrownBy(() -> TimerFlux.delay(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("delay");
    assertThatNoException().isThrownBy(() -> TimerFlux.interval(Duration.ZERO, ONE));
    assertThatNoException().isThrownBy(() -> TimerFlux.delay(Duration.ZERO));
  }

  @Test
  void durationsBeyondLongNanosAreRejected() {
    assertThatThrownBy(() -> TimerFlux.interval(TOO_LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("period is too long");
    assertThatThrownBy(() -> TimerFlux.interval(TOO_LONG, ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("delay is too long");
    assertThatThrownBy(() -> TimerFlux.delay(TOO_LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("delay is too long");
  }

  @Test
  void instantsWhoseEpochNanosOverflowAreRejected() {
    assertThatThrownBy(() -> TimerFlux.at(Instant.MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("deadline is out of range");
    assertThatThrownBy(() -> TimerFlux.at(Instant.parse("2263-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("deadline is out of range");
    assertThatThrownBy(() -> TimerFlux.intervalAt(Instant.MIN, ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start is out of range");
    assertThatThrownBy(() -> TimerFlux.intervalAt(Instant.parse("1960-01-01T00:00:00Z"), ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start must be after");
  }

  @Test
  void wallClockFactoriesNeedAWallClock() {
    TimerOptions boottime = TimerOptions.builder().clock(ClockId.BOOTTIME).build();
    assertThatThrownBy(() -> TimerFlux.at(Instant.now(), boottime))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("options.clock");
    assertThatThrownBy(() -> TimerFlux.intervalAt(Instant.now(), ONE, boottime))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("options.clock");
  }

  @Test
  void delayPolicyCannotApplyToAnAnchoredSchedule() {
    TimerOptions delay = TimerOptions.builder().missedTicks(MissedTickPolicy.DELAY).build();
    assertThatThrownBy(() -> TimerFlux.intervalAt(Instant.now(), ONE, delay))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("options.missedTicks");
  }
}
