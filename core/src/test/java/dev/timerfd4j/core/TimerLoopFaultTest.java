package dev.timerfd4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.testing.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Faults inside the loop: slow handlers, fatal errors. */
class TimerLoopFaultTest {

  private static final long MS = 1_000_000L;

  private static TimerFd armed(long initialNanos, long intervalNanos) {
    TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
    timer.setTimeNanos(initialNanos, intervalNanos);
    return timer;
  }

  /** A handler that counts {@code blocked} down, then holds the loop thread for {@code millis}. */
  private static ExpirationHandler blocking(CountDownLatch blocked, long millis) {
    return new RecordingHandler() {
      @Override
      public void onExpirations(long count) {
        blocked.countDown();
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  @Test
  void aHandlerThatBlocksIsReportedAndTheLoopRecoversAfterItReturns() throws Exception {
    try (TimerLoop loop = TimerLoop.create()) {
      loop.slowHandlerThreshold(Duration.ofMillis(100));
      assertThat(loop.slowHandlerThreshold()).isEqualTo(Duration.ofMillis(100));
      RecordingHandler ticking = new RecordingHandler();
      loop.register(armed(5 * MS, 5 * MS), ticking);
      CountDownLatch blocked = new CountDownLatch(1);
      loop.register(armed(20 * MS, 0), blocking(blocked, 600));
      assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
      int deliveriesWhileBlocked = ticking.deliveries.get();
      Thread.sleep(400);
      assertThat(loop.slowHandlerReports()).as("reported while it still blocks").isEqualTo(1);
      Thread.sleep(400);
      // After the blocking call returns, the missed expirations arrive in one count, then the
      // timer ticks on at its period again.
      long deadline = System.nanoTime() + 5_000 * MS;
      while (ticking.deliveries.get() < deliveriesWhileBlocked + 10
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(ticking.deliveries.get()).isGreaterThanOrEqualTo(deliveriesWhileBlocked + 10);
      assertThat(ticking.total.get()).isGreaterThanOrEqualTo(600 / 5);
      assertThat(loop.slowHandlerReports()).as("one report per slow call").isEqualTo(1);
    }
  }

  @Test
  void theSlowHandlerCheckStopsWhileTheLoopSleepsAndComesBackWhenItWakes() throws Exception {
    try (TimerLoop loop = TimerLoop.create()) {
      loop.slowHandlerThreshold(Duration.ofMillis(40)); // checks every 10 ms
      RecordingHandler handler = new RecordingHandler();
      loop.register(armed(5 * MS, 0), handler);
      long deadline = System.nanoTime() + 5_000 * MS;
      while (handler.total.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(loop.isWatchdogArmed()).as("armed by the wake-up").isTrue();
      while (loop.isWatchdogArmed() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(loop.isWatchdogArmed()).as("no checks while the loop sleeps").isFalse();

      CountDownLatch blocked = new CountDownLatch(1);
      loop.register(armed(5 * MS, 0), blocking(blocked, 300));
      assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(loop.isWatchdogArmed()).as("re-armed by the next wake-up").isTrue();
      Thread.sleep(200);
      assertThat(loop.slowHandlerReports()).isEqualTo(1);
    }
  }

  @Test
  void aFatalErrorEndsEveryRegistrationAndTheSharedLoopStartsAfresh() throws Exception {
    TimerLoop loop = TimerLoop.shared();
    List<RecordingHandler> bystanders = new ArrayList<>();
    List<TimerFd> timers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      RecordingHandler handler = new RecordingHandler();
      TimerFd timer = armed(10 * MS, 10 * MS);
      loop.register(timer, handler);
      bystanders.add(handler);
      timers.add(timer);
    }
    OutOfMemoryError fatal = new OutOfMemoryError("simulated fatal error in a handler");
    loop.register(
        armed(30 * MS, 0),
        new RecordingHandler() {
          @Override
          public void onExpirations(long count) {
            throw fatal;
          }
        });
    assertThat(loop.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(loop.isClosed()).isTrue();
    for (RecordingHandler handler : bystanders) {
      assertThat(handler.error.get())
          .isInstanceOf(TimerLoopClosedException.class)
          .hasMessageContaining("died")
          .hasCause(fatal);
    }
    assertThat(timers).noneMatch(TimerFd::isOpen);

    TimerLoop fresh = TimerLoop.shared();
    assertThat(fresh).isNotSameAs(loop);
    RecordingHandler handler = new RecordingHandler();
    fresh.register(armed(5 * MS, 0), handler);
    long deadline = System.nanoTime() + 5_000 * MS;
    while (handler.total.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(handler.total.get()).isEqualTo(1);
    fresh.close();
  }
}
