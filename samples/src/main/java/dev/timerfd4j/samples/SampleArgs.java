package dev.timerfd4j.samples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The command-line options the samples share: {@code --port N}, {@code --duration PT3S} and the
 * flag {@code --serve}. Unknown or malformed options fail with an {@link IllegalArgumentException}
 * that names them.
 */
final class SampleArgs {

  private final Map<String, String> values;

  private SampleArgs(Map<String, String> values) {
    this.values = values;
  }

  static SampleArgs parse(String... args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--serve" -> values.put(arg, "true");
        case "--port", "--duration" -> {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          values.put(arg, args[++i]);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option " + arg + " (known: --port N, --duration PT3S, --serve)");
      }
    }
    return new SampleArgs(values);
  }

  /** The {@code --port} value (0 to 65535), or {@code fallback}. */
  int port(int fallback) {
    String value = values.get("--port");
    if (value == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, got " + value);
  }

  /** The {@code --duration} value (ISO-8601, positive), or {@code fallback}. */
  Duration duration(Duration fallback) {
    String value = values.get("--duration");
    if (value == null) {
      return fallback;
    }
    try {
      Duration duration = Duration.parse(value);
      if (!duration.isNegative() && !duration.isZero()) {
        return duration;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--duration must be a positive ISO-8601 duration such as PT3S, got " + value);
  }

  /** Whether {@code --serve} was given. */
  boolean serve() {
    return values.containsKey("--serve");
  }
}
