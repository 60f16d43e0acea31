package dev.timerfd4j.samples;

import dev.timerfd4j.reactor.TimerFlux;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * What example 3 of the timerfd HOWTO does with {@code select}, written with Reactor operators:
 * three timers merged into one {@link Flux}, and the {@code stop} command of a Reactor Netty TCP
 * server as another, ended with {@link Flux#takeUntilOther}.
 *
 * <pre>{@code
 * Flux<String> timers = Flux.merge(timer(1), timer(2), timer(3));   // 0.25 s, 0.5 s, 0.75 s
 * Mono<String> stop = commands(server).filter(isStop).next();        // a line "stop" over TCP
 * timers.takeUntilOther(Mono.firstWithSignal(stop, TimerFlux.delay(duration)))
 *     .doOnNext(out::println)
 *     .blockLast();
 * }</pre>
 *
 * <p>By default it ends by itself after {@code --duration} (3 s); with {@code --serve} it runs
 * until a client sends {@code stop}:
 *
 * <pre>
 * $ java -jar samples/target/timerfd4j-samples.jar reactor --serve --port 1234
 * $ printf 'stop\n' | nc 127.0.0.1 1234      # or: telnet 127.0.0.1 1234, then type stop
 * </pre>
 *
 * <p>Each subscription to a {@code TimerFlux} source owns one timer descriptor, closed when the
 * subscription ends; the timer lines are printed on timerfd4j's loop thread (the subscriber keeps
 * up, so no backlog is released on a requesting thread), the command lines on Reactor Netty's event
 * loop threads.
 */
public final class ReactorTimers {

  /** The HOWTO's port. */
  public static final int DEFAULT_PORT = 1234;

  /** Timer i fires every {@code i} times this (0.25 s, 0.5 s, 0.75 s). */
  public static final Duration DEFAULT_UNIT = Duration.ofMillis(250);

  /** How long the sample runs unless {@code --serve} is given. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);

  /** The longest command line the server accepts. */
  private static final int MAX_LINE = 1024;

  /** Why a run ended. */
  public enum Ending {
    /** A client sent {@code stop}. */
    STOP_COMMAND,
    /** The duration passed. */
    DURATION
  }

  private ReactorTimers() {}

  /**
   * Runs on 127.0.0.1, port 1234 or {@code --port N} (0 picks a free port), for {@code --duration}
   * (default PT3S) or, with {@code --serve}, until a client sends {@code stop}.
   */
  public static void main(String[] args) {
    SampleArgs options = SampleArgs.parse(args);
    run(
        new InetSocketAddress("127.0.0.1", options.port(DEFAULT_PORT)),
        DEFAULT_UNIT,
        options.serve() ? null : options.duration(DEFAULT_DURATION),
        System.out,
        bound -> {});
  }

  /**
   * Runs the three timers and the command server until {@code stop} arrives or {@code duration}
   * passes, blocking the calling thread (which must not be a non-blocking Reactor thread). The
   * timers are closed and the server disposed when this returns or throws.
   *
   * @param bind where the command server listens; port 0 picks a free one
   * @param unit timer i fires every {@code i * unit}
   * @param duration how long to run, or {@code null} to run until {@code stop}
   * @param out where the messages go
   * @param onListening called with the bound address once the server listens
   * @return why it ended
   * @throws IllegalArgumentException when {@code unit} or {@code duration} is not positive
   * @throws reactor.netty.ChannelBindException when the address is taken
   */
  public static Ending run(
      InetSocketAddress bind,
      Duration unit,
      Duration duration,
      PrintStream out,
      Consumer<InetSocketAddress> onListening) {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(onListening, "onListening");
    Flux<String> timers = Flux.merge(timer(1, unit), timer(2, unit), timer(3, unit));

    Mono<Ending> stop =
        commands(bind, out, onListening)
            .filter(
                command -> {
                  if (command.startsWith("stop")) {
                    return true;
                  }
                  out.println("Unknown command: " + command);
                  return false;
                })
            .next()
            .map(command -> Ending.STOP_COMMAND);
    Mono<Ending> end =
        duration == null
            ? stop
            : Mono.firstWithSignal(stop, TimerFlux.delay(duration).map(zero -> Ending.DURATION));

    AtomicReference<Ending> ending = new AtomicReference<>();
    timers.takeUntilOther(end.doOnNext(ending::set)).doOnNext(out::println).blockLast();
    Ending why = Objects.requireNonNull(ending.get(), "the command server ended without a stop");
    out.println(why == Ending.STOP_COMMAND ? "Stopping server" : "Done after " + duration);
    return why;
  }

  /** Timer {@code index}: every {@code index * unit}, one line per expiration read. */
  static Flux<String> timer(int index, Duration unit) {
    // expirations(): the raw count of each read, 1 normally, N when N-1 ticks were missed.
    return TimerFlux.expirations(unit.multipliedBy(index))
        .map(count -> "Timer " + index + " expired " + count + " times");
  }

  /**
   * The lines clients send to a TCP server on {@code bind}, stripped, blank ones left out. The
   * server is bound when this is subscribed and disposed when the subscription ends; a client's
   * connection is closed after it sends {@code stop}.
   */
  static Flux<String> commands(
      InetSocketAddress bind, PrintStream out, Consumer<InetSocketAddress> onListening) {
    return Flux.create(
        sink -> {
          DisposableServer server =
              TcpServer.create()
                  .host(bind.getHostString())
                  .port(bind.getPort())
                  .doOnConnection(
                      connection -> {
                        SocketAddress client = connection.channel().remoteAddress();
                        out.println("Accepted connection from " + client);
                        connection.onDispose(() -> out.println("Closed connection from " + client));
                        // One command per line, "stop\n" or telnet's "stop\r\n".
                        connection.addHandlerLast(new LineBasedFrameDecoder(MAX_LINE));
                      })
                  .handle(
                      (in, ignored) ->
                          in.receive()
                              .asString(StandardCharsets.UTF_8)
                              .map(String::strip)
                              .filter(line -> !line.isEmpty())
                              // FluxSink is serialized: many connections may call it at once.
                              .doOnNext(sink::next)
                              .takeUntil(line -> line.startsWith("stop"))
                              .onErrorResume(
                                  error -> {
                                    out.println("Dropping a connection: " + error);
                                    return Mono.empty();
                                  })
                              .then())
                  .bindNow();
          // Not disposeNow(): the cancel may come on an event loop or timer thread, which must
          // not block.
          sink.onDispose(server::dispose);
          InetSocketAddress bound = (InetSocketAddress) server.address();
          out.println(
              "Listening on "
                  + bound.getHostString()
                  + ":"
                  + bound.getPort()
                  + "; send a line 'stop' to end");
          onListening.accept(bound);
        });
  }
}
