package dev.timerfd4j.samples.webflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.timerfd4j.core.TimerLoop;
import dev.timerfd4j.reactor.ReactorTimerLoop;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A Spring Boot WebFlux app that streams timerfd ticks as Server-Sent Events.
 *
 * <ul>
 *   <li>{@code GET /ticks?period=PT0.5S}: an endless {@code text/event-stream}, one event per read
 *       of the timer, with the tick index and how many expirations it stands for (see {@link
 *       Tick}). A client that reads slowly gets fewer events with larger counts, never an error.
 *   <li>{@code GET /at?instant=2026-01-01T00:00:00Z}: answers once the wall clock reaches the
 *       instant (at once for a past one), see {@link Fired}.
 *   <li>Bad query values (missing, not ISO-8601, zero, negative, a period under 10 ms or over a
 *       day) are answered {@code 400} with an {@code application/problem+json} body that says why.
 * </ul>
 *
 * <p>All timers run on one {@link TimerLoop}, a bean that is closed when the application shuts
 * down. Each open stream holds one timer descriptor, closed when its client goes away.
 *
 * <pre>
 * $ java -jar samples/target/timerfd4j-samples.jar webflux --server.port=8080
 * $ curl -N 'http://127.0.0.1:8080/ticks?period=PT0.5S'
 * </pre>
 */
@SpringBootApplication
public class TickApplication {

  /** Starts the app; Spring Boot options such as {@code --server.port=0} apply. */
  public static void main(String[] args) {
    SpringApplication.run(TickApplication.class, args);
  }

  /**
   * The epoll thread all timers of the app run on, closed (every timer with it) at shutdown. Its
   * thread is a Reactor {@code NonBlocking} thread: a {@code block()} on it fails fast.
   */
  @Bean(destroyMethod = "close")
  public TimerLoop timerLoop() {
    return ReactorTimerLoop.create();
  }

  /** The request handlers. */
  @Bean
  public TickHandler tickHandler(TimerLoop timerLoop) {
    return new TickHandler(timerLoop);
  }

  /** {@code GET /ticks} and {@code GET /at}. */
  @Bean
  public RouterFunction<ServerResponse> tickRoutes(TickHandler handler) {
    return route(GET("/ticks"), handler::ticks).andRoute(GET("/at"), handler::at);
  }
}
