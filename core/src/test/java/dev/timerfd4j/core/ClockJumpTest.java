package dev.timerfd4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timerfd4j.testing.RecordingHandler;
import dev.timerfd4j.testing.WallClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The kernel's clock-was-set event, fired by setting CLOCK_REALTIME to its own current value: no
 * real jump, but every TIMER_CANCEL_ON_SET timer is cancelled. Needs root or CAP_SYS_TIME; skipped
 * with the reason otherwise.
 */
class ClockJumpTest {

  private static final long HOUR = 3_600_000_000_000L;

  @Test
  void aCancelOnSetTimerReportsTheClockChangeAndTheOthersDoNot() {
    try (TimerFd cancelOnSet = TimerFd.create(ClockId.REALTIME, true);
        TimerFd absolute = TimerFd.create(ClockId.REALTIME, true);
        TimerFd monotonic = TimerFd.create(ClockId.MONOTONIC, true)) {
      long inAnHour = ClockId.REALTIME.nowNanos() + HOUR;
      cancelOnSet.setTimeNanos(
          inAnHour, 0, SetTimeFlag.TIMER_ABSTIME, SetTimeFlag.TIMER_CANCEL_ON_SET);
      absolute.setTimeNanos(inAnHour, 0, SetTimeFlag.TIMER_ABSTIME);
      monotonic.setTime(Duration.ofHours(1), Duration.ZERO);

      assertThat(cancelOnSet.read()).as("nothing happened yet").isZero();
      WallClock.setToItself();

      assertThatThrownBy(cancelOnSet::read)
          .isInstanceOfSatisfying(
              ClockChangedException.class, e -> assertThat(e.errnoName()).isEqualTo("ECANCELED"))
          .hasMessageStartingWith("read: ECANCELED (Operation canceled)");
      assertThat(cancelOnSet.read()).as("reported once per change").isZero();
      assertThat(cancelOnSet.getTime().isArmed()).as("the timer stays armed").isTrue();
      assertThat(absolute.read()).isZero();
      assertThat(monotonic.read()).isZero();
    }
  }

  @Test
  void theLoopDeliversTheClockChangeOnlyToTheCancelOnSetRegistration() throws Exception {
    try (TimerLoop loop = TimerLoop.create()) {
      RecordingHandler onSet = new RecordingHandler();
      RecordingHandler plain = new RecordingHandler();
      RecordingHandler monotonic = new RecordingHandler();
      long inAnHour = ClockId.REALTIME.nowNanos() + HOUR;

      TimerFd cancelOnSet = TimerFd.create(ClockId.REALTIME, true);
      cancelOnSet.setTimeNanos(
          inAnHour, 0, SetTimeFlag.TIMER_ABSTIME, SetTimeFlag.TIMER_CANCEL_ON_SET);
      Registration watched = loop.register(cancelOnSet, onSet);
      TimerFd absolute = TimerFd.create(ClockId.REALTIME, true);
      absolute.setTimeNanos(inAnHour, 0, SetTimeFlag.TIMER_ABSTIME);
      loop.register(absolute, plain);
      TimerFd mono = TimerFd.create(ClockId.MONOTONIC, true);
      mono.setTime(Duration.ofMillis(20), Duration.ofMillis(20));
      loop.register(mono, monotonic);
      Thread.sleep(50);

      WallClock.setToItself();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (onSet.clockChanges.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(50);
      assertThat(onSet.clockChanges.get()).isEqualTo(1);
      assertThat(onSet.error.get()).isNull();
      assertThat(watched.isCancelled())
          .as("a clock change does not end the registration")
          .isFalse();
      assertThat(plain.clockChanges.get()).isZero();
      assertThat(monotonic.clockChanges.get()).isZero();
      assertThat(monotonic.total.get()).isPositive();
    }
  }
}
