package dev.timerfd4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timerfd4j.testing.FdCount;
import dev.timerfd4j.testing.RecordingHandler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TimerLoop with real timers: counts, demand, faults, close. */
class TimerLoopTest {

  private static final long MS = 1_000_000L;

  private TimerLoop loop;
  private int baseline;

  @BeforeEach
  void start() {
    baseline = FdCount.now();
    loop = TimerLoop.create();
  }

  @AfterEach
  void stop() throws InterruptedException {
    loop.close();
    assertThat(loop.isTerminated()).isTrue();
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(5));
  }

  private static TimerFd armed(long initialNanos, long intervalNanos) {
    TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
    timer.setTimeNanos(initialNanos, intervalNanos);
    return timer;
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(2);
    }
  }

  /**
   * Pauses the registration, lets a delivery already under way finish, then reads what the kernel
   * still holds from this thread. Returns {delivered + remaining, nanoTime before the read,
   * nanoTime after it}: at the read, the kernel's total was exactly that sum. (Disarming instead
   * would be wrong: timerfd_settime resets the unread count to 0.)
   */
  private static long[] settle(Registration registration, RecordingHandler handler)
      throws InterruptedException {
    registration.pause();
    Thread.sleep(100);
    long before = System.nanoTime();
    long remaining = registration.timer().read();
    long after = System.nanoTime();
    return new long[] {handler.total.get() + remaining, before, after};
  }

  @Test
  void oneThreadDrainsSeveralTimersAndTheCountsAddUp() throws InterruptedException {
    long[] periods = {10 * MS, 25 * MS, 40 * MS};
    RecordingHandler[] handlers = new RecordingHandler[periods.length];
    TimerFd[] timers = new TimerFd[periods.length];
    long[] armedAfter = new long[periods.length];
    long[] armedBefore = new long[periods.length];
    List<Registration> loopRegistrations = new ArrayList<>();
    for (int i = 0; i < periods.length; i++) {
      handlers[i] = new RecordingHandler();
      armedBefore[i] = System.nanoTime();
      timers[i] = armed(periods[i], periods[i]);
      armedAfter[i] = System.nanoTime();
      loopRegistrations.add(loop.register(timers[i], handlers[i]));
    }
    Thread.sleep(600);
    for (int i = 0; i < periods.length; i++) {
      assertThat(handlers[i].deliveries.get()).as("timer %d delivered", i).isPositive();
    }
    for (int i = 0; i < periods.length; i++) {
      long[] settled = settle(loopRegistrations.get(i), handlers[i]);
      long fewest = (settled[1] - armedAfter[i]) / periods[i];
      long most = (settled[2] - armedBefore[i]) / periods[i];
      assertThat(settled[0])
          .as("timer %d (period %d ms): delivered plus unread", i, periods[i] / MS)
          .isBetween(fewest, most);
      assertThat(fewest).isGreaterThanOrEqualTo(600 * MS / periods[i]);
      assertThat(handlers[i].thread.getName()).isEqualTo(loop.name());
    }
    assertThat(loop.registrations()).isEqualTo(3);
  }

  @Test
  void pausedForNPeriodsTheNextCountIsAtLeastN() throws InterruptedException {
    RecordingHandler handler = new RecordingHandler();
    Registration registration = loop.register(armed(10 * MS, 10 * MS), handler);
    await(() -> handler.deliveries.get() >= 3, Duration.ofSeconds(5));

    registration.pause();
    Thread.sleep(30); // let a delivery already under way finish
    int deliveriesWhilePaused = handler.deliveries.get();
    Thread.sleep(200); // 20 periods
    assertThat(handler.deliveries.get())
        .as("nothing is delivered while paused")
        .isEqualTo(deliveriesWhilePaused);
    assertThat(registration.isPaused()).isTrue();

    registration.resume();
    await(() -> handler.deliveries.get() > deliveriesWhilePaused, Duration.ofSeconds(5));
    assertThat(handler.lastCount.get())
        .as("the first delivery after resume carries the missed expirations")
        .isGreaterThanOrEqualTo(20);
  }

  @Test
  void startsPausedAndResumesFromAnotherThread() throws InterruptedException {
    RecordingHandler handler = new RecordingHandler();
    Registration registration = loop.register(armed(5 * MS, 5 * MS), handler, true);
    Thread.sleep(100);
    assertThat(handler.deliveries.get()).isZero();
    Thread resumer = new Thread(registration::resume);
    resumer.start();
    resumer.join();
    await(() -> handler.deliveries.get() > 0, Duration.ofSeconds(5));
    assertThat(handler.total.get()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void pauseResumeTogglingFromAnotherThreadLosesNoExpiration() throws InterruptedException {
    RecordingHandler handler = new RecordingHandler();
    long armedBefore = System.nanoTime();
    TimerFd timer = armed(2 * MS, 2 * MS);
    long armedAfter = System.nanoTime();
    Registration registration = loop.register(timer, handler);
    for (int i = 0; i < 200; i++) {
      registration.pause();
      java.util.concurrent.locks.LockSupport.parkNanos((i % 5) * 400_000L);
      registration.resume();
    }
    long[] settled = settle(registration, handler);
    assertThat(settled[0])
        .isBetween((settled[1] - armedAfter) / (2 * MS), (settled[2] - armedBefore) / (2 * MS));
    assertThat(registration.isCancelled()).isFalse();
  }

  @Test
  void aThrowingHandlerEndsOnlyItsOwnRegistration() throws InterruptedException {
    RuntimeException boom = new IllegalStateException("boom");
    RecordingHandler thrower =
        new RecordingHandler() {
          @Override
          public void onExpirations(long count) {
            throw boom;
          }
        };
    RecordingHandler other = new RecordingHandler();
    Registration failing = loop.register(armed(5 * MS, 5 * MS), thrower);
    loop.register(armed(5 * MS, 5 * MS), other);

    assertThat(thrower.errored.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(thrower.error.get()).isSameAs(boom);
    assertThat(failing.isTerminated()).isTrue();
    assertThat(failing.timer().isOpen()).isFalse();

    long before = other.total.get();
    Thread.sleep(100);
    assertThat(other.total.get()).as("the other timer keeps ticking").isGreaterThan(before);
    assertThat(other.error.get()).isNull();
    assertThat(loop.registrations()).isEqualTo(1);
  }

  @Test
  void cancelFromTheHandlerStopsDeliveriesAtOnce() throws InterruptedException {
    AtomicInteger after = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    Registration[] self = new Registration[1];
    ExpirationHandler handler =
        new ExpirationHandler() {
          @Override
          public void onExpirations(long count) {
            if (self[0].isCancelled()) {
              after.incrementAndGet();
            }
            self[0].cancel();
            done.countDown();
          }

          @Override
          public void onError(Throwable error) {
            after.incrementAndGet();
          }
        };
    TimerFd timer = armed(5 * MS, 1 * MS);
    self[0] = loop.register(timer, handler, true);
    self[0].resume();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50);
    assertThat(after.get()).isZero();
    assertThat(self[0].isTerminated()).isTrue();
    assertThat(timer.isOpen()).isFalse();
  }

  @Test
  void registerAndCancelFromEightThreadsLeaksNothing() throws Exception {
    int threads = 8;
    int cycles = 1_500;
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < cycles; i++) {
                    RecordingHandler handler = new RecordingHandler();
                    Registration registration =
                        loop.register(armed(1 + (i % 3) * MS, MS), handler, (i & 1) == 0);
                    if ((i & 3) == 0) {
                      registration.resume();
                    }
                    if ((i & 7) == 0) {
                      registration.pause();
                    }
                    registration.cancel();
                    if (handler.error.get() != null) {
                      errors.incrementAndGet();
                    }
                  }
                } catch (Throwable e) {
                  errors.incrementAndGet();
                  e.printStackTrace();
                }
              });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join(60_000);
    }
    assertThat(errors.get()).isZero();
    await(() -> loop.registrations() == 0, Duration.ofSeconds(10));
    // The loop's own epoll and eventfd are its only descriptors now.
    FdCount.awaitAtMost(baseline + 2, Duration.ofSeconds(10));
  }

  @Test
  void closingTheLoopEndsEveryRegistrationAndClosesEveryDescriptor() throws Exception {
    List<RecordingHandler> handlers = new ArrayList<>();
    List<TimerFd> timers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      RecordingHandler handler = new RecordingHandler();
      TimerFd timer = armed(MS, MS);
      loop.register(timer, handler, i % 2 == 0);
      handlers.add(handler);
      timers.add(timer);
    }
    Thread.sleep(50);
    loop.close();
    assertThat(loop.isTerminated()).isTrue();
    for (RecordingHandler handler : handlers) {
      assertThat(handler.error.get())
          .isInstanceOf(TimerLoopClosedException.class)
          .hasMessageContaining(loop.name())
          .hasMessageContaining("closed");
    }
    assertThat(timers).noneMatch(TimerFd::isOpen);
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(5));

    TimerFd late = armed(MS, MS);
    assertThatThrownBy(() -> loop.register(late, new RecordingHandler()))
        .isInstanceOf(TimerLoopClosedException.class)
        .hasMessageContaining("closed");
    assertThat(late.isOpen()).as("a refused timer is closed, not leaked").isFalse();
  }

  @Test
  void aCancelledNumberReusedByAPipeIsNeverReadOrClosedByTheLoop() throws Exception {
    // Keep the loop busy with another timer so it runs while we reuse numbers.
    loop.register(armed(MS, MS), new RecordingHandler());
    for (int round = 0; round < 200; round++) {
      TimerFd timer = armed(MS, MS);
      int number = timer.fd();
      RecordingHandler handler = new RecordingHandler();
      Registration registration = loop.register(timer, handler);
      Thread.sleep(0, 200_000);
      registration.cancel();
      await(registration::isTerminated, Duration.ofSeconds(5));
      await(
          () -> !java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + number)),
          Duration.ofSeconds(5));
      int totalAtCancel = (int) handler.total.get();

      java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
      try {
        pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {42}));
        Thread.sleep(0, 500_000);
        pipe.source().configureBlocking(false);
        java.nio.ByteBuffer read = java.nio.ByteBuffer.allocate(8);
        assertThat(pipe.source().read(read))
            .as("the loop did not consume the pipe's byte")
            .isEqualTo(1);
        assertThat(read.get(0)).isEqualTo((byte) 42);
        assertThat(pipe.source().isOpen()).isTrue();
        pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {7}));
        read.clear();
        assertThat(pipe.source().read(read)).as("the pipe still works").isEqualTo(1);
      } finally {
        pipe.source().close();
        pipe.sink().close();
      }
      assertThat(handler.total.get()).isEqualTo(totalAtCancel);
    }
  }

  @Test
  void steadyStateAllocatesNothingPerExpiration() throws InterruptedException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    RecordingHandler[] handlers = new RecordingHandler[20];
    for (int i = 0; i < handlers.length; i++) {
      handlers[i] = new RecordingHandler();
      loop.register(armed(MS, MS), handlers[i]);
    }
    await(() -> handlers[0].thread != null, Duration.ofSeconds(5));
    long loopThreadId = handlers[0].thread.getId();
    Thread.sleep(500); // warm up: JIT, slot tables, event buffer growth

    long expirationsBefore = 0;
    for (RecordingHandler handler : handlers) {
      expirationsBefore += handler.deliveries.get();
    }
    long bytesBefore = threads.getThreadAllocatedBytes(loopThreadId);
    Thread.sleep(1_000);
    long bytesAfter = threads.getThreadAllocatedBytes(loopThreadId);
    long expirationsAfter = 0;
    for (RecordingHandler handler : handlers) {
      expirationsAfter += handler.deliveries.get();
    }
    long deliveries = expirationsAfter - expirationsBefore;
    assertThat(deliveries).isGreaterThan(1_000);
    // A handful of bytes may come from the JIT swapping in compiled code; not per delivery.
    assertThat(bytesAfter - bytesBefore)
        .as("bytes allocated by the loop thread over %d deliveries", deliveries)
        .isLessThan(deliveries);
  }

  @Test
  void argumentsAreChecked() {
    TimerFd timer = armed(MS, MS);
    try {
      assertThatThrownBy(() -> loop.register(null, new RecordingHandler()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("timer");
      assertThatThrownBy(() -> loop.register(timer, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("handler");
      loop.register(timer, new RecordingHandler());
      assertThatThrownBy(() -> loop.register(timer, new RecordingHandler()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already registered");
      TimerFd closed = armed(MS, 0);
      closed.close();
      assertThatThrownBy(() -> loop.register(closed, new RecordingHandler()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(() -> TimerLoop.create(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("threadFactory");
      assertThatThrownBy(() -> loop.slowHandlerThreshold(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("threshold");
    } finally {
      timer.close();
    }
  }

  @Test
  void closingARegisteredTimerCancelsItsRegistration() throws InterruptedException {
    TimerFd timer = armed(MS, MS);
    Registration registration = loop.register(timer, new RecordingHandler());
    timer.close();
    await(registration::isTerminated, Duration.ofSeconds(5));
    assertThat(registration.isCancelled()).isTrue();
  }

  @Test
  void sharedLoopIsLazyDaemonAndReplacedAfterClose() {
    TimerLoop shared = TimerLoop.shared();
    assertThat(TimerLoop.shared()).isSameAs(shared);
    assertThat(shared.name()).startsWith("timerfd4j-loop-");
    shared.close();
    TimerLoop fresh = TimerLoop.shared();
    assertThat(fresh).isNotSameAs(shared);
    assertThat(fresh.isClosed()).isFalse();
    fresh.close();
  }

  @Test
  void customThreadFactoryDecidesTheThread() throws InterruptedException {
    TimerLoop custom =
        TimerLoop.create(
            r -> {
              Thread t = new Thread(r, "custom-timer-thread");
              t.setDaemon(true);
              return t;
            });
    try {
      RecordingHandler handler = new RecordingHandler();
      custom.register(armed(MS, 0), handler);
      await(() -> handler.thread != null, Duration.ofSeconds(5));
      assertThat(handler.thread.getName()).isEqualTo("custom-timer-thread");
      assertThat(handler.thread.isDaemon()).isTrue();
      assertThat(custom.name()).isEqualTo("custom-timer-thread");
    } finally {
      custom.close();
    }
  }
}
