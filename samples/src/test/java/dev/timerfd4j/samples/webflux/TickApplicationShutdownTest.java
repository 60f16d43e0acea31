package dev.timerfd4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.TimerLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** The app's own lifecycle: started as {@code main} would, then shut down with a stream open. */
class TickApplicationShutdownTest {

  @Test
  @Timeout(90)
  void shutdownClosesTheTimerLoopAndEndsOpenStreams() throws Exception {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TickApplication.class).run("--server.port=0");
    TimerLoop loop;
    Flux<?> stream;
    try {
      loop = context.getBean(TimerLoop.class);
      String port = context.getEnvironment().getProperty("local.server.port");
      stream =
          WebClient.create("http://127.0.0.1:" + port)
              .get()
              .uri("/ticks?period=PT0.1S")
              .retrieve()
              .bodyToFlux(TickApplicationTest.TICK_EVENT);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }

    CountDownLatch twoEvents = new CountDownLatch(2);
    CompletableFuture<String> ended = new CompletableFuture<>();
    stream.subscribe(
        event -> twoEvents.countDown(),
        error -> ended.complete("error: " + error),
        () -> ended.complete("complete"));
    assertThat(twoEvents.await(20, TimeUnit.SECONDS)).as("two events").isTrue();

    long start = System.nanoTime();
    context.close(); // from a plain thread: closing blocks
    // The server going away ends the stream (with an error or without): it does not hang.
    assertThat(ended.get(30, TimeUnit.SECONDS)).isNotNull();

    assertThat(loop.isClosed()).isTrue();
    assertThat(loop.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(loop.registrations()).isZero();
    // An immediate shutdown: no 30 s wait for the endless stream.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
  }
}
