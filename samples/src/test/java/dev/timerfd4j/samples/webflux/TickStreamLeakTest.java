package dev.timerfd4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.samples.OpenFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Opens and drops many Server-Sent Event streams and checks that nothing stays open. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TickStreamLeakTest {

  private static final int STREAMS = 200;
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @LocalServerPort int port;

  @Autowired TimerLoop timerLoop;

  @Test
  @Timeout(120)
  void droppedStreamsCloseTheirTimersAndSockets() throws Exception {
    // No pooling: each stream its own connection, closed when the stream is dropped.
    WebClient client =
        WebClient.builder()
            .baseUrl("http://127.0.0.1:" + port)
            .clientConnector(
                new ReactorClientHttpConnector(
                    HttpClient.create(ConnectionProvider.newConnection())))
            .build();

    // Warm up (classes, event loop threads, codecs), then take the baseline once it is quiet.
    dropAll(openStreams(client, 8));
    await(() -> timerLoop.registrations() == 0, "the warm-up streams' timers to close");
    int baseline = OpenFiles.awaitStable(Duration.ofMillis(300), DEADLINE);

    List<Disposable> streams = openStreams(client, STREAMS);
    // Every stream holds a timer on the loop (and a socket at each end) while it is open.
    assertThat(timerLoop.registrations()).isEqualTo(STREAMS);
    assertThat(OpenFiles.count()).isGreaterThanOrEqualTo(baseline + STREAMS);

    dropAll(streams);
    await(() -> timerLoop.registrations() == 0, "every timer to close");
    assertThat(OpenFiles.awaitAtMost(baseline, DEADLINE)).isLessThanOrEqualTo(baseline);
  }

  /** Opens {@code count} streams and returns once each has received its first event. */
  private static List<Disposable> openStreams(WebClient client, int count)
      throws InterruptedException {
    CountDownLatch firstEvents = new CountDownLatch(count);
    List<Disposable> streams = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      AtomicBoolean received = new AtomicBoolean();
      streams.add(
          client
              .get()
              .uri("/ticks?period=PT0.2S")
              .retrieve()
              .bodyToFlux(TickApplicationTest.TICK_EVENT)
              .doOnNext(
                  event -> {
                    if (received.compareAndSet(false, true)) {
                      firstEvents.countDown(); // the stream stays open
                    }
                  })
              .subscribe());
    }
    assertThat(firstEvents.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("all %d streams got their first event", count)
        .isTrue();
    return streams;
  }

  private static void dropAll(List<Disposable> streams) {
    streams.forEach(Disposable::dispose);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
