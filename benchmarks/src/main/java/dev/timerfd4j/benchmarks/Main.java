package dev.timerfd4j.benchmarks;

import dev.timerfd4j.core.ClockId;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point of the benchmark jar. {@code run ...options} runs one competitor through one scenario
 * (see {@link Settings}) and prints {@code RESULT} lines; {@code report RESULTS MD SVG} turns the
 * lines of a whole run into the Markdown table and the SVG chart; {@code competitors} lists the
 * Java competitors this jar can run.
 */
public final class Main {

  private Main() {}

  /**
   * Runs the command in {@code args}.
   *
   * @param args {@code run --competitor NAME ...} or {@code report results.txt out.md out.svg}
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("competitors")) {
      System.out.println(String.join(" ", Competitor.names()));
      return;
    }
    if (args.length > 0 && args[0].equals("report")) {
      Report.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    String[] options = args.length > 0 && args[0].equals("run") ? tail(args) : args;
    Settings settings = Settings.parse(options);
    checkClocks();
    if (settings.mode().equals("alloc")) {
      ScenarioRunner.print(CoreAllocation.run(settings));
      return;
    }
    if (settings.mode().equals("slow")) {
      ScenarioRunner.print(SlowSubscriber.run(settings));
      return;
    }
    try (Competitor competitor = Competitor.named(settings.competitor())) {
      switch (settings.mode()) {
        case "run" -> ScenarioRunner.print(new ScenarioRunner(competitor, settings).run());
        case "idle" -> ScenarioRunner.print(new ScenarioRunner(competitor, settings).idle());
        case "maxrate" -> maxRate(competitor, settings);
        default -> throw new IllegalArgumentException("--mode: unknown " + settings.mode());
      }
    }
    System.exit(0); // reactor's and the loops' daemon threads need no orderly end here
  }

  private static String[] tail(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }

  /**
   * Doubles the number of timers at a fixed period until p99 lateness reaches the limit or ticks go
   * missing, then tries the geometric middle once, as the C floor does.
   */
  private static void maxRate(Competitor competitor, Settings settings) throws Exception {
    int lo = 0;
    int hi = 0;
    String loCpu = "0";
    for (int probe = settings.timers(); probe <= 1 << 16; probe *= 4) {
      Map<String, String> r = probeOnce(competitor, settings.withTimers(probe));
      if (!passes(r, settings)) {
        hi = probe;
        break;
      }
      lo = probe;
      loCpu = r.get("cpu_per_exp_ns");
    }
    if (lo > 0 && hi > 0) {
      int mid = (int) Math.sqrt((double) lo * hi);
      Map<String, String> r = probeOnce(competitor, settings.withTimers(mid));
      if (passes(r, settings)) {
        lo = mid;
        loCpu = r.get("cpu_per_exp_ns");
      }
    }
    Map<String, String> out = settings.result(competitor.name(), lo, settings.periodNanos());
    out.put("max_rate_per_s", String.format("%.0f", lo * 1e9 / settings.periodNanos()));
    out.put("cpu_per_exp_ns", loCpu);
    out.put("errors", "0");
    ScenarioRunner.print(out);
  }

  private static Map<String, String> probeOnce(Competitor competitor, Settings settings)
      throws Exception {
    Map<String, String> r =
        new ScenarioRunner(
                competitor,
                new Settings(
                    settings.competitor(),
                    "maxrate-probe",
                    "run",
                    settings.timers(),
                    settings.periodNanos(),
                    settings.durationNanos(),
                    settings.warmupNanos(),
                    settings.maxP99Nanos()))
            .run();
    ScenarioRunner.print(r);
    return r;
  }

  private static boolean passes(Map<String, String> r, Settings settings) {
    long ticks = Long.parseLong(r.get("ticks"));
    long expected = Long.parseLong(r.get("expected"));
    return Long.parseLong(r.get("p99_ns")) < settings.maxP99Nanos()
        && ticks >= expected * 99 / 100
        && Long.parseLong(r.get("errors")) == 0;
  }

  /** The probe compares System.nanoTime with timerfd deadlines: both must be CLOCK_MONOTONIC. */
  private static void checkClocks() {
    long a = System.nanoTime();
    long mono = ClockId.MONOTONIC.nowNanos();
    long b = System.nanoTime();
    if (mono < a - 1_000_000 || mono > b + 1_000_000) {
      throw new IllegalStateException(
          "System.nanoTime is not CLOCK_MONOTONIC here: " + a + " vs " + mono);
    }
  }
}
