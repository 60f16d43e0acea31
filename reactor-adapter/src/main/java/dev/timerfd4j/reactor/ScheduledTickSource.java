package dev.timerfd4j.reactor;

import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.Scannable;
import reactor.core.scheduler.Scheduler;

/**
 * The emulated backend, for virtual time and for systems without timerfd: a task on a Reactor
 * {@link Scheduler} worker computes expiration counts from the scheduler's elapsed time, the way
 * the kernel counts them. While paused it parks instead of rescheduling, and the first run after
 * {@link #resume()} delivers every tick that came due meanwhile.
 */
final class ScheduledTickSource implements TickSource, Runnable {

  /** Longest delay handed to a scheduler: VirtualTimeScheduler adds it to its clock unchecked. */
  private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

  private static final int PAUSED = 1;
  private static final int PARKED = 1 << 1;
  private static final int CANCELLED = 1 << 2;

  private volatile int state = PAUSED;

  private static final AtomicIntegerFieldUpdater<ScheduledTickSource> STATE =
      AtomicIntegerFieldUpdater.newUpdater(ScheduledTickSource.class, "state");

  private final TimerSpec spec;
  private final Scheduler scheduler;
  private final Scheduler.Worker worker;
  private final TickListener listener;

  // Written by start() before the first task is scheduled, then by worker tasks only.
  /** Scheduler time of tick 0. */
  private long firstNanos;

  /** Ticks delivered since {@link #firstNanos}. */
  private long delivered;

  ScheduledTickSource(TimerSpec spec, Scheduler scheduler, TickListener listener) {
    this.spec = spec;
    this.scheduler = scheduler;
    this.worker = scheduler.createWorker();
    this.listener = listener;
  }

  @Override
  public void start() {
    long now = now();
    long initial = spec.absolute() ? spec.initialNanos() - wallClockNanos() : spec.initialNanos();
    firstNanos = saturatedAdd(now, initial);
    scheduleAt(firstNanos, now);
  }

  @Override
  public void run() {
    for (; ; ) {
      int s = state;
      if ((s & CANCELLED) != 0) {
        return;
      }
      if ((s & PAUSED) == 0) {
        break;
      }
      if (STATE.compareAndSet(this, s, s | PARKED)) {
        return; // resume() reschedules us
      }
    }
    long due = dueTicks(now());
    if (due > delivered) {
      long count = due - delivered;
      delivered = due;
      listener.onTicks(count); // may pause, cancel or rephase
    }
    if ((state & CANCELLED) != 0 || (!spec.isPeriodic() && delivered > 0)) {
      return;
    }
    scheduleAt(spec.tickTime(firstNanos, delivered), now());
  }

  private long dueTicks(long now) {
    if (now < firstNanos) {
      return 0;
    }
    if (!spec.isPeriodic()) {
      return 1;
    }
    return (now - firstNanos) / spec.periodNanos() + 1;
  }

  private void scheduleAt(long deadline, long now) {
    long delay = Math.min(Math.max(0, deadline - now), MAX_DELAY_NANOS);
    try {
      worker.schedule(this, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (markCancelled()) {
        worker.dispose();
        listener.onTickError(e);
      }
    }
  }

  @Override
  public void pause() {
    for (; ; ) {
      int s = state;
      if ((s & (PAUSED | CANCELLED)) != 0 || STATE.compareAndSet(this, s, s | PAUSED)) {
        return;
      }
    }
  }

  @Override
  public void resume() {
    for (; ; ) {
      int s = state;
      if ((s & PAUSED) == 0 || (s & CANCELLED) != 0) {
        return;
      }
      if (STATE.compareAndSet(this, s, s & ~(PAUSED | PARKED))) {
        if ((s & PARKED) != 0) {
          scheduleAt(0, 0);
        }
        return;
      }
    }
  }

  @Override
  public void cancel() {
    if (markCancelled()) {
      worker.dispose();
    }
  }

  private boolean markCancelled() {
    for (; ; ) {
      int s = state;
      if ((s & CANCELLED) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s | CANCELLED)) {
        return true;
      }
    }
  }

  @Override
  public void rephase() {
    firstNanos = saturatedAdd(now(), spec.periodNanos());
    delivered = 0;
  }

  @Override
  public Scannable runOn() {
    return Scannable.from(scheduler);
  }

  private long now() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }

  /**
   * Wall-clock time in epoch nanoseconds. A wall-clock schedule is mapped onto the scheduler's
   * clock once, at start: under virtual time, {@code at(now + 5 s)} fires after 5 virtual seconds.
   */
  private static long wallClockNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow iff both operands have the sign opposite to the sum.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  @Override
  public String toString() {
    return "ScheduledTickSource[" + scheduler + ", " + spec + "]";
  }
}
