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

  private Samples() {}

  /** Runs the sample named by the first argument with the remaining ones. */
  public static void main(String[] args) throws Exception {
    String name = args.length == 0 || args[0].startsWith("-") ? "reactor" : args[0];
    String[] rest = args.length == 0 || args[0].startsWith("-") ? args : tail(args);
    switch (name.toLowerCase(Locale.ROOT)) {
      case "reactor" -> ReactorTimers.main(rest);
      case "blocking" -> BlockingTimer.main(rest);
      case "epoll" -> EpollTimers.main(rest);
      case "migration" -> IntervalMigration.main(rest);
      case "webflux" -> TickApplication.main(rest);
      default -> {
        System.err.println(
            "unknown sample '"
                + name
                + "'; one of: reactor (default), blocking, epoll, migration,"
                + " webflux");
        System.exit(2);
      }
    }
  }

  private static String[] tail(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }
}
