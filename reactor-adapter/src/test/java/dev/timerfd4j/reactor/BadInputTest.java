package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.ExpirationHandler;
import dev.timerfd4j.core.SetTimeFlag;
import dev.timerfd4j.core.TimerFd;
import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.core.TimerLoopClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input across core and the adapter: each case names the exception type and the words its
 * message must contain (the argument, or the syscall and errno).
 */
class BadInputTest {

  private static final List<AutoCloseable> OPENED = new ArrayList<>();

  private static final ExpirationHandler IGNORE =
      new ExpirationHandler() {
        @Override
        public void onExpirations(long count) {}

        @Override
        public void onError(Throwable error) {}
      };

  private static <T extends AutoCloseable> T opened(T resource) {
    OPENED.add(resource);
    return resource;
  }

  private static TimerFd timer() {
    return opened(TimerFd.create(ClockId.MONOTONIC, true));
  }

  private static TimerFd closedTimer() {
    TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
    timer.close();
    return timer;
  }

  private static TimerLoop loop() {
    return opened(TimerLoop.create());
  }

  private static TimerLoop closedLoop() {
    TimerLoop loop = TimerLoop.create();
    loop.close();
    return loop;
  }

  @AfterAll
  static void closeEverything() throws Exception {
    for (AutoCloseable resource : OPENED) {
      resource.close();
    }
  }

