package dev.timerfd4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.core.TimerLoopClosedException;
import dev.timerfd4j.testing.FdCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Closing a loop under live subscriptions, subscribing to a closed loop, fatal loop errors. */
class LoopLifecycleTest {

  @Test
  void closingALoopEndsItsSubscriptionsWithAClearErrorAndLeaksNothing() throws Exception {
    int baseline = FdCount.now();
    TimerLoop loop = TimerLoop.create();
    TimerOptions options = TimerOptions.builder().loop(loop).build();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 200; i++) {
      TimerFlux.interval(Duration.ofMillis(1), Duration.ofMillis(5), options)
          .subscribe(v -> {}, errors::add);
    }
    Thread.sleep(100);
    loop.close();
    assertThat(errors).hasSize(200);
    assertThat(errors)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(TimerLoopClosedException.class)
                    .hasMessageContaining(loop.name())
                    .hasMessageContaining("closed"));
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(5));

    StepVerifier.create(TimerFlux.interval(Duration.ofMillis(5), Duration.ofMillis(5), options))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(TimerLoopClosedException.class)
                    .hasMessageContaining("closed"))
        .verify(Duration.ofSeconds(5));
    FdCount.awaitAtMost(baseline, Duration.ofSeconds(5));
  }

  @Test
  void aFatalErrorInTheSharedLoopEndsItsSubscriptionsAndTheNextOneStartsAFreshLoop() {
    TimerLoop first = ReactorTimerLoop.shared();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Flux<Long>> bystanders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      bystanders.add(TimerFlux.interval(Duration.ofMillis(10)));
    }
    bystanders.forEach(flux -> flux.subscribe(v -> {}, errors::add));
    OutOfMemoryError fatal = new OutOfMemoryError("simulated fatal error in a subscriber");
    TimerFlux.interval(Duration.ofMillis(20))
        .subscribe(
            v -> {
              throw fatal;
            },
            e -> {});
    assertThat(first.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(errors).hasSize(5);
    assertThat(errors)
        .allSatisfy(
            e -> assertThat(e).isInstanceOf(TimerLoopClosedException.class).hasCause(fatal));

    StepVerifier.create(TimerFlux.interval(Duration.ofMillis(10)).take(3))
        .expectNext(0L, 1L, 2L)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(ReactorTimerLoop.shared()).isNotSameAs(first);
  }
}
