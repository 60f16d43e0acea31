package dev.timerfd4j.reactor;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A one-shot timer as a {@code Mono<Long>} that emits {@code 0L} and completes, like {@link
 * Mono#delay}. Cold: each subscription gets its own timer. When the timer fires before the
 * subscriber requested, the value waits for the request (one flag, no error).
 */
final class MonoTimerFd extends Mono<Long> implements Scannable {

  final TimerSpec spec;
  final String name;

  MonoTimerFd(TimerSpec spec, String name) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public void subscribe(CoreSubscriber<? super Long> actual) {
    TimerBackend backend = TimerBackend.select(spec.options().forcedBackend());
    OneShotSubscription subscription = new OneShotSubscription(actual, this, backend);
    actual.onSubscribe(subscription);
    if ((subscription.state & OneShotSubscription.CANCELLED) == 0) {
      // One expiration is one flag, not a backlog: the source never needs pausing.
      subscription.source.resume();
      subscription.source.start();
    }
  }

  @Override
  public Object scanUnsafe(Attr key) {
    if (key == Attr.RUN_STYLE) {
      return Attr.RunStyle.ASYNC;
    }
    if (key == Attr.NAME) {
      return name;
    }
    return null;
  }

  /** One subscription: emits once both the timer fired and the subscriber requested. */
  static final class OneShotSubscription implements Subscription, Scannable, TickListener {

    static final int REQUESTED = 1;
    static final int FIRED = 1 << 1;
    static final int DONE = 1 << 2;
    static final int CANCELLED = 1 << 3;

    final CoreSubscriber<? super Long> actual;
    final MonoTimerFd parent;
    final TickSource source;

    volatile int state;

    static final AtomicIntegerFieldUpdater<OneShotSubscription> STATE =
        AtomicIntegerFieldUpdater.newUpdater(OneShotSubscription.class, "state");

    OneShotSubscription(
        CoreSubscriber<? super Long> actual, MonoTimerFd parent, TimerBackend backend) {
      this.actual = actual;
      this.parent = parent;
      this.source = backend.newSource(parent.spec, this);
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        signal(REQUESTED);
      }
    }

    @Override
    public void cancel() {
      if (signal(CANCELLED)) {
        source.cancel();
      }
    }

    @Override
    public void onTicks(long count) {
      if ((state & DONE) != 0 && (state & CANCELLED) == 0) {
        Operators.onNextDropped(count, actual.currentContext());
        return;
      }
      signal(FIRED);
    }

    @Override
    public void onTickError(Throwable e) {
      if (!signal(DONE)) {
        Operators.onErrorDropped(e, actual.currentContext());
        return;
      }
      source.cancel();
      actual.onError(e);
    }

    /**
     * Sets {@code bit}; emits when that completes REQUESTED and FIRED. Returns whether this call
     * set the bit while neither DONE nor CANCELLED was set.
     */
    private boolean signal(int bit) {
      for (; ; ) {
        int s = state;
        if ((s & (DONE | CANCELLED)) != 0 || (s & bit) != 0) {
          return false;
        }
        int next = s | bit;
        boolean emit = (next & (REQUESTED | FIRED)) == (REQUESTED | FIRED);
        if (STATE.compareAndSet(this, s, emit ? next | DONE : next)) {
          if (emit) {
            emit();
          }
          return true;
        }
      }
    }

    private void emit() {
      source.cancel(); // the timer has done its job: release the descriptor now
      try {
        actual.onNext(0L);
      } catch (Throwable t) {
        Exceptions.throwIfFatal(t);
        actual.onError(Operators.onOperatorError(this, t, 0L, actual.currentContext()));
        return;
      }
      actual.onComplete();
    }

    @Override
    public Object scanUnsafe(Attr key) {
      int s = state;
      if (key == Attr.CANCELLED) {
        return (s & CANCELLED) != 0;
      }
      if (key == Attr.TERMINATED) {
        return (s & DONE) != 0;
      }
      if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
        return (s & REQUESTED) != 0 && (s & DONE) == 0 ? 1L : 0L;
      }
      if (key == Attr.ACTUAL) {
        return actual;
      }
      if (key == Attr.PARENT) {
        return parent;
      }
      if (key == Attr.RUN_ON) {
        return source.runOn();
      }
      if (key == Attr.RUN_STYLE) {
        return Attr.RunStyle.ASYNC;
      }
      if (key == Attr.NAME) {
        return parent.name;
      }
      return null;
    }

    @Override
    public String toString() {
      return parent.name + "[state=" + state + "]";
    }
  }
}
