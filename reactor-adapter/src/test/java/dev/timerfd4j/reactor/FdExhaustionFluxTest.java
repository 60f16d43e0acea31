package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.TimerFdException;
import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.testing.ForkedJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Subscribing until the process runs out of descriptors: the failing subscription gets onError
 * naming EMFILE, the running ones keep ticking, and after some are cancelled new subscriptions
 * succeed. Runs in a forked JVM under {@code ulimit -n 256}.
 */
class FdExhaustionFluxTest {

  /** The child process. */
  public static final class SubscribeUntilRefusedMain {
    public static void main(String[] args) throws Exception {
      TimerLoop loop = TimerLoop.create();
      TimerOptions options = TimerOptions.builder().loop(loop).build();
      AtomicLong ticks = new AtomicLong();
      AtomicReference<Throwable> refusal = new AtomicReference<>();
      List<Disposable> running = new ArrayList<>();
      while (refusal.get() == null) {
        running.add(
            TimerFlux.expirations(Duration.ofMillis(5), Duration.ofMillis(5), options)
                .subscribe(ticks::addAndGet, refusal::set));
      }
      Throwable e = refusal.get();
      System.out.println("refused after " + (running.size() - 1) + " subscriptions");
      System.out.println(
          "refusal type=" + e.getClass().getSimpleName() + " message=" + e.getMessage());
      if (e instanceof TimerFdException t) {
        System.out.println("errno=" + t.errnoName());
      }
      long before = ticks.get();
      Thread.sleep(200);
      System.out.println("still ticking=" + (ticks.get() > before + running.size()));
      for (int i = 0; i < 20; i++) {
        running.get(i).dispose();
      }
      AtomicReference<Throwable> again = new AtomicReference<>();
      AtomicLong fresh = new AtomicLong();
      long deadline = System.nanoTime() + 5_000_000_000L;
      boolean subscribed = false;
      while (!subscribed && System.nanoTime() < deadline) {
        again.set(null);
        Disposable d =
            TimerFlux.expirations(Duration.ofMillis(5), Duration.ofMillis(5), options)
                .subscribe(fresh::addAndGet, again::set);
        subscribed = again.get() == null;
        if (!subscribed) {
          Thread.sleep(10); // the loop thread closes disposed timers asynchronously
        } else {
          running.add(d);
        }
      }
      Thread.sleep(100);
      System.out.println("new subscription ticks=" + (fresh.get() > 0));
      loop.close();
    }
  }

  @Test
  void theFailingSubscriptionGetsEmfileAndTheOthersGoOn() throws Exception {
    ForkedJvm.Result result =
        ForkedJvm.run(SubscribeUntilRefusedMain.class, 256, Duration.ofSeconds(90));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .as(result.output())
        .contains("refusal type=TimerFdException")
        .contains("timerfd_create: EMFILE (Too many open files)")
        .contains("errno=EMFILE")
        .contains("still ticking=true")
        .contains("new subscription ticks=true");
  }
}