  private static Arguments bad(
      String input, ThrowingCallable call, Class<? extends Throwable> type, String... words) {
    return Arguments.of(input, call, type, words);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        // core: TimerFd
        bad("create(null clock)", () -> TimerFd.create(null), NullPointerException.class, "clock"),
        bad(
            "unknown clock id 42",
            () -> ClockId.of(42),
            IllegalArgumentException.class,
            "clockId",
            "42"),
        bad("unknown clock id -1", () -> ClockId.of(-1), IllegalArgumentException.class, "clockId"),
        bad(
            "negative initialNanos",
            () -> timer().setTimeNanos(-1, 0),
            IllegalArgumentException.class,
            "initialNanos"),
        bad(
            "negative intervalNanos",
            () -> timer().setTimeNanos(1, -1),
            IllegalArgumentException.class,
            "intervalNanos"),
        bad(
            "null initial",
            () -> timer().setTime(null, Duration.ZERO),
            NullPointerException.class,
            "initial"),
        bad(
            "null interval",
            () -> timer().setTime(Duration.ZERO, null),
            NullPointerException.class,
            "interval"),
        bad(
            "negative initial",
            () -> timer().setTime(Duration.ofNanos(-1), Duration.ZERO),
            IllegalArgumentException.class,
            "initial"),
        bad(
            "negative interval",
            () -> timer().setTime(Duration.ZERO, Duration.ofSeconds(-3)),
            IllegalArgumentException.class,
            "interval"),
        bad(
            "initial beyond 292 years",
            () -> timer().setTime(Duration.ofDays(365L * 300), Duration.ZERO),
            IllegalArgumentException.class,
            "initial",
            "too long"),
        bad(
            "interval of Long.MAX_VALUE seconds",
            () -> timer().setTime(Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE)),
            IllegalArgumentException.class,
            "interval",
            "too long"),
        bad(
            "null flag",
            () -> timer().setTimeNanos(1, 0, (SetTimeFlag) null),
            NullPointerException.class,
            "flags"),
        bad(
            "CANCEL_ON_SET without ABSTIME",
            () ->
                opened(TimerFd.create(ClockId.REALTIME, true))
                    .setTimeNanos(1, 0, SetTimeFlag.TIMER_CANCEL_ON_SET),
            IllegalArgumentException.class,
            "flags",
            "TIMER_ABSTIME"),
        bad(
            "CANCEL_ON_SET on MONOTONIC",
            () ->
                timer()
                    .setTimeNanos(1, 0, SetTimeFlag.TIMER_ABSTIME, SetTimeFlag.TIMER_CANCEL_ON_SET),
            IllegalArgumentException.class,
            "flags",
            "MONOTONIC"),
        bad(
            "read after close",
            () -> closedTimer().read(),
            IllegalStateException.class,
            "timer",
            "closed"),
        bad(
            "getTime after close",
            () -> closedTimer().getTime(),
            IllegalStateException.class,
            "timer",
            "closed"),
        bad(
            "setTime after close",
            () -> closedTimer().setTimeNanos(1, 0),
            IllegalStateException.class,
            "timer",
            "closed"),
        bad(
            "disarm after close",
            () -> closedTimer().disarm(),
            IllegalStateException.class,
            "timer",
            "closed"),
        // core: TimerLoop
        bad(
            "register(null timer)",
            () -> loop().register(null, IGNORE),
            NullPointerException.class,
            "timer"),
        bad(
            "register(null handler)",
            () -> loop().register(timer(), null),
            NullPointerException.class,
            "handler"),
        bad(
            "register a blocking timer",
            () -> loop().register(opened(TimerFd.create(ClockId.MONOTONIC)), IGNORE),
            IllegalArgumentException.class,
            "timer",
            "blocking"),
        bad(
            "register a closed timer",
            () -> loop().register(closedTimer(), IGNORE),
            IllegalStateException.class,
            "timer",
            "closed"),
        bad(
            "register a timer twice",
            () -> {
              TimerLoop loop = loop();
              TimerFd timer = timer();
              loop.register(timer, IGNORE);
              loop.register(timer, IGNORE);
            },
            IllegalArgumentException.class,
            "timer",
            "already registered"),
        bad(
            "register on a closed loop",
            () -> closedLoop().register(TimerFd.create(ClockId.MONOTONIC, true), IGNORE),
            TimerLoopClosedException.class,
            "TimerLoop",
            "closed"),
        bad(
            "null thread factory",
            () -> TimerLoop.create(null),
            NullPointerException.class,
            "threadFactory"),
        bad(
            "zero slow-handler threshold",
            () -> loop().slowHandlerThreshold(Duration.ZERO),
            IllegalArgumentException.class,
            "threshold"),
        bad(
            "negative default threshold",
            () -> TimerLoop.setDefaultSlowHandlerThreshold(Duration.ofMillis(-1)),
            IllegalArgumentException.class,
            "threshold"),
        bad(
            "null default threshold",
            () -> TimerLoop.setDefaultSlowHandlerThreshold(null),
            NullPointerException.class,
            "threshold"),
        // adapter: TimerFlux and TimerOptions (assembly time)
        bad(
            "interval(null period)",
            () -> TimerFlux.interval(null),
            NullPointerException.class,
            "period"),
        bad(
            "interval(zero period)",
            () -> TimerFlux.interval(Duration.ZERO),
            IllegalArgumentException.class,
            "period"),
        bad(
            "interval(negative period)",
            () -> TimerFlux.interval(Duration.ofMillis(-10)),
            IllegalArgumentException.class,
            "period"),
        bad(
            "interval(negative delay)",
            () -> TimerFlux.interval(Duration.ofMillis(-1), Duration.ofSeconds(1)),
            IllegalArgumentException.class,
            "delay"),
        bad(
            "interval(null delay)",
            () -> TimerFlux.interval(null, Duration.ofSeconds(1)),
            NullPointerException.class,
            "delay"),
        bad(
            "expirations(period beyond itimerspec nanos)",
            () -> TimerFlux.expirations(Duration.ofSeconds(Long.MAX_VALUE)),
            IllegalArgumentException.class,
            "period"),
        bad(
            "expirations(null options)",
            () -> TimerFlux.expirations(Duration.ofSeconds(1), Duration.ofSeconds(1), null),
            NullPointerException.class,
            "options"),
        bad("delay(null)", () -> TimerFlux.delay(null), NullPointerException.class, "delay"),
        bad(
            "delay(negative)",
            () -> TimerFlux.delay(Duration.ofSeconds(-1)),
            IllegalArgumentException.class,
            "delay"),
        bad("at(null deadline)", () -> TimerFlux.at(null), NullPointerException.class, "deadline"),
        bad(
            "at(Instant.MAX): epoch nanos overflow",
            () -> TimerFlux.at(java.time.Instant.MAX),
            IllegalArgumentException.class,
            "deadline"),
        bad(
            "at(Instant.MIN): epoch nanos overflow",
            () -> TimerFlux.at(java.time.Instant.MIN),
            IllegalArgumentException.class,
            "deadline"),
        bad(
            "intervalAt(null start)",
            () -> TimerFlux.intervalAt(null, Duration.ofSeconds(1)),
            NullPointerException.class,
            "start"),
        bad(
            "intervalAt(start overflowing)",
            () -> TimerFlux.intervalAt(java.time.Instant.MAX, Duration.ofSeconds(1)),
            IllegalArgumentException.class,
            "start"),
        bad(
            "intervalAt(zero period)",
            () -> TimerFlux.intervalAt(java.time.Instant.now(), Duration.ZERO),
            IllegalArgumentException.class,
            "period"),
        bad(
            "options clock(null)",
            () -> TimerOptions.builder().clock(null),
            NullPointerException.class,
            "clock"),
        bad(
            "options missedTicks(null)",
            () -> TimerOptions.builder().missedTicks(null),
            NullPointerException.class,
            "missedTicks"),
        bad(
            "options clockJump(null)",
            () -> TimerOptions.builder().clockJump(null),
            NullPointerException.class,
            "clockJump"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void isRefusedWithAClearException(
      String input, ThrowingCallable call, Class<? extends Throwable> type, String[] words) {
    assertThatThrownBy(call).isInstanceOf(type).message().contains(words);
  }
}
