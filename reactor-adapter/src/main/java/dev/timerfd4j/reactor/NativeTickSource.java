package dev.timerfd4j.reactor;

import dev.timerfd4j.core.ClockChangedException;
import dev.timerfd4j.core.ExpirationHandler;
import dev.timerfd4j.core.Registration;
import dev.timerfd4j.core.SetTimeFlag;
import dev.timerfd4j.core.TimerFd;
import dev.timerfd4j.core.TimerLoop;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.Scannable;

/** The native backend: one non-blocking timerfd per subscription, registered with a loop. */
final class NativeTickSource implements TickSource, ExpirationHandler {

  private static final int PAUSED = 1;
  private static final int CANCELLED = 1 << 1;

  /** The state the subscription wants; {@link #sync} makes the registration follow it. */
  private volatile int state = PAUSED;

  private static final AtomicIntegerFieldUpdater<NativeTickSource> STATE =
      AtomicIntegerFieldUpdater.newUpdater(NativeTickSource.class, "state");

  /** Set once by {@link #start()}, after the registration is made. */
  private volatile Registration registration;

  /** The timer, set by {@link #start()} before it is registered; handler calls use it. */
  private volatile TimerFd timer;

  private final TimerSpec spec;
  private final TickListener listener;

  /** Resolved by {@link #start()}: creating the shared loop can fail like any syscall. */
  private volatile TimerLoop loop;

  /** Expirations delivered so far; loop thread only. Anchors a re-arm after a clock jump. */
  private long delivered;

  NativeTickSource(TimerSpec spec, TickListener listener) {
    this.spec = spec;
    this.listener = listener;
  }

  @Override
  public void start() {
    if ((state & CANCELLED) != 0) {
      return;
    }
    Registration r;
    try {
      TimerLoop chosen = spec.options().loop();
      TimerLoop loop = chosen != null ? chosen : ReactorTimerLoop.shared();
      this.loop = loop;
      TimerFd timer = TimerFd.create(spec.clock(), true);
      try {
        arm(timer);
      } catch (RuntimeException | Error e) {
        timer.close();
        throw e;
      }
      this.timer = timer;
      // Registered in the state wanted now (one command to the loop when demand is already
      // there). The handler may run before this.registration is set: it only needs the timer,
      // and a pause or cancel it causes is applied by the sync() below.
      r = loop.register(timer, this, (state & PAUSED) != 0);
    } catch (RuntimeException e) { // TimerFdException (EMFILE, EPERM), TimerLoopClosedException
      STATE.getAndUpdate(this, s -> s | CANCELLED);
      listener.onTickError(e);
      return;
    }
    registration = r;
    sync();
  }

  private void arm(TimerFd timer) {
    // IMPORTANT: an initial expiration of 0 disarms a timerfd; "at once" is 1 ns (relative) or 1 ns
    // after the epoch (absolute), which has passed.
    if (spec.absolute()) {
      // IMPORTANT: a periodic absolute timer counts every period since its start; arming at the
      // first tick not delivered yet keeps the count consistent after a re-arm.
      timer.setTimeNanos(
          Math.max(1, spec.tickTime(spec.initialNanos(), delivered)),
          spec.periodNanos(),
          SetTimeFlag.TIMER_ABSTIME,
          SetTimeFlag.TIMER_CANCEL_ON_SET);
    } else {
      timer.setTimeNanos(Math.max(1, spec.initialNanos()), spec.periodNanos());
    }
  }

  @Override
  public void pause() {
    change(PAUSED, true);
  }

  @Override
  public void resume() {
    change(PAUSED, false);
  }

  @Override
  public void cancel() {
    change(CANCELLED, true);
  }

  private void change(int bit, boolean set) {
    for (; ; ) {
      int s = state;
      int next = set ? s | bit : s & ~bit;
      if ((s & CANCELLED) != 0 || next == s) {
        return; // ended, or whoever made this change syncs it
      }
      if (STATE.compareAndSet(this, s, next)) {
        break;
      }
    }
    sync();
  }

  /**
   * Makes the registration follow the wanted state. Several threads may race here; each applies
   * what it read and re-checks, so the last change always wins.
   */
  private void sync() {
    Registration r = registration;
    if (r == null) {
      return; // start() syncs once it has the registration
    }
    for (; ; ) {
      int s = state;
      if ((s & CANCELLED) != 0) {
        r.cancel();
        return;
      }
      if ((s & PAUSED) != 0) {
        r.pause();
      } else {
        r.resume();
      }
      if (state == s) {
        return;
      }
    }
  }

  @Override
  public boolean isPaused() {
    Registration r = registration;
    return r != null ? r.isPaused() : (state & PAUSED) != 0;
  }

  @Override
  public void rephase() {
    if (!spec.absolute() && spec.isPeriodic()) {
      // On the loop thread, inside onExpirations: the timer cannot be closed under us.
      timer.setTimeNanos(spec.periodNanos(), spec.periodNanos());
    }
  }

  @Override
  public Scannable runOn() {
    TimerLoop loop = this.loop;
    if (loop == null) {
      return Scannable.from(null);
    }
    return attr ->
        attr == Scannable.Attr.NAME
            ? loop.name()
            : attr == Scannable.Attr.TERMINATED ? loop.isClosed() : null;
  }

  // ---- ExpirationHandler: the loop thread ---------------------------------------------------

  @Override
  public void onExpirations(long count) {
    delivered += count;
    listener.onTicks(count);
  }

  @Override
  public void onClockChanged() {
    if (spec.options().clockJump() == ClockJumpPolicy.REARM) {
      arm(timer);
    } else {
      cancel();
      listener.onTickError(new ClockChangedException("read"));
    }
  }

  @Override
  public void onError(Throwable error) {
    STATE.getAndUpdate(this, s -> s | CANCELLED);
    listener.onTickError(error);
  }

  @Override
  public String toString() {
    Registration r = registration;
    return "NativeTickSource[" + (r != null ? r : spec) + "]";
  }
}
