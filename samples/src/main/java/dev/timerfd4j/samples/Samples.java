package dev.timerfd4j.samples;

import dev.timerfd4j.samples.webflux.TickApplication;
import java.util.Arrays;
import java.util.Locale;

/**
 * The entry point of {@code timerfd4j-samples.jar}: {@code java -jar timerfd4j-samples.jar [sample]
 * [options]} runs one sample, {@code reactor} when none is named.
 *
 * <pre>
 * reactor    ReactorTimers: three timers merged, TCP 'stop' (--port 1234, --duration PT3S, --serve)
 * blocking   BlockingTimer: HOWTO example 1, four blocking reads
 * epoll      EpollTimers: HOWTO example 2 on a TimerLoop, runs until 'stop' (--port 1234)
 * migration  IntervalMigration: Flux.interval vs TimerFlux with a slow consumer (--duration PT2S)
 * webflux    TickApplication: Spring Boot WebFlux, /ticks and /at (Spring options, e.g.
 *            --server.port=8080)
 * </pre>
 */
public final class Samples {

  private static final String USAGE =
      """
      usage: java -jar timerfd4j-samples.jar [sample] [options]
        reactor    (default) three TimerFlux timers merged, ended by 'stop' over TCP or the duration
                   --port 1234, --duration PT3S, --serve (run until 'stop')
        blocking   HOWTO example 1: a blocking TimerFd, four reads
        epoll      HOWTO example 2: three timers on a TimerLoop, runs until 'stop'; --port 1234
        migration  Flux.interval vs TimerFlux with a slow consumer; --duration PT2S
        webflux    the Spring Boot WebFlux app; Spring options, e.g. --server.port=8080""";

  private Samples() {}

  /**
   * Runs the sample named by the first argument with the remaining ones; prints the usage and exits
   * with status 2 for an unknown sample or option.
   */
  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  /**
   * Runs the sample named by {@code args[0]} ({@code reactor} when absent or an option) with the
   * remaining arguments, on the calling thread.
   *
   * @throws IllegalArgumentException naming an unknown sample or a bad option
   */
  static void run(String... args) throws Exception {
    boolean named = args.length > 0 && !args[0].startsWith("-");
    String name = named ? args[0] : "reactor";
    String[] rest = named ? tail(args) : args;
    switch (name.toLowerCase(Locale.ROOT)) {
      case "reactor" -> ReactorTimers.main(rest);
      case "blocking" -> BlockingTimer.main(rest);
      case "epoll" -> EpollTimers.main(rest);
      case "migration" -> IntervalMigration.main(rest);
      case "webflux" -> TickApplication.main(rest);
      default -> throw new IllegalArgumentException("unknown sample '" + name + "'");
    }
  }

  private static String[] tail(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }
}
