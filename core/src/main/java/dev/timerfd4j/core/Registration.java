package dev.timerfd4j.core;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One timer registered with a {@link TimerLoop}: pause, resume and cancel it from any thread.
 *
 * <p>Demand without buffering: {@link #pause()} stops the loop from reading the timer; the kernel
 * keeps counting, and the first read after {@link #resume()} returns every expiration missed in
 * between. Pausing costs no syscall: the loop removes read interest ({@code EPOLL_CTL_MOD}) only if
 * the timer fires while paused, and resuming restores it only if it was removed. An always-resumed
 * registration costs nothing.
 */
public final class Registration {

  // State bits. PAUSED, CANCELLED and QUEUED are set by any thread; INTEREST_OFF, ADDED and
  // TERMINATED by the loop thread (or, after the loop terminated, by the thread ending it).
  static final int PAUSED = 1;
  static final int INTEREST_OFF = 1 << 1;
  static final int QUEUED = 1 << 2;
  static final int ADDED = 1 << 3;
  static final int CANCELLED = 1 << 4;
  static final int TERMINATED = 1 << 5;

  volatile int state;

  static final AtomicIntegerFieldUpdater<Registration> STATE =
      AtomicIntegerFieldUpdater.newUpdater(Registration.class, "state");

  final TimerLoop loop;
  final TimerFd timer;
  final ExpirationHandler handler;

  /** Link in the loop's command stack; written by the pushing thread, read by the loop. */
  Registration nextCommand;

  /** Slot in the loop's table and the epoll token; loop thread only. -1 before ADD. */
  int slot = -1;

  long token;

  Registration(
      TimerLoop loop, TimerFd timer, ExpirationHandler handler, boolean paused, boolean queued) {
    this.loop = loop;
    this.timer = timer;
    this.handler = handler;
    this.state = (paused ? PAUSED : 0) | (queued ? QUEUED : 0);
  }

  /** The timer this registration drains; owned by the loop. */
  public TimerFd timer() {
    return timer;
  }

  /** The loop this registration belongs to. */
  public TimerLoop loop() {
    return loop;
  }

  /**
   * Stops delivering expirations until {@link #resume()}; the kernel keeps counting. Idempotent;
   * any thread; no syscall. An expiration already being delivered is not recalled.
   */
  public void pause() {
    for (; ; ) {
      int s = state;
      if ((s & (PAUSED | CANCELLED | TERMINATED)) != 0) {
        return;
      }
      if (STATE.compareAndSet(this, s, s | PAUSED)) {
        return;
      }
    }
  }

  /**
   * Delivers expirations again; the next delivery carries every expiration missed while paused.
   * Idempotent; any thread. Costs a syscall only when the loop had removed read interest.
   */
  public void resume() {
    boolean inLoop = loop.inLoop();
    for (; ; ) {
      int s = state;
      if ((s & PAUSED) == 0 || (s & (CANCELLED | TERMINATED)) != 0) {
        return;
      }
      boolean push = !inLoop && (s & INTEREST_OFF) != 0 && (s & QUEUED) == 0;
      int next = (s & ~PAUSED) | (push ? QUEUED : 0);
      if (STATE.compareAndSet(this, s, next)) {
        if (push) {
          loop.push(this);
        } else if (inLoop) {
          loop.restoreInterest(this);
        }
        return;
      }
    }
  }

  /**
   * Ends the registration: the loop stops reading the timer, removes it from epoll and closes it,
   * on the loop thread. Idempotent; any thread. No handler method is called afterwards, except a
   * delivery already in progress on the loop thread.
   */
  public void cancel() {
    boolean inLoop = loop.inLoop();
    for (; ; ) {
      int s = state;
      if ((s & (CANCELLED | TERMINATED)) != 0) {
        return;
      }
      boolean push = !inLoop && (s & QUEUED) == 0;
      if (STATE.compareAndSet(this, s, s | CANCELLED | (push ? QUEUED : 0))) {
        if (push) {
          loop.push(this);
        } else if (inLoop) {
          loop.terminate(this, null);
        }
        return;
      }
    }
  }

  /** Whether {@link #pause()} is in effect. */
  public boolean isPaused() {
    return (state & PAUSED) != 0;
  }

  /** Whether the registration was cancelled or has ended. */
  public boolean isCancelled() {
    return (state & (CANCELLED | TERMINATED)) != 0;
  }

  /** Whether the registration has ended and its timer is closed (or about to be). */
  public boolean isTerminated() {
    return (state & TERMINATED) != 0;
  }

  /** Sets TERMINATED once; returns whether this call did. */
  boolean markTerminated() {
    for (; ; ) {
      int s = state;
      if ((s & TERMINATED) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s | TERMINATED)) {
        return true;
      }
    }
  }

  void clearQueued() {
    for (; ; ) {
      int s = state;
      if (STATE.compareAndSet(this, s, s & ~QUEUED)) {
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "Registration[" + timer + ", loop=" + loop.name() + ", state=" + state + "]";
  }
}
