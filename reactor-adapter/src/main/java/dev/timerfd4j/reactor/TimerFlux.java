package dev.timerfd4j.reactor;

import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.TimerFd;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Linux timerfd timers as Reactor publishers: a drop-in for {@link Flux#interval} and {@link
 * Mono#delay} that cannot overflow, plus raw expiration counts and wall-clock deadlines.
 *
 * <pre>{@code
 * // before: Flux.interval(Duration.ofMillis(10))
 * Flux<Long> ticks = TimerFlux.interval(Duration.ofMillis(10));
 * }</pre>
 *
 * <h2>Common behaviour of every factory</h2>
 *
 * <ul>
 *   <li><b>Cold.</b> Each subscription creates its own non-blocking timerfd when it subscribes; the
 *       descriptor is closed (on the loop thread) on cancel, completion or error, including {@code
 *       take(n)}, {@code timeout} and disposing a {@code subscribe()}.
 *   <li><b>Thread.</b> Items are emitted on the {@link dev.timerfd4j.core.TimerLoop} thread (by
 *       default {@link ReactorTimerLoop#shared()}, {@code timerfd4j-reactor-N}), or on the thread
 *       that calls {@code request} when it releases a backlog. That thread drains every timer of
 *       the loop: use {@code publishOn} for heavy work. It implements {@code NonBlocking}, so
 *       {@code block()} on it fails fast.
 *   <li><b>Without demand</b> the timer's registration is paused and the kernel keeps counting:
 *       never an {@code OverflowException}, never a buffer. What arrives on the next request
 *       depends on the factory (a larger count, every index, or the latest index).
 *   <li><b>Errors.</b> Bad arguments fail here, at assembly, with an exception naming the argument.
 *       Kernel failures arrive as {@code onError(TimerFdException)} carrying the syscall and errno
 *       ({@code timerfd_create: EMFILE}, {@code EPERM} for an alarm clock without {@code
 *       CAP_WAKE_ALARM}); other subscriptions keep running.
 *   <li><b>Virtual time and fallback.</b> The {@link TimerBackend} is chosen at subscribe time:
 *       inside {@code StepVerifier.withVirtualTime} the same semantics run on the virtual
 *       scheduler; without timerfd (not Linux, no native library) they run on {@code
 *       Schedulers.parallel()}, with one warning. {@link #backend()} tells which.
 * </ul>
 */
public final class TimerFlux {

  private TimerFlux() {}

  /**
   * Raw expiration counts of a periodic timer, the first one period after subscribing: {@code 1}
   * per tick normally, {@code N} when {@code N-1} ticks went unread (no demand, or a late thread).
   *
   * @param period the period, positive
   * @throws NullPointerException when {@code period} is null
   * @throws IllegalArgumentException naming {@code period} when it is not positive or longer than
   *     {@code Long.MAX_VALUE} nanoseconds
   */
  public static Flux<Long> expirations(Duration period) {
    return expirations(period, period, TimerOptions.defaults());
  }

  /**
   * Raw expiration counts of a periodic timer whose first tick comes {@code delay} after
   * subscribing ({@link Duration#ZERO}: at once). See {@link #expirations(Duration)}.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming the argument when {@code delay} is negative, {@code
   *     period} not positive, or either longer than {@code Long.MAX_VALUE} nanoseconds
   */
  public static Flux<Long> expirations(Duration delay, Duration period) {
    return expirations(delay, period, TimerOptions.defaults());
  }

  /**
   * Raw expiration counts with options (clock, loop). The missed-tick policy does not apply: the
   * count itself says how many ticks were missed. See {@link #expirations(Duration)}.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming the argument when a duration is out of range
   */
  public static Flux<Long> expirations(Duration delay, Duration period, TimerOptions options) {
    return new FluxTimerFd(relative(delay, period, options), null, "timerfd.expirations");
  }

  /**
   * Drop-in for {@link Flux#interval(Duration)}: emits 0, 1, 2, … one period apart, the first one
   * period after subscribing, with {@link MissedTickPolicy#BURST}: without demand every index is
   * still emitted, in order, as demand allows (the backlog is a counter).
   *
   * @throws NullPointerException when {@code period} is null
   * @throws IllegalArgumentException naming {@code period} when it is not positive or too long
   */
  public static Flux<Long> interval(Duration period) {
    return interval(period, period, TimerOptions.defaults());
  }

  /**
   * Drop-in for {@link Flux#interval(Duration, Duration)}: emits 0, 1, 2, …, the first after {@code
   * delay} ({@link Duration#ZERO}: at once), then one per period. See {@link #interval(Duration)}.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming the argument when a duration is out of range
   */
  public static Flux<Long> interval(Duration delay, Duration period) {
    return interval(delay, period, TimerOptions.defaults());
  }

  /**
   * Emits 0, 1, 2, … with options: the clock, the loop, and the {@link MissedTickPolicy} that
   * decides what comes after missed ticks (BURST every index, SKIP the latest index, DELAY the next
   * index and a timer re-phased from now).
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming the argument when a duration is out of range
   */
  public static Flux<Long> interval(Duration delay, Duration period, TimerOptions options) {
    TimerSpec spec = relative(delay, period, options);
    return new FluxTimerFd(spec, options.missedTicks(), "timerfd.interval");
  }

  /**
   * Drop-in for {@link Mono#delay(Duration)}: emits {@code 0L} after {@code delay} ({@link
   * Duration#ZERO}: at once) and completes. If the timer fires before the subscriber requests, the
   * value waits for the request.
   *
   * @throws NullPointerException when {@code delay} is null
   * @throws IllegalArgumentException naming {@code delay} when it is negative or too long
   */
  public static Mono<Long> delay(Duration delay) {
    return delay(delay, TimerOptions.defaults());
  }

  /**
   * One shot after {@code delay} with options (clock, loop). See {@link #delay(Duration)}.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming {@code delay} when it is negative or too long
   */
  public static Mono<Long> delay(Duration delay, TimerOptions options) {
    long delayNanos = TimerFd.toNanos(delay, "delay");
    Objects.requireNonNull(options, "options");
    TimerSpec spec =
        new TimerSpec(options.clockOr(ClockId.MONOTONIC), delayNanos, 0, false, options);
    return new MonoTimerFd(spec, "timerfd.delay");
  }

  /**
   * Emits {@code 0L} when the wall clock ({@code CLOCK_REALTIME}, absolute time with {@code
   * TFD_TIMER_ABSTIME}) reaches {@code deadline}, then completes; a deadline in the past fires at
   * once. If the clock is set meanwhile, {@link ClockJumpPolicy#REARM} keeps the same deadline.
   *
   * @throws NullPointerException when {@code deadline} is null
   * @throws IllegalArgumentException naming {@code deadline} when its epoch nanoseconds do not fit
   *     in a {@code long} (before 1677 or after 2262)
   */
  public static Mono<Long> at(Instant deadline) {
    return at(deadline, TimerOptions.defaults());
  }

  /**
   * A wall-clock deadline with options: REALTIME or REALTIME_ALARM, the loop, the {@link
   * ClockJumpPolicy} ({@link ClockJumpPolicy#ERROR}: {@code onError(ClockChangedException)} when
   * the clock is set). See {@link #at(Instant)}.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming the argument when {@code deadline} is out of range or
   *     {@code options} name a clock that is not a wall clock
   */
  public static Mono<Long> at(Instant deadline, TimerOptions options) {
    long epochNanos = epochNanos(deadline, "deadline");
    ClockId clock = wallClock(options, "at");
    // Not after the epoch means passed: the timer fires at once.
    TimerSpec spec = new TimerSpec(clock, Math.max(0, epochNanos), 0, true, options);
    return new MonoTimerFd(spec, "timerfd.at");
  }

  /**
   * Emits tick indices 0, 1, 2, … on a wall-clock schedule anchored at {@code start}: tick {@code
   * i} at {@code start + i * period} ({@code CLOCK_REALTIME}, {@code TFD_TIMER_ABSTIME}). A start
   * in the past counts the ticks since then as missed ({@link MissedTickPolicy#BURST} emits them
   * all, SKIP jumps to the current index).
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming the argument when {@code start} is before 1970 or after
   *     2262, or {@code period} is not positive or too long
   */
  public static Flux<Long> intervalAt(Instant start, Duration period) {
    return intervalAt(start, period, TimerOptions.defaults());
  }

  /**
   * A wall-clock schedule with options: REALTIME or REALTIME_ALARM, the loop, BURST or SKIP, and
   * the {@link ClockJumpPolicy}. See {@link #intervalAt(Instant, Duration)}.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException naming the argument when a value is out of range, the clock is
   *     not a wall clock, or the missed-tick policy is DELAY (an anchored schedule cannot re-phase)
   */
  public static Flux<Long> intervalAt(Instant start, Duration period, TimerOptions options) {
    long epochNanos = epochNanos(start, "start");
    long periodNanos = positiveNanos(period, "period");
    ClockId clock = wallClock(options, "intervalAt");
    if (epochNanos <= 0) {
      throw new IllegalArgumentException("start must be after 1970-01-01T00:00:00Z: " + start);
    }
    if (options.missedTicks() == MissedTickPolicy.DELAY) {
      throw new IllegalArgumentException(
          "options.missedTicks: DELAY cannot apply to intervalAt, whose schedule is anchored at"
              + " start; use BURST or SKIP");
    }
    TimerSpec spec = new TimerSpec(clock, epochNanos, periodNanos, true, options);
    return new FluxTimerFd(spec, options.missedTicks(), "timerfd.intervalAt");
  }

  /**
   * The backend a subscription made now would get: {@link TimerBackend#VIRTUAL} inside {@code
   * StepVerifier.withVirtualTime}, else {@link TimerBackend#NATIVE} when timerfd is available, else
   * {@link TimerBackend#FALLBACK} (see {@link TimerFd#unavailabilityCause()} for why).
   */
  public static TimerBackend backend() {
    return TimerBackend.select(null);
  }

  // ---- validation at assembly time ------------------------------------------------------------

  private static TimerSpec relative(Duration delay, Duration period, TimerOptions options) {
    long periodNanos = positiveNanos(period, "period");
    long delayNanos = TimerFd.toNanos(delay, "delay");
    Objects.requireNonNull(options, "options");
    return new TimerSpec(
        options.clockOr(ClockId.MONOTONIC), delayNanos, periodNanos, false, options);
  }

  private static long positiveNanos(Duration duration, String name) {
    long nanos = TimerFd.toNanos(duration, name);
    if (nanos == 0) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return nanos;
  }

  private static long epochNanos(Instant instant, String name) {
    Objects.requireNonNull(instant, name);
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          name
              + " is out of range for a timer (epoch nanoseconds must fit in a long, years 1677 to"
              + " 2262): "
              + instant,
          e);
    }
  }

  private static ClockId wallClock(TimerOptions options, String factory) {
    Objects.requireNonNull(options, "options");
    ClockId clock = options.clockOr(ClockId.REALTIME);
    if (!clock.isWallClock()) {
      throw new IllegalArgumentException(
          "options.clock: "
              + factory
              + " needs a wall clock (REALTIME or REALTIME_ALARM), not "
              + clock);
    }
    return clock;
  }
}
