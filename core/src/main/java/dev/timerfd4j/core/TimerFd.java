package dev.timerfd4j.core;

import com.sun.jna.Memory;
import dev.timerfd4j.core.internal.Errno;
import dev.timerfd4j.core.internal.LibC;
import dev.timerfd4j.core.internal.NativeSupport;
import dev.timerfd4j.core.internal.Scratch;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One Linux timer file descriptor: the Java face of {@code timerfd_create(2)}, {@code
 * timerfd_settime(2)}, {@code timerfd_gettime(2)} and {@code read(2)} of its 8-byte expiration
 * count, mirroring Python's {@code os.timerfd_*} functions.
 *
 * <pre>{@code
 * try (TimerFd timer = TimerFd.create(ClockId.MONOTONIC)) {
 *   timer.setTime(Duration.ofSeconds(1), Duration.ofMillis(500)); // first in 1 s, then every 0.5 s
 *   for (int i = 0; i < 4; i++) {
 *     long expirations = timer.read(); // blocks until the timer expires
 *     System.out.println("Timer expired " + expirations + " time(s)");
 *   }
 * }
 * }</pre>
 *
 * <p>Linux semantics are kept: an initial expiration of 0 disarms the timer (the interval given is
 * still recorded and reported by {@link #getTime()}); an interval of 0 makes it one-shot; negative
 * values are rejected; a read after the wall clock was set on a {@link
 * SetTimeFlag#TIMER_CANCEL_ON_SET} timer throws {@link ClockChangedException}; a read may return 0
 * after a negative step of the wall clock, which is not an error.
 *
 * <p>Thread safety: every method may be called from any thread. The descriptor is closed exactly
 * once, and only when no other call is using its number, so a number can never be reused under a
 * concurrent call. Closing does not wake a thread blocked in {@link #read()}; the descriptor is
 * released when that read returns. A timer handed to {@link TimerLoop#register} belongs to the
 * loop: closing it cancels the registration, and the loop thread releases the descriptor.
 */
public final class TimerFd implements AutoCloseable {

  private static final int CLOSED = 1 << 30;
  private static final int RELEASED = 1 << 29;
  private static final int USERS_MASK = RELEASED - 1;

  /** Users in flight in the low bits, plus the CLOSED and RELEASED marks. */
  private volatile int state;

  private static final AtomicIntegerFieldUpdater<TimerFd> STATE =
      AtomicIntegerFieldUpdater.newUpdater(TimerFd.class, "state");

  private final int fd;
  private final ClockId clock;
  private final boolean nonBlocking;

  /** Set by {@link TimerLoop} when it takes ownership; closing then cancels it. */
  volatile Registration registration;

  static final AtomicReferenceFieldUpdater<TimerFd, Registration> REGISTRATION =
      AtomicReferenceFieldUpdater.newUpdater(TimerFd.class, Registration.class, "registration");

  private TimerFd(int fd, ClockId clock, boolean nonBlocking) {
    this.fd = fd;
    this.clock = clock;
    this.nonBlocking = nonBlocking;
  }

  /** Whether timerfd can be used in this process (Linux, a supported architecture, JNA). */
  public static boolean isAvailable() {
    return NativeSupport.unavailabilityCause() == null;
  }

  /** Why timerfd cannot be used here, or {@code null} when {@link #isAvailable()}. */
  public static Throwable unavailabilityCause() {
    return NativeSupport.unavailabilityCause();
  }

  /**
   * Throws when timerfd cannot be used here.
   *
   * @throws UnsupportedOperationException with the reason (not Linux, unsupported architecture, or
   *     the native library could not be loaded) as message and cause
   */
  public static void ensureAvailability() {
    Throwable cause = NativeSupport.unavailabilityCause();
    if (cause != null) {
      throw new UnsupportedOperationException(
          "timerfd is not available: " + cause.getMessage(), cause);
    }
  }

  /**
   * Creates a blocking timer on {@code clock}: {@link #read()} waits for an expiration.
   *
   * @throws NullPointerException when {@code clock} is null
   * @throws TimerFdException when {@code timerfd_create} fails, e.g. {@code EMFILE} or {@code
   *     EPERM} for an alarm clock without {@code CAP_WAKE_ALARM}
   */
  public static TimerFd create(ClockId clock) {
    return create(clock, false);
  }

  /**
   * Creates a timer on {@code clock}; close-on-exec is always set.
   *
   * @param clock the clock the timer runs on
   * @param nonBlocking {@code TFD_NONBLOCK}: {@link #read()} returns 0 instead of waiting when
   *     nothing expired
   * @throws NullPointerException when {@code clock} is null
   * @throws UnsupportedOperationException when timerfd is not available here
   * @throws TimerFdException when {@code timerfd_create} fails
   */
  public static TimerFd create(ClockId clock, boolean nonBlocking) {
    Objects.requireNonNull(clock, "clock");
    ensureAvailability();
    int flags = LibC.TFD_CLOEXEC | (nonBlocking ? LibC.TFD_NONBLOCK : 0);
    int fd = LibC.timerfdCreate(clock.id(), flags);
    return new TimerFd(fd, clock, nonBlocking);
  }

  /**
   * Arms (or disarms) the timer, as {@code timerfd_settime(2)} does, in nanoseconds.
   *
   * @param initialNanos the first expiration: relative to now, or with {@link
   *     SetTimeFlag#TIMER_ABSTIME} an absolute time on the timer's clock (see {@link
   *     ClockId#nowNanos()}); 0 disarms the timer
   * @param intervalNanos the period after the first expiration; 0 for a one-shot timer
   * @param flags {@link SetTimeFlag#TIMER_ABSTIME}, and {@link SetTimeFlag#TIMER_CANCEL_ON_SET}
   *     (only with TIMER_ABSTIME on a wall clock)
   * @return the previous setting
   * @throws IllegalArgumentException naming the argument when a value is negative, or when
   *     TIMER_CANCEL_ON_SET comes without TIMER_ABSTIME or on a clock that is not a wall clock
   * @throws IllegalStateException when the timer is closed
   * @throws TimerFdException when {@code timerfd_settime} fails
   */
  public TimerSetting setTimeNanos(long initialNanos, long intervalNanos, SetTimeFlag... flags) {
    requireNonNegative(initialNanos, "initialNanos");
    requireNonNegative(intervalNanos, "intervalNanos");
    int bits = flagBits(flags);
    acquire();
    try {
      Memory scratch = Scratch.memory();
      long address = Scratch.address();
      scratch.setLong(LibC.ITIMERSPEC_INTERVAL_SEC, intervalNanos / 1_000_000_000L);
      scratch.setLong(LibC.ITIMERSPEC_INTERVAL_NSEC, intervalNanos % 1_000_000_000L);
      scratch.setLong(LibC.ITIMERSPEC_VALUE_SEC, initialNanos / 1_000_000_000L);
      scratch.setLong(LibC.ITIMERSPEC_VALUE_NSEC, initialNanos % 1_000_000_000L);
      LibC.timerfdSettime(fd, bits, address, address + LibC.ITIMERSPEC_SIZE);
      return settingAt(scratch, LibC.ITIMERSPEC_SIZE);
    } finally {
      release();
    }
  }

  /**
   * Arms (or disarms) the timer with {@link Duration}s; see {@link #setTimeNanos}.
   *
   * @throws NullPointerException naming {@code initial} or {@code interval} when null
   * @throws IllegalArgumentException naming the argument when it is negative or longer than {@code
   *     Long.MAX_VALUE} nanoseconds (about 292 years)
   */
  public TimerSetting setTime(Duration initial, Duration interval, SetTimeFlag... flags) {
    return setTimeNanos(toNanos(initial, "initial"), toNanos(interval, "interval"), flags);
  }

  /** Disarms the timer, keeping nothing; returns the previous setting. */
  public TimerSetting disarm() {
    return setTimeNanos(0, 0);
  }

  /**
   * The current setting, as {@code timerfd_gettime(2)} reports it: time to the next expiration
   * (relative even after an absolute set) and the interval.
   *
   * @throws IllegalStateException when the timer is closed
   */
  public TimerSetting getTime() {
    acquire();
    try {
      LibC.timerfdGettime(fd, Scratch.address());
      return settingAt(Scratch.memory(), 0);
    } finally {
      release();
    }
  }

  /**
   * Reads the number of expirations since the last read (or since it was armed).
   *
   * <p>A blocking timer waits for the next expiration. A non-blocking timer returns 0 when nothing
   * expired ({@code EAGAIN}). Either returns 0 when a negative step of the wall clock undid an
   * expiration of an absolute timer; that is not an error.
   *
   * @throws ClockChangedException when this is a {@link SetTimeFlag#TIMER_CANCEL_ON_SET} timer and
   *     the wall clock was set since the last read ({@code ECANCELED})
   * @throws IllegalStateException when the timer is closed
   * @throws TimerFdException when {@code read} fails otherwise
   */
  public long read() {
    acquire();
    try {
      long count = Scratch.address() + 2 * LibC.ITIMERSPEC_SIZE;
      long n = LibC.readOrErrno(fd, count, 8);
      if (n == 8) {
        return Scratch.memory().getLong(2 * LibC.ITIMERSPEC_SIZE);
      }
      if (n == -Errno.ECANCELED) {
        throw TimerFdException.of("read", Errno.ECANCELED);
      }
      // 0 bytes (a negative clock step), EAGAIN (non-blocking, nothing expired), or EINTR.
      return 0;
    } finally {
      release();
    }
  }

  /** The descriptor number; valid only while the timer is open. */
  public int fd() {
    return fd;
  }

  /** The clock the timer runs on. */
  public ClockId clock() {
    return clock;
  }

  /** Whether {@link #read()} returns 0 instead of waiting. */
  public boolean isNonBlocking() {
    return nonBlocking;
  }

  /** Whether {@link #close()} has not been called yet. */
  public boolean isOpen() {
    return (state & CLOSED) == 0;
  }

  /**
   * Closes the timer; idempotent. The descriptor is released once, when no call in flight uses it.
   * A timer owned by a {@link TimerLoop} is released by the loop thread.
   */
  @Override
  public void close() {
    for (; ; ) {
      int s = state;
      if ((s & CLOSED) != 0) {
        return;
      }
      if (STATE.compareAndSet(this, s, s | CLOSED)) {
        break;
      }
    }
    Registration owner = registration;
    if (owner != null) {
      owner.cancel();
    }
    release0();
  }

  @Override
  public String toString() {
    return "TimerFd[fd=" + fd + ", clock=" + clock + (isOpen() ? "" : ", closed") + "]";
  }

  // ---- ownership ------------------------------------------------------------------------------

  /** Takes a use of the number; fails when closed. Pair with {@link #release()}. */
  void acquire() {
    for (; ; ) {
      int s = state;
      if ((s & CLOSED) != 0) {
        throw new IllegalStateException("timer: " + this + " is closed");
      }
      if (STATE.compareAndSet(this, s, s + 1)) {
        return;
      }
    }
  }

  /** Gives back a use; the last one after {@link #close()} releases the descriptor. */
  void release() {
    STATE.getAndDecrement(this);
    release0();
  }

  private void release0() {
    // Only CLOSED with no users left releases the number, and only once.
    if (state == CLOSED && STATE.compareAndSet(this, CLOSED, CLOSED | RELEASED)) {
      LibC.closeFd(fd);
    }
  }

  /** Whether the descriptor number has been given back to the kernel. */
  boolean isReleased() {
    return (state & RELEASED) != 0;
  }

  static int usersOf(TimerFd timer) {
    return timer.state & USERS_MASK;
  }

  // ---- arguments ------------------------------------------------------------------------------

  private int flagBits(SetTimeFlag[] flags) {
    Objects.requireNonNull(flags, "flags");
    int bits = 0;
    for (SetTimeFlag flag : flags) {
      bits |= Objects.requireNonNull(flag, "flags: null element").bits;
    }
    if ((bits & LibC.TFD_TIMER_CANCEL_ON_SET) != 0) {
      if ((bits & LibC.TFD_TIMER_ABSTIME) == 0) {
        throw new IllegalArgumentException("flags: TIMER_CANCEL_ON_SET needs TIMER_ABSTIME");
      }
      if (!clock.isWallClock()) {
        throw new IllegalArgumentException(
            "flags: TIMER_CANCEL_ON_SET needs a REALTIME or REALTIME_ALARM clock, not " + clock);
      }
    }
    return bits;
  }

  private static TimerSetting settingAt(Memory memory, int offset) {
    long interval =
        memory.getLong(offset + LibC.ITIMERSPEC_INTERVAL_SEC) * 1_000_000_000L
            + memory.getLong(offset + LibC.ITIMERSPEC_INTERVAL_NSEC);
    long value =
        memory.getLong(offset + LibC.ITIMERSPEC_VALUE_SEC) * 1_000_000_000L
            + memory.getLong(offset + LibC.ITIMERSPEC_VALUE_NSEC);
    return new TimerSetting(value, interval);
  }

  private static void requireNonNegative(long nanos, String name) {
    if (nanos < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + nanos);
    }
  }

  /**
   * {@code duration} in nanoseconds, or an exception naming {@code name} when it is null, negative
   * or does not fit in a {@code long} of nanoseconds.
   */
  public static long toNanos(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          name + " is too long for a timer (at most 292 years in nanoseconds): " + duration, e);
    }
  }
}
