package dev.timerfd4j.reactor;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A periodic timer as a {@code Flux<Long>}: raw expiration counts, or tick indices under a {@link
 * MissedTickPolicy}. Cold: each subscription gets its own timer.
 */
final class FluxTimerFd extends Flux<Long> implements Scannable {

  final TimerSpec spec;

  /** {@code null} for raw expiration counts. */
  final MissedTickPolicy policy;

  final String name;

  FluxTimerFd(TimerSpec spec, MissedTickPolicy policy, String name) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.policy = policy;
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public void subscribe(CoreSubscriber<? super Long> actual) {
    TimerSubscription subscription;
    try {
      TimerBackend backend = TimerBackend.select(spec.options().forcedBackend());
      subscription = new TimerSubscription(actual, this, backend);
    } catch (RuntimeException e) { // e.g. a disposed scheduler rejecting a worker
      Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
      return;
    }
    actual.onSubscribe(subscription);
    subscription.start();
  }

  @Override
  public Object scanUnsafe(Attr key) {
    return TimerScan.publisher(key, name);
  }

  /**
   * One subscription: a tick counter fed by the source and drained as demand allows. The drain loop
   * (WIP) serializes onNext between the timer thread and requesting threads, and is the only place
   * that pauses or resumes the source, so a pause can never outlive the demand it followed.
   */
  static final class TimerSubscription implements Subscription, Scannable, TickListener {

    private static final int CANCELLED = 1;
    private static final int TERMINATED = 1 << 1;

    final CoreSubscriber<? super Long> actual;
    final FluxTimerFd parent;
    final TimerBackend backend;
    final TickSource source;

    volatile long requested;

    static final AtomicLongFieldUpdater<TimerSubscription> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(TimerSubscription.class, "requested");

    volatile int wip;

    static final AtomicIntegerFieldUpdater<TimerSubscription> WIP =
        AtomicIntegerFieldUpdater.newUpdater(TimerSubscription.class, "wip");

    /** Ticks delivered: the sum of expiration counts (one per delivery under DELAY). */
    volatile long ticks;

    static final AtomicLongFieldUpdater<TimerSubscription> TICKS =
        AtomicLongFieldUpdater.newUpdater(TimerSubscription.class, "ticks");

    volatile int flags;

    static final AtomicIntegerFieldUpdater<TimerSubscription> FLAGS =
        AtomicIntegerFieldUpdater.newUpdater(TimerSubscription.class, "flags");

    volatile Throwable error;

    static final AtomicReferenceFieldUpdater<TimerSubscription, Throwable> ERROR =
        AtomicReferenceFieldUpdater.newUpdater(TimerSubscription.class, Throwable.class, "error");

    // ---- drain loop only ----
    /** Ticks accounted for: emitted as counts (raw, SKIP), or the next index (BURST, DELAY). */
    long consumed;

    /** Whether the source is paused; the source is born paused. */
    boolean paused = true;

    TimerSubscription(
        CoreSubscriber<? super Long> actual, FluxTimerFd parent, TimerBackend backend) {
      this.actual = actual;
      this.parent = parent;
      this.backend = backend;
      this.source = backend.newSource(parent.spec, this);
    }

    void start() {
      if (isCancelled()) {
        return;
      }
      // Demand that arrived during onSubscribe resumes the source before it registers, so the
      // loop gets one command (add, listening) instead of two (add paused, then resume).
      drain();
      source.start();
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        Operators.addCap(REQUESTED, this, n);
        drain();
      }
    }

    @Override
    public void cancel() {
      if (markFlag(CANCELLED)) {
        source.cancel();
      }
    }

    @Override
    public void onTicks(long count) {
      int f = flags;
      if ((f & (CANCELLED | TERMINATED)) != 0) {
        if ((f & CANCELLED) == 0) {
          Operators.onNextDropped(count, actual.currentContext());
        }
        return;
      }
      if (parent.policy == MissedTickPolicy.DELAY) {
        TICKS.incrementAndGet(this);
        if (count > 1) {
          source.rephase(); // ticks were missed: the next one comes one period from now
        }
      } else {
        TICKS.addAndGet(this, count);
      }
      drain();
    }

    @Override
    public void onTickError(Throwable e) {
      if ((flags & (CANCELLED | TERMINATED)) != 0 || !ERROR.compareAndSet(this, null, e)) {
        Operators.onErrorDropped(e, actual.currentContext());
        return;
      }
      drain();
    }

    void drain() {
      if (WIP.getAndIncrement(this) != 0) {
        return;
      }
      int missed = 1;
      for (; ; ) {
        if (isCancelled()) {
          return;
        }
        long r = requested;
        long emitted = emit(r);
        if (emitted < 0) {
          return; // onNext threw, or cancelled from within onNext
        }
        if (emitted != 0 && r != Long.MAX_VALUE) {
          r = REQUESTED.addAndGet(this, -emitted);
        }
        Throwable e = error;
        if (e != null) {
          markFlag(TERMINATED);
          source.cancel();
          actual.onError(e);
          return;
        }
        // Without demand the source is paused and the timer keeps counting: no buffer, no
        // OverflowException. A request() after this read increments WIP and loops again.
        boolean wantPause = r == 0;
        if (wantPause != paused) {
          paused = wantPause;
          if (wantPause) {
            source.pause();
          } else {
            source.resume();
          }
        }
        missed = WIP.addAndGet(this, -missed);
        if (missed == 0) {
          return;
        }
      }
    }

    /** Emits what demand {@code r} allows; returns how many items, or -1 to stop draining. */
    private long emit(long r) {
      long t = ticks;
      if (r == 0 || consumed == t) {
        return 0;
      }
      MissedTickPolicy policy = parent.policy;
      if (policy == null || policy == MissedTickPolicy.SKIP) {
        long value = policy == null ? t - consumed : t - 1;
        consumed = t;
        return next(value) ? 1 : -1;
      }
      long e = 0;
      while (e != r && consumed != t) {
        if (!next(consumed++)) {
          return -1;
        }
        e++;
      }
      return e;
    }

    private boolean next(long value) {
      try {
        actual.onNext(value);
      } catch (Throwable t) {
        Exceptions.throwIfFatal(t);
        Throwable e = Operators.onOperatorError(this, t, value, actual.currentContext());
        if (markFlag(TERMINATED)) {
          source.cancel();
          actual.onError(e);
        }
        return false;
      }
      return !isCancelled();
    }

    private boolean isCancelled() {
      return (flags & CANCELLED) != 0;
    }

    private boolean markFlag(int flag) {
      for (; ; ) {
        int f = flags;
        if ((f & flag) != 0) {
          return false;
        }
        if (FLAGS.compareAndSet(this, f, f | flag)) {
          return true;
        }
      }
    }

    @Override
    public Object scanUnsafe(Attr key) {
      if (key == Attr.CANCELLED) {
        return isCancelled();
      }
      if (key == Attr.TERMINATED) {
        return (flags & TERMINATED) != 0;
      }
      if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
        return requested;
      }
      if (key == Attr.ERROR) {
        return error;
      }
      return TimerScan.subscription(key, actual, parent, source, parent.name);
    }

    @Override
    public String toString() {
      return parent.name + "[" + backend + ", requested=" + requested + ", ticks=" + ticks + "]";
    }
  }
}
