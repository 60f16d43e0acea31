package dev.timerfd4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.testing.FdCount;
import dev.timerfd4j.testing.ForkedJvm;
import dev.timerfd4j.testing.RecordingHandler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ending a JVM, or closing a loop, with hundreds of live timers neither hangs nor leaks. */
class ShutdownTest {

  private static final int TIMERS = 500;

  /** Child: 500 live 1 ms timers on the shared loop, then main returns (or closes the loop). */
  public static final class LiveTimersMain {
    public static void main(String[] args) throws Exception {
      RecordingHandler handler = new RecordingHandler();
      TimerLoop loop = TimerLoop.shared();
      for (int i = 0; i < TIMERS; i++) {
        TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
        timer.setTime(Duration.ofMillis(1), Duration.ofMillis(1));
        loop.register(timer, handler);
      }
      Thread.sleep(300);
      System.out.println(
          "registrations=" + loop.registrations() + " expirations=" + handler.total.get());
      if (args.length > 0 && args[0].equals("close")) {
        long start = System.nanoTime();
        loop.close();
        System.out.println(
            "closed in "
                + (System.nanoTime() - start) / 1_000_000
                + " ms, terminated="
                + loop.isTerminated()
                + " descriptors="
                + FdCount.now());
      }
      // Returning from main with the loop thread alive: it is a daemon, the JVM must end.
    }
  }

  @Test
  void aJvmWithHundredsOfLiveTimersExitsWhenMainReturns() throws Exception {
    ForkedJvm.Result result = ForkedJvm.run(LiveTimersMain.class, null, Duration.ofSeconds(60));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("registrations=" + TIMERS);
    assertThat(result.output()).doesNotContain("expirations=0\n");
  }

  @Test
  void closingALoopWithHundredsOfLiveTimersReleasesEveryDescriptor() throws Exception {
    ForkedJvm.Result result =
        ForkedJvm.run(LiveTimersMain.class, null, Duration.ofSeconds(60), "close");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("terminated=true").contains("descriptors=0");
  }
}
