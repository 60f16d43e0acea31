package dev.timerfd4j.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * One run of one competitor, from the command line: {@code --competitor NAME --scenario NAME
 * --timers N --period-ns P --duration-ms D --warmup-ms W [--mode run|idle|maxrate|slow]
 * [--max-p99-ns L]}; the same options as the C floor.
 */
record Settings(
    String competitor,
    String scenario,
    String mode,
    int timers,
    long periodNanos,
    long durationNanos,
    long warmupNanos,
    long maxP99Nanos) {

  Settings {
    if (timers < 1) {
      throw new IllegalArgumentException("--timers must be positive: " + timers);
    }
    if (periodNanos < 1) {
      throw new IllegalArgumentException("--period-ns must be positive: " + periodNanos);
    }
    if (durationNanos < 1) {
      throw new IllegalArgumentException("--duration-ms must be positive: " + durationNanos);
    }
  }

  static Settings parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value at argument " + i);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    Settings settings =
        new Settings(
            require(options, "competitor"),
            options.getOrDefault("scenario", "unnamed"),
            options.getOrDefault("mode", "run"),
            Integer.parseInt(options.getOrDefault("timers", "1")),
            Long.parseLong(options.getOrDefault("period-ns", "1000000")),
            Long.parseLong(options.getOrDefault("duration-ms", "5000")) * 1_000_000L,
            Long.parseLong(options.getOrDefault("warmup-ms", "1000")) * 1_000_000L,
            Long.parseLong(options.getOrDefault("max-p99-ns", "5000000")));
    options.keySet().removeAll(Settings.KNOWN);
    if (!options.isEmpty()) {
      throw new IllegalArgumentException("unknown options: " + options.keySet());
    }
    return settings;
  }

  private static final java.util.Set<String> KNOWN =
      java.util.Set.of(
          "competitor",
          "scenario",
          "mode",
          "timers",
          "period-ns",
          "duration-ms",
          "warmup-ms",
          "max-p99-ns");

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  Settings withTimers(int n) {
    return new Settings(
        competitor, scenario, mode, n, periodNanos, durationNanos, warmupNanos, maxP99Nanos);
  }

  /**
   * The first fields of a RESULT line, in the order every result prints them: competitor, scenario,
   * timers, period_ns.
   */
  java.util.Map<String, String> result(String competitor, long timers, long periodNanos) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put("competitor", competitor);
    out.put("scenario", scenario());
    out.put("timers", Long.toString(timers));
    out.put("period_ns", Long.toString(periodNanos));
    return out;
  }
}
