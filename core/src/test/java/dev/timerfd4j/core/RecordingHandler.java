package dev.timerfd4j.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Records what a loop delivers to one registration. */
class RecordingHandler implements ExpirationHandler {

  final AtomicLong total = new AtomicLong();
  final AtomicInteger deliveries = new AtomicInteger();
  final AtomicInteger clockChanges = new AtomicInteger();
  final AtomicLong lastCount = new AtomicLong();
  final AtomicReference<Throwable> error = new AtomicReference<>();
  final CountDownLatch errored = new CountDownLatch(1);
  volatile Thread thread;

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
    errored.countDown();
  }
}
