package dev.timerfd4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TimerFd against real kernel timers: the Linux rules and the HOWTO's behaviours. */
class TimerFdTest {

  private static final long MS = 1_000_000L;

  @Test
  void blockingReadWaitsForTheFirstExpiration() {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC)) {
      long start = System.nanoTime();
      timer.setTime(Duration.ofMillis(100), Duration.ZERO);
      long count = timer.read();
      long elapsed = System.nanoTime() - start;
      assertThat(count).isEqualTo(1);
      assertThat(elapsed).isGreaterThanOrEqualTo(100 * MS).isLessThan(5_000 * MS);
    }
  }

  @Test
  void nonBlockingReadBeforeExpiryReturnsZero() {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true)) {
      assertThat(timer.isNonBlocking()).isTrue();
      timer.setTime(Duration.ofSeconds(10), Duration.ZERO);
      assertThat(timer.read()).isZero();
    }
  }

  @Test
  void readAfterSeveralMissedPeriodsReturnsTheirNumber() throws InterruptedException {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true)) {
      long start = System.nanoTime();
      timer.setTime(Duration.ofMillis(20), Duration.ofMillis(20));
      Thread.sleep(210);
      long count = timer.read();
      long elapsed = System.nanoTime() - start;
      // At least 10 periods passed; no more than elapsed/period can have.
      assertThat(count).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(elapsed / (20 * MS));
      assertThat(timer.read()).as("the count resets after a read").isLessThanOrEqualTo(1);
    }
  }

  @Test
  void setTimeReturnsThePreviousSettingAndGetTimeTheCurrentOne() {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true)) {
      assertThat(timer.getTime()).isEqualTo(TimerSetting.DISARMED);
      TimerSetting previous = timer.setTime(Duration.ofSeconds(5), Duration.ofSeconds(2));
      assertThat(previous).isEqualTo(TimerSetting.DISARMED);

      TimerSetting current = timer.getTime();
      assertThat(current.isArmed()).isTrue();
      assertThat(current.nextExpiration())
          .isPositive()
          .isLessThanOrEqualTo(Duration.ofSeconds(5))
          .isGreaterThan(Duration.ofSeconds(4));
      assertThat(current.interval()).isEqualTo(Duration.ofSeconds(2));

      previous = timer.setTimeNanos(7 * 1_000 * MS, 3 * 1_000 * MS);
      assertThat(previous.intervalNanos()).isEqualTo(2_000 * MS);
      assertThat(previous.nextExpirationNanos()).isPositive().isLessThanOrEqualTo(5_000 * MS);
    }
  }

  @Test
  void initialZeroDisarmsAndKeepsTheGivenInterval() {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true)) {
      timer.setTime(Duration.ofMillis(1), Duration.ofMillis(1));
      timer.setTime(Duration.ZERO, Duration.ofMillis(250));
      TimerSetting setting = timer.getTime();
      assertThat(setting.isArmed()).isFalse();
      assertThat(setting.nextExpirationNanos()).isZero();
      assertThat(setting.interval()).isEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void intervalZeroIsOneShot() throws InterruptedException {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true)) {
      timer.setTime(Duration.ofMillis(10), Duration.ZERO);
      Thread.sleep(100);
      assertThat(timer.read()).isEqualTo(1);
      assertThat(timer.getTime()).isEqualTo(TimerSetting.DISARMED);
      Thread.sleep(30);
      assertThat(timer.read()).isZero();
    }
  }

  @Test
  void absoluteDeadlineOnMonotonic() {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC)) {
      long deadline = ClockId.MONOTONIC.nowNanos() + 80 * MS;
      timer.setTimeNanos(deadline, 0, SetTimeFlag.TIMER_ABSTIME);
      TimerSetting setting = timer.getTime();
      assertThat(setting.nextExpirationNanos())
          .as("get-time is relative even after an absolute set")
          .isPositive()
          .isLessThanOrEqualTo(80 * MS);
      assertThat(timer.read()).isEqualTo(1);
      assertThat(ClockId.MONOTONIC.nowNanos()).isGreaterThanOrEqualTo(deadline);
    }
  }

  @Test
  void absoluteWallClockDeadlineInThePastFiresAtOnce() {
    try (TimerFd timer = TimerFd.create(ClockId.REALTIME, true)) {
      long epochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
      assertThat(ClockId.REALTIME.nowNanos())
          .isCloseTo(epochNanos, org.assertj.core.data.Offset.offset(5_000 * MS));
      timer.setTimeNanos(ClockId.REALTIME.nowNanos() - 1_000 * MS, 0, SetTimeFlag.TIMER_ABSTIME);
      assertThat(timer.read()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ClockId.class,
      names = {"REALTIME", "MONOTONIC", "BOOTTIME"})
  void everyRegularClockTicks(ClockId clock) {
    try (TimerFd timer = TimerFd.create(clock)) {
      assertThat(timer.clock()).isEqualTo(clock);
      timer.setTime(Duration.ofMillis(5), Duration.ofMillis(5));
      assertThat(timer.read()).isPositive();
      assertThat(clock.nowNanos()).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ClockId.class,
      names = {"REALTIME_ALARM", "BOOTTIME_ALARM"})
  void alarmClocksTickOrFailClearly(ClockId clock) {
    TimerFd timer;
    try {
      timer = TimerFd.create(clock, true);
    } catch (TimerFdException e) {
      // Without CAP_WAKE_ALARM (or without an RTC) the kernel refuses; the message says why.
      assertThat(e.syscall()).isEqualTo("timerfd_create");
      assertThat(e.errnoName()).isIn("EPERM", "EINVAL", "ENOTSUPP", "EOPNOTSUPP");
      assertThat(e).hasMessageStartingWith("timerfd_create: " + e.errnoName() + " (");
      return;
    }
    try (timer) {
      timer.setTime(Duration.ofMillis(5), Duration.ZERO);
      long deadline = System.nanoTime() + 5_000 * MS;
      long count = 0;
      while (count == 0 && System.nanoTime() < deadline) {
        count = timer.read();
      }
      assertThat(count).isEqualTo(1);
    }
  }

  @Test
  void negativeValuesAreRejectedNamingTheArgument() {
    try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true)) {
      assertThatThrownBy(() -> timer.setTimeNanos(-1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("initialNanos");
      assertThatThrownBy(() -> timer.setTimeNanos(1, -5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("intervalNanos");
      assertThatThrownBy(() -> timer.setTime(Duration.ofMillis(-1), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("initial");
      assertThatThrownBy(() -> timer.setTime(Duration.ZERO, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("interval");
      assertThatThrownBy(() -> timer.setTime(Duration.ofDays(365L * 300), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("initial is too long");
      assertThat(timer.getTime()).as("nothing was armed").isEqualTo(TimerSetting.DISARMED);
    }
  }

  @Test
  void cancelOnSetNeedsAbsoluteTimeOnAWallClock() {
    try (TimerFd monotonic = TimerFd.create(ClockId.MONOTONIC, true);
        TimerFd realtime = TimerFd.create(ClockId.REALTIME, true)) {
      assertThatThrownBy(
              () ->
                  monotonic.setTimeNanos(
                      1, 0, SetTimeFlag.TIMER_ABSTIME, SetTimeFlag.TIMER_CANCEL_ON_SET))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("flags")
          .hasMessageContaining("MONOTONIC");
      assertThatThrownBy(() -> realtime.setTimeNanos(1, 0, SetTimeFlag.TIMER_CANCEL_ON_SET))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TIMER_ABSTIME");
      assertThatThrownBy(() -> realtime.setTimeNanos(1, 0, (SetTimeFlag) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("flags");
    }
  }

  @Test
  void closeIsIdempotentReleasesTheNumberAndLaterCallsFailClearly() {
    TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
    Path link = Path.of("/proc/self/fd/" + timer.fd());
    assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    timer.close();
    timer.close();
    assertThat(timer.isOpen()).isFalse();
    assertThat(timer.isReleased()).isTrue();
    assertThatThrownBy(timer::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(timer::getTime).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> timer.setTime(Duration.ofMillis(1), Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timer");
  }

  @Test
  void closeWhileAReadBlocksReleasesTheNumberAfterTheReadReturns() throws Exception {
    TimerFd timer = TimerFd.create(ClockId.MONOTONIC);
    timer.setTime(Duration.ofMillis(300), Duration.ZERO);
    Thread reader = new Thread(timer::read);
    reader.start();
    long deadline = System.nanoTime() + 5_000 * MS;
    while (TimerFd.usersOf(timer) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    timer.close();
    assertThat(timer.isReleased()).as("the blocked read still uses the number").isFalse();
    reader.join(5_000);
    assertThat(reader.isAlive()).isFalse();
    assertThat(timer.isReleased()).isTrue();
  }

  @Test
  void createRejectsNull() {
    assertThatThrownBy(() -> TimerFd.create(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock");
  }

  @Test
  void clockIdsMatchTheKernel() {
    assertThat(ClockId.of(0)).isEqualTo(ClockId.REALTIME);
    assertThat(ClockId.of(1)).isEqualTo(ClockId.MONOTONIC);
    assertThat(ClockId.of(7)).isEqualTo(ClockId.BOOTTIME);
    assertThat(ClockId.of(8)).isEqualTo(ClockId.REALTIME_ALARM);
    assertThat(ClockId.of(9)).isEqualTo(ClockId.BOOTTIME_ALARM);
    assertThatThrownBy(() -> ClockId.of(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clockId");
  }

  @Test
  void isAvailableOnThisLinuxMachine() {
    assumeThat(System.getProperty("os.name")).startsWith("Linux");
    assertThat(TimerFd.isAvailable()).isTrue();
    assertThat(TimerFd.unavailabilityCause()).isNull();
    TimerFd.ensureAvailability();
  }
}
