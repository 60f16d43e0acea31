package dev.timerfd4j.samples.webflux;

import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.reactor.TimerFlux;
import dev.timerfd4j.reactor.TimerOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Handles {@code GET /ticks} and {@code GET /at} with timers on one {@link TimerLoop}. Query values
 * are checked before any timer is created; a bad one is answered {@code 400} with a {@link
 * ProblemDetail} whose {@code detail} names the parameter and what was wrong.
 */
public final class TickHandler {

  /** The shortest period {@code /ticks} serves: a public endpoint should not stream at 1 MHz. */
  public static final Duration MIN_PERIOD = Duration.ofMillis(10);

  /** The longest period {@code /ticks} serves. */
  public static final Duration MAX_PERIOD = Duration.ofDays(1);

  private static final ParameterizedTypeReference<ServerSentEvent<Tick>> TICK_EVENT =
      new ParameterizedTypeReference<>() {};

  private final TimerOptions options;

  /** Handlers whose timers run on {@code loop}. */
  public TickHandler(TimerLoop loop) {
    this.options = TimerOptions.builder().loop(Objects.requireNonNull(loop, "loop")).build();
  }

  /**
   * {@code GET /ticks?period=PT0.5S}: an endless stream of {@link Tick} events, the first after one
   * period. Events are emitted as the client's demand allows, on the loop thread (or on the Netty
   * thread whose request releases a backlog); while the client does not read, the timer is paused
   * and the kernel counts, and the next event carries the count. The timer is closed when the
   * client disconnects.
   */
  public Mono<ServerResponse> ticks(ServerRequest request) {
    return answer(
        () -> {
          Duration period = period(request);
          Flux<Long> expirations = TimerFlux.expirations(period, period, options);
          Flux<ServerSentEvent<Tick>> events =
              Flux.defer(
                  () -> {
                    long[] ticks = {0}; // per subscription; onNext calls never overlap
                    return expirations.map(
                        count -> {
                          ticks[0] += count;
                          Tick tick = new Tick(ticks[0] - 1, count);
                          return ServerSentEvent.builder(tick)
                              .id(Long.toString(tick.index()))
                              .event("tick")
                              .build();
                        });
                  });
          return ServerResponse.ok()
              .contentType(MediaType.TEXT_EVENT_STREAM)
              .body(events, TICK_EVENT);
        });
  }

  /**
   * {@code GET /at?instant=2026-01-01T00:00:00Z}: one {@link Fired} answer once {@code
   * CLOCK_REALTIME} reaches the instant (an absolute timer: a wall-clock change moves it along).
   */
  public Mono<ServerResponse> at(ServerRequest request) {
    return answer(
        () -> {
          Instant instant = instant(request);
          Mono<Fired> fired =
              TimerFlux.at(instant, options).map(zero -> new Fired(instant, Instant.now()));
          return ServerResponse.ok()
              .contentType(MediaType.APPLICATION_JSON)
              .body(fired, Fired.class);
        });
  }

  /** Runs {@code handler}; an {@link IllegalArgumentException} from it becomes a 400. */
  private static Mono<ServerResponse> answer(Supplier<Mono<ServerResponse>> handler) {
    try {
      return handler.get();
    } catch (IllegalArgumentException e) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
      return ServerResponse.badRequest()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyValue(problem);
    }
  }

  private static Duration period(ServerRequest request) {
    Duration period =
        parse(request, "period", "an ISO-8601 duration such as PT0.5S", Duration::parse);
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "query parameter 'period' must be positive, got " + period);
    }
    if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException(
          "query parameter 'period' must be from "
              + MIN_PERIOD
              + " to "
              + MAX_PERIOD
              + ", got "
              + period);
    }
    return period;
  }

  private static Instant instant(ServerRequest request) {
    return parse(
        request, "instant", "an ISO-8601 instant such as 2026-01-01T00:00:00Z", Instant::parse);
  }

  private static <T> T parse(
      ServerRequest request, String name, String expected, Function<String, T> parser) {
    String value =
        request
            .queryParam(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "query parameter '" + name + "' is missing: give " + expected));
    try {
      return parser.apply(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "query parameter '" + name + "' must be " + expected + ", got '" + value + "'", e);
    }
  }
}
