package dev.timerfd4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.testing.ForkedJvm;
import dev.timerfd4j.testing.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Out of descriptors: a clear EMFILE, the running timers go on, and room comes back. */
class FdExhaustionTest {

  /** Child, run under {@code ulimit -n 128}: creates timers until the kernel says no. */
  public static final class ExhaustMain {
    public static void main(String[] args) throws Exception {
      TimerLoop loop = TimerLoop.create();
      RecordingHandler handler = new RecordingHandler();
      List<Registration> registrations = new ArrayList<>();
      TimerFdException refusal = null;
      while (refusal == null) {
        try {
          TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
          timer.setTime(Duration.ofMillis(5), Duration.ofMillis(5));
          registrations.add(loop.register(timer, handler));
        } catch (TimerFdException e) {
          refusal = e;
        }
      }
      System.out.println("refused after " + registrations.size() + ": " + refusal.getMessage());
      long before = handler.total.get();
      Thread.sleep(200);
      System.out.println("still ticking=" + (handler.total.get() > before));
      for (int i = 0; i < 10; i++) {
        registrations.get(i).cancel();
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      int created = 0;
      while (created < 5 && System.nanoTime() < deadline) {
        try {
          TimerFd.create(ClockId.MONOTONIC, true).close();
          created++;
        } catch (TimerFdException e) {
          Thread.sleep(10); // the loop thread closes cancelled timers asynchronously
        }
      }
      System.out.println("created after cancel=" + created);
      System.out.println("errors before close=" + handler.errors.get());
      loop.close();
    }
  }

  @Test
  void runningOutOfDescriptorsIsEmfileAndNothingElseBreaks() throws Exception {
    ForkedJvm.Result result = ForkedJvm.run(ExhaustMain.class, 128, Duration.ofSeconds(60));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("timerfd_create: EMFILE (Too many open files)")
        .contains("still ticking=true")
        .contains("created after cancel=5")
        .contains("errors before close=0");
  }
}
