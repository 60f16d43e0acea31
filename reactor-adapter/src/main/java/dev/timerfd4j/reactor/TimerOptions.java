package dev.timerfd4j.reactor;

import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.TimerLoop;
import java.util.Objects;

/**
 * Immutable settings of a {@link TimerFlux} timer: the clock, the loop that drains it and the
 * policies. Start from {@link #defaults()} or {@link #builder()}.
 *
 * <pre>{@code
 * TimerOptions options = TimerOptions.builder()
 *     .clock(ClockId.BOOTTIME)
 *     .missedTicks(MissedTickPolicy.SKIP)
 *     .build();
 * }</pre>
 */
public final class TimerOptions {

  private static final TimerOptions DEFAULTS = new Builder().build();

  private final ClockId clock;
  private final TimerLoop loop;
  private final MissedTickPolicy missedTicks;
  private final ClockJumpPolicy clockJump;
  private final TimerBackend backend;

  private TimerOptions(Builder builder) {
    this.clock = builder.clock;
    this.loop = builder.loop;
    this.missedTicks = builder.missedTicks;
    this.clockJump = builder.clockJump;
    this.backend = builder.backend;
  }

  /**
   * The defaults: MONOTONIC for relative timers and REALTIME for wall-clock ones, the {@link
   * ReactorTimerLoop#shared() shared loop}, {@link MissedTickPolicy#BURST}, {@link
   * ClockJumpPolicy#REARM}.
   */
  public static TimerOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.clock = clock;
    builder.loop = loop;
    builder.missedTicks = missedTicks;
    builder.clockJump = clockJump;
    builder.backend = backend;
    return builder;
  }

  /**
   * The clock set with {@link Builder#clock}, or {@code null} for the default of the factory
   * (MONOTONIC for relative timers, REALTIME for {@code at} and {@code intervalAt}).
   */
  public ClockId clock() {
    return clock;
  }

  /**
   * The loop set with {@link Builder#loop}, or {@code null} for {@link ReactorTimerLoop#shared()}.
   */
  public TimerLoop loop() {
    return loop;
  }

  /** The missed-tick policy of {@link TimerFlux#interval} and {@link TimerFlux#intervalAt}. */
  public MissedTickPolicy missedTicks() {
    return missedTicks;
  }

  /** What wall-clock timers do when the clock is set. */
  public ClockJumpPolicy clockJump() {
    return clockJump;
  }

  /** The backend forced for tests, or {@code null} to choose at subscribe time. */
  TimerBackend forcedBackend() {
    return backend;
  }

  ClockId clockOr(ClockId fallback) {
    return clock == null ? fallback : clock;
  }

  @Override
  public String toString() {
    return "TimerOptions[clock="
        + (clock == null ? "default" : clock)
        + ", loop="
        + (loop == null ? "shared" : loop.name())
        + ", missedTicks="
        + missedTicks
        + ", clockJump="
        + clockJump
        + "]";
  }

  /** Builds {@link TimerOptions}; not thread safe. */
  public static final class Builder {
    private ClockId clock;
    private TimerLoop loop;
    private MissedTickPolicy missedTicks = MissedTickPolicy.BURST;
    private ClockJumpPolicy clockJump = ClockJumpPolicy.REARM;
    private TimerBackend backend;

    private Builder() {}

    /**
     * The clock: MONOTONIC (default of relative timers), BOOTTIME (counts suspend), REALTIME
     * (default of wall-clock timers), or an alarm clock, which needs {@code CAP_WAKE_ALARM}
     * (without it subscribers get {@code onError(TimerFdException)} with {@code EPERM}). The
     * wall-clock factories accept only REALTIME and REALTIME_ALARM.
     *
     * @throws NullPointerException naming {@code clock} when null
     */
    public Builder clock(ClockId clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The loop that drains the timers (default {@link ReactorTimerLoop#shared()}); items are
     * emitted on its thread. A closed loop makes subscriptions fail with {@code
     * TimerLoopClosedException}.
     *
     * @throws NullPointerException naming {@code loop} when null
     */
    public Builder loop(TimerLoop loop) {
      this.loop = Objects.requireNonNull(loop, "loop");
      return this;
    }

    /**
     * The missed-tick policy (default {@link MissedTickPolicy#BURST}).
     *
     * @throws NullPointerException naming {@code missedTicks} when null
     */
    public Builder missedTicks(MissedTickPolicy missedTicks) {
      this.missedTicks = Objects.requireNonNull(missedTicks, "missedTicks");
      return this;
    }

    /**
     * The clock-jump policy of wall-clock timers (default {@link ClockJumpPolicy#REARM}).
     *
     * @throws NullPointerException naming {@code clockJump} when null
     */
    public Builder clockJump(ClockJumpPolicy clockJump) {
      this.clockJump = Objects.requireNonNull(clockJump, "clockJump");
      return this;
    }

    /** Forces a backend instead of choosing at subscribe time; tests only. */
    Builder backend(TimerBackend backend) {
      this.backend = backend;
      return this;
    }

    /** The options. */
    public TimerOptions build() {
      return new TimerOptions(this);
    }
  }
}
