package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.ClockChangedException;
import dev.timerfd4j.testing.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * A clock-was-set event (CLOCK_REALTIME set to its own value) with live subscriptions: each
 * wall-clock subscription follows its {@link ClockJumpPolicy}; monotonic ones are untouched.
 */
class WallClockJumpTest {

  @Test
  void everyWallClockSubscriptionFollowsItsPolicyAndMonotonicOnesAreUntouched()
      throws InterruptedException {
    TimerOptions error = TimerOptions.builder().clockJump(ClockJumpPolicy.ERROR).build();
    Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
    Instant soon = Instant.now().plusMillis(600);

    AtomicReference<Throwable> deadlineError = new AtomicReference<>();
    AtomicReference<Throwable> periodError = new AtomicReference<>();
    AtomicReference<Throwable> rearmError = new AtomicReference<>();
    AtomicReference<Throwable> monotonicError = new AtomicReference<>();
    List<Long> rearmedDeadline = new CopyOnWriteArrayList<>();
    List<Long> rearmedPeriod = new CopyOnWriteArrayList<>();
    List<Long> monotonic = new CopyOnWriteArrayList<>();

    Disposable.Composite all = Disposables.composite();
    all.add(TimerFlux.at(inAnHour, error).subscribe(v -> {}, deadlineError::set));
    all.add(
        TimerFlux.intervalAt(Instant.now(), Duration.ofMillis(50), error)
            .subscribe(v -> {}, periodError::set));
    all.add(TimerFlux.at(soon).subscribe(rearmedDeadline::add, rearmError::set));
    all.add(
        TimerFlux.intervalAt(Instant.now(), Duration.ofMillis(50))
            .subscribe(rearmedPeriod::add, rearmError::set));
    all.add(
        TimerFlux.interval(Duration.ofMillis(50)).subscribe(monotonic::add, monotonicError::set));
    try {
      Thread.sleep(200);
      int periodBefore = rearmedPeriod.size();
      int monotonicBefore = monotonic.size();

      WallClock.setToItself();
      Thread.sleep(800);

      assertThat(deadlineError.get())
          .as("ERROR policy, one-shot deadline")
          .isInstanceOf(ClockChangedException.class)
          .hasMessageContaining("ECANCELED");
      assertThat(periodError.get())
          .as("ERROR policy, periodic")
          .isInstanceOf(ClockChangedException.class);
      assertThat(rearmError.get()).as("REARM policy: no error").isNull();
      assertThat(rearmedDeadline).as("REARM: the deadline still fires").containsExactly(0L);
      assertThat(rearmedPeriod.size())
          .as("REARM: the period goes on")
          .isGreaterThan(periodBefore + 5);
      for (int i = 0; i < rearmedPeriod.size(); i++) {
        assertThat(rearmedPeriod.get(i)).as("indices stay in order after the re-arm").isEqualTo(i);
      }
      assertThat(monotonicError.get()).isNull();
      assertThat(monotonic.size()).isGreaterThan(monotonicBefore + 5);
    } finally {
      all.dispose();
    }
  }
}
