package dev.timerfd4j.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TickApplicationTest {

  static final ParameterizedTypeReference<ServerSentEvent<Tick>> TICK_EVENT =
      new ParameterizedTypeReference<>() {};

  private static final Duration VERIFY = Duration.ofSeconds(20);

  @LocalServerPort int port;

  WebTestClient client;

  @BeforeEach
  void connect() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(VERIFY)
            .build();
  }

  @Test
  @Timeout(60)
  void streamsTicksAsServerSentEvents() {
    Duration period = Duration.ofMillis(100);
    long start = System.nanoTime();
    Flux<ServerSentEvent<Tick>> events =
        client
            .get()
            .uri("/ticks?period={period}", period)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
            .returnResult(TICK_EVENT)
            .getResponseBody();

    StepVerifier.create(events.take(5))
        .recordWith(ArrayList::new)
        .expectNextCount(5)
        .consumeRecordedWith(
            recorded -> {
              long previous = -1;
              for (ServerSentEvent<Tick> event : recorded) {
                Tick tick = event.data();
                assertThat(event.event()).isEqualTo("tick");
                assertThat(event.id()).isEqualTo(Long.toString(tick.index()));
                assertThat(tick.count()).isPositive();
                // The counts add up: each event moves the index by its count.
                assertThat(tick.index()).isEqualTo(previous + tick.count());
                previous = tick.index();
              }
              // The kernel never fires early: tick i comes (i + 1) periods after the start.
              Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
              assertThat(elapsed).isGreaterThanOrEqualTo(period.multipliedBy(previous + 1));
            })
        .expectComplete()
        .verify(VERIFY);
  }

  @Test
  @Timeout(60)
  void answersOnceTheInstantIsReached() {
    Instant instant = Instant.now().plusMillis(300);
    StepVerifier.create(
            client
                .get()
                .uri("/at?instant={instant}", instant)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Fired.class)
                .getResponseBody())
        .assertNext(
            fired -> {
              assertThat(fired.instant()).isEqualTo(instant);
              assertThat(fired.firedAt()).isAfterOrEqualTo(instant);
              assertThat(Instant.now()).isAfterOrEqualTo(instant);
            })
        .expectComplete()
        .verify(VERIFY);
  }

  @Test
  @Timeout(60)
  void answersAtOnceForAnInstantInThePast() {
    Instant instant = Instant.parse("2020-01-01T00:00:00Z");
    client
        .get()
        .uri("/at?instant={instant}", instant)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Fired.class)
        .value(fired -> assertThat(fired.firedAt()).isAfter(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ticks",
        "/ticks?period=half-a-second",
        "/ticks?period=0.5",
        "/ticks?period=-PT1S",
        "/ticks?period=PT0S",
        "/ticks?period=PT0.001S",
        "/ticks?period=PT3000000H"
      })
  void answersABadPeriodWith400(String uri) {
    client
        .get()
        .uri(uri)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("period"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/at",
        "/at?instant=tomorrow",
        "/at?instant=2026-13-01T00:00:00Z",
        "/at?instant=2026-01-01"
      })
  void answersABadInstantWith400(String uri) {
    client
        .get()
        .uri(uri)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("instant"));
  }

  @Test
  void theMessageSaysWhatWasWrong() {
    client
        .get()
        .uri("/ticks?period=PT0S")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("query parameter 'period' must be positive, got PT0S");
  }
}
