package dev.timerfd4j.testing;

import dev.timerfd4j.core.ExpirationHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Records what a loop delivers to one registration (or several that share it). */
public class RecordingHandler implements ExpirationHandler {

  public final AtomicLong total = new AtomicLong();
  public final AtomicInteger deliveries = new AtomicInteger();
  public final AtomicInteger clockChanges = new AtomicInteger();
  public final AtomicLong lastCount = new AtomicLong();
  public final AtomicReference<Throwable> error = new AtomicReference<>();
  public final AtomicInteger errors = new AtomicInteger();
  public final CountDownLatch errored = new CountDownLatch(1);
  public volatile Thread thread;

  @Override
  public void onExpirations(long count) {
    thread = Thread.currentThread();
    lastCount.set(count);
    total.addAndGet(count);
    deliveries.incrementAndGet();
  }

  @Override
  public void onClockChanged() {
    clockChanges.incrementAndGet();
  }

  @Override
  public void onError(Throwable e) {
    error.set(e);
    errors.incrementAndGet();
    errored.countDown();
  }
}
