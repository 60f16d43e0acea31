package dev.timerfd4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the {@code RESULT} and {@code META} lines of one benchmark run into the Markdown table
 * ({@code docs/benchmarks.md}) and the SVG chart of lateness percentiles ({@code
 * docs/benchmarks.svg}). Every ratio compares figures of the same run.
 */
final class Report {

  static final String C = "c-floor";
  static final String FLUX = "flux-interval";

  /** Competitors in table order. */
  static final List<String> ORDER =
      List.of(
          C,
          "timerfd4j-core",
          "timerfd4j-expirations",
          "timerfd4j-interval",
          FLUX,
          ExecutorCompetitor.NAME);

  /** Scenarios of the lateness tables and the chart, with their titles. */
  static final Map<String, String> LATENCY_SCENARIOS = new LinkedHashMap<>();

  static {
    LATENCY_SCENARIOS.put("t1", "1 timer @ 1 ms");
    LATENCY_SCENARIOS.put("t100", "100 timers @ 10 ms");
    LATENCY_SCENARIOS.put("t1000", "1,000 timers @ 100 ms");
    LATENCY_SCENARIOS.put("t10000", "10,000 timers @ 100 ms");
    LATENCY_SCENARIOS.put("maxtimers", "most timers @ 1 s");
  }

  private final Map<String, String> meta = new LinkedHashMap<>();
  private final List<Map<String, String>> results = new ArrayList<>();

  private Report() {}

  static void main(String[] args) throws IOException {
    if (args.length != 3 && args.length != 4) {
      throw new IllegalArgumentException("usage: report RESULTS.txt OUT.md OUT.svg [SUMMARY.md]");
    }
    Report report = new Report();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (line.startsWith("RESULT ")) {
        report.results.add(parse(line.substring(7)));
      } else if (line.startsWith("META ")) {
        int eq = line.indexOf('=');
        report.meta.put(line.substring(5, eq), line.substring(eq + 1));
      }
    }
    Files.writeString(Path.of(args[1]), report.markdown(Path.of(args[2]).getFileName().toString()));
    Files.writeString(Path.of(args[2]), new LatencyChart(report).svg());
    if (args.length == 4) {
      Files.writeString(Path.of(args[3]), report.summary());
    }
  }

  /**
   * The compact table that {@code run.sh} puts into README.md: per scenario and competitor, p50 and
   * p99 lateness and process CPU per expiration, then the rate, idle and slow-subscriber figures;
   * all from this one run.
   */
  private String summary() {
    StringBuilder md = new StringBuilder();
    md.append("Measured ")
        .append(meta.getOrDefault("date", "?"))
        .append(" on ")
        .append(meta.getOrDefault("nproc", "?"))
        .append(" CPUs (")
        .append(meta.getOrDefault("cpu", "?"))
        .append("), Linux ")
        .append(meta.getOrDefault("kernel", "?"))
        .append(", ")
        .append(meta.getOrDefault("java", "?"))
        .append(". Cells: lateness p50 / p99 · process CPU per expiration.\n\n");
    md.append("| scenario |");
    for (String competitor : ORDER) {
      md.append(' ').append(competitor).append(" |");
    }
    md.append("\n|---|");
    md.append("---|".repeat(ORDER.size())).append('\n');
    for (Map.Entry<String, String> s : LATENCY_SCENARIOS.entrySet()) {
      md.append("| ").append(s.getValue()).append(" |");
      for (String competitor : ORDER) {
        Map<String, String> r = find(s.getKey(), competitor);
        md.append(' ')
            .append(
                r == null
                    ? "–"
                    : time(num(r, "p50_ns"))
                        + " / "
                        + time(num(r, "p99_ns"))
                        + " · "
                        + time(num(r, "cpu_per_exp_ns")))
            .append(" |");
      }
      md.append('\n');
    }
    md.append("| most expirations/s of one thread, p99 < 5 ms |");
    for (String competitor : ORDER) {
      Map<String, String> r = find("maxrate", competitor);
      md.append(' ').append(r == null ? "–" : r.get("max_rate_per_s")).append(" |");
    }
    md.append("\n| idle, 1,000 timers at 1 s: process CPU per s |");
    for (String competitor : ORDER) {
      Map<String, String> r = find("idle", competitor);
      md.append(' ').append(r == null ? "–" : time(num(r, "idle_cpu_ns_per_s"))).append(" |");
    }
    md.append("\n| slow subscriber (1 ms timer, 5 ms per item) |");
    for (String competitor : ORDER) {
      Map<String, String> r = find("slow", competitor);
      md.append(' ')
          .append(
              r == null
                  ? "–"
                  : r.containsKey("error")
                      ? r.get("error")
                      : "no error, " + r.get("covered_ticks") + " ticks covered")
          .append(" |");
    }
    md.append("\n");
    return md.toString();
  }

  private static Map<String, String> parse(String fields) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : fields.trim().split(" +")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        out.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    return out;
  }

  /** The result of {@code competitor} in {@code scenario}, or null. */
  Map<String, String> find(String scenario, String competitor) {
    for (Map<String, String> r : results) {
      if (scenario.equals(r.get("scenario")) && competitor.equals(r.get("competitor"))) {
        return r;
      }
    }
    return null;
  }

  static double num(Map<String, String> r, String key) {
    if (r == null || r.get(key) == null) {
      return Double.NaN;
    }
    return Double.parseDouble(r.get(key));
  }

  private String markdown(String svgName) {
    StringBuilder md = new StringBuilder();
    md.append("# timerfd4j benchmarks\n\n");
    md.append("Generated by `benchmarks/run.sh")
        .append(meta.getOrDefault("mode", "").isEmpty() ? "" : " " + meta.get("mode"))
        .append("`; do not edit by hand.\n\n");
    md.append("- Date: ").append(meta.getOrDefault("date", "?")).append('\n');
    md.append("- Machine: ")
        .append(meta.getOrDefault("nproc", "?"))
        .append(" CPUs, ")
        .append(meta.getOrDefault("cpu", "?"))
        .append(", Linux ")
        .append(meta.getOrDefault("kernel", "?"))
        .append(", ")
        .append(meta.getOrDefault("java", "?"))
        .append('\n');
    md.append("- Per scenario: ")
        .append(meta.getOrDefault("durations", "?"))
        .append(". Every competitor runs in its own process, one after another.\n");
    if (meta.containsKey("note")) {
      md.append("- Note: ").append(meta.get("note")).append('\n');
    }
    md.append('\n');
    md.append(
        "Lateness = delivery to the subscriber − that tick's deadline, each timer's deadlines"
            + " anchored on its own schedule (timer i of n first due at start + period·i/n)."
            + " Jitter = p99 of |time between two deliveries of one timer − period|. Drift ="
            + " mean over timers of (lateness of the last tick − lateness of the first)."
            + " CPU = process CPU time (all threads; `CLOCK_PROCESS_CPUTIME_ID`) over the"
            + " window ÷ ticks delivered. Alloc = bytes allocated by the delivering threads ÷"
            + " ticks, benchmark probe (HdrHistogram recording) included; the core loop alone"
            + " is measured separately (see Targets). ×C and ×Flux are ratios to the C floor and to `Flux.interval` in the same"
            + " run (lower is better).\n\n");
    md.append("![lateness percentiles](").append(svgName).append(")\n\n");
    for (Map.Entry<String, String> s : LATENCY_SCENARIOS.entrySet()) {
      latencyTable(md, s.getKey(), s.getValue());
    }
    maxRateTable(md);
    idleTable(md);
    slowTable(md);
    targets(md);
    return md.toString();
  }

  private void latencyTable(StringBuilder md, String scenario, String title) {
    Map<String, String> any = firstOf(scenario);
    if (any == null) {
      return;
    }
    md.append("## ").append(title);
    if (scenario.equals("maxtimers")) {
      md.append(" (").append(any.get("timers")).append(" timers)");
    }
    md.append("\n\n");
    md.append(
        "| competitor | ticks / expected | p50 | p99 | p99.9 | max | jitter p99 | drift |"
            + " CPU/exp | alloc/exp | p99 ×C | p99 ×Flux | CPU ×C | CPU ×Flux | errors |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, String> c = find(scenario, C);
    Map<String, String> flux = find(scenario, FLUX);
    for (String competitor : ORDER) {
      Map<String, String> r = find(scenario, competitor);
      if (r == null) {
        continue;
      }
      md.append("| ")
          .append(competitor)
          .append(" | ")
          .append(r.get("ticks"))
          .append(" / ")
          .append(r.get("expected"))
          .append(" | ")
          .append(time(num(r, "p50_ns")))
          .append(" | ")
          .append(time(num(r, "p99_ns")))
          .append(" | ")
          .append(time(num(r, "p999_ns")))
          .append(" | ")
          .append(time(num(r, "max_ns")))
          .append(" | ")
          .append(time(num(r, "jitter_p99_ns")))
          .append(" | ")
          .append(time(num(r, "drift_ns")))
          .append(" | ")
          .append(time(num(r, "cpu_per_exp_ns")))
          .append(" | ")
          .append(bytes(num(r, "alloc_per_exp_b")))
          .append(" | ")
          .append(ratio(r, c, "p99_ns"))
          .append(" | ")
          .append(ratio(r, flux, "p99_ns"))
          .append(" | ")
          .append(ratio(r, c, "cpu_per_exp_ns"))
          .append(" | ")
          .append(ratio(r, flux, "cpu_per_exp_ns"))
          .append(" | ")
          .append(errors(r))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void maxRateTable(StringBuilder md) {
    if (firstOf("maxrate") == null) {
      return;
    }
    md.append("## Highest expiration rate of one loop with p99 lateness < 5 ms\n\n");
    md.append(
        "Timer count ×4 at a 10 ms period, from 50, until p99 lateness reaches 5 ms or more than"
            + " 1 % of the ticks are missing, then the geometric middle once; 0 = even the first"
            + " probe failed; each probe is a full"
            + " measured run (see the `maxrate-probe` lines of the raw results).\n\n");
    md.append("| competitor | timers | rate (exp/s) | CPU/exp | rate ×C | rate ×Flux |\n");
    md.append("|---|---|---|---|---|---|\n");
    Map<String, String> c = find("maxrate", C);
    Map<String, String> flux = find("maxrate", FLUX);
    for (String competitor : ORDER) {
      Map<String, String> r = find("maxrate", competitor);
      if (r == null) {
        continue;
      }
      md.append("| ")
          .append(competitor)
          .append(" | ")
          .append(r.get("timers"))
          .append(" | ")
          .append(r.get("max_rate_per_s"))
          .append(" | ")
          .append(time(num(r, "cpu_per_exp_ns")))
          .append(" | ")
          .append(ratio(r, c, "max_rate_per_s"))
          .append(" | ")
          .append(ratio(r, flux, "max_rate_per_s"))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void idleTable(StringBuilder md) {
    Map<String, String> any = firstOf("idle");
    if (any == null) {
      return;
    }
    md.append("## Idle: ")
        .append(any.get("timers"))
        .append(" timers armed at 1 s, none due in the window\n\n");
    md.append(
        "Process CPU includes the JVM's own threads (GC, JIT, VM thread): every JVM competitor"
            + " pays about the same. The last column is the CPU of timerfd4j's own threads (its"
            + " loop and the slow-handler watchdog).\n\n");
    md.append(
        "| competitor | process CPU per second | timerfd4j threads per second |\n|---|---|---|\n");
    for (String competitor : ORDER) {
      Map<String, String> r = find("idle", competitor);
      if (r != null) {
        md.append("| ")
            .append(competitor)
            .append(" | ")
            .append(time(num(r, "idle_cpu_ns_per_s")))
            .append(" | ")
            .append(
                r.containsKey("library_cpu_ns_per_s") && competitor.startsWith("timerfd4j")
                    ? time(num(r, "library_cpu_ns_per_s"))
                    : "–")
            .append(" |\n");
      }
    }
    md.append('\n');
  }

  private void slowTable(StringBuilder md) {
    if (firstOf("slow") == null) {
      return;
    }
    md.append("## Slow subscriber: one timer @ 1 ms, 5 ms of work per item\n\n");
    md.append(
        "Chain: `source.publishOn(single, 1).doOnNext(work)`; the executor variant hands each"
            + " tick to a worker thread instead. Covered ticks: for interval sources the last"
            + " index + 1, for raw counts the sum of the counts.\n\n");
    md.append(
        "| competitor | items delivered | ticks covered / elapsed periods | error |"
            + " heap growth | worker queue |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (String competitor : ORDER) {
      Map<String, String> r = find("slow", competitor);
      if (r == null) {
        continue;
      }
      md.append("| ")
          .append(competitor)
          .append(" | ")
          .append(r.get("delivered"))
          .append(" | ")
          .append(r.get("covered_ticks"))
          .append(" / ")
          .append(r.get("expected"))
          .append(" | ")
          .append(
              r.containsKey("error")
                  ? r.get("error") + " after " + r.get("error_after_ms") + " ms"
                  : "none")
          .append(" | ")
          .append(bytes(num(r, "heap_growth_b")))
          .append(" | ")
          .append(r.getOrDefault("queued", "–"))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void targets(StringBuilder md) {
    md.append("## Targets (checked on this run)\n\n");
    md.append("| target | figures | met |\n|---|---|---|\n");
    for (String tf : List.of("timerfd4j-core", "timerfd4j-expirations", "timerfd4j-interval")) {
      Map<String, String> r = find("t1", tf);
      Map<String, String> c = find("t1", C);
      if (r != null && c != null) {
        double p50 = num(r, "p50_ns") / num(c, "p50_ns");
        double p99 = num(r, "p99_ns") / num(c, "p99_ns");
        target(
            md,
            tf + ": lateness p50 and p99 ≤ 1.25×C, 1 timer @ 1 ms",
            String.format(Locale.ROOT, "p50 %.2f×, p99 %.2f×", p50, p99),
            p50 <= 1.25 && p99 <= 1.25);
      }
      for (String s : List.of("t100", "t1000")) {
        Map<String, String> x = find(s, tf);
        Map<String, String> cx = find(s, C);
        if (x != null && cx != null) {
          double cpu = num(x, "cpu_per_exp_ns") / num(cx, "cpu_per_exp_ns");
          target(
              md,
              tf + ": CPU/exp ≤ 1.3×C, " + LATENCY_SCENARIOS.get(s),
              String.format(Locale.ROOT, "%.2f×", cpu),
              cpu <= 1.3);
        }
      }
      for (String s : LATENCY_SCENARIOS.keySet()) {
        Map<String, String> x = find(s, tf);
        Map<String, String> fx = find(s, FLUX);
        if (x != null && fx != null) {
          double p99 = num(x, "p99_ns") / num(fx, "p99_ns");
          double cpu = num(x, "cpu_per_exp_ns") / num(fx, "cpu_per_exp_ns");
          target(
              md,
              tf + ": p99 and CPU/exp below Flux.interval, " + LATENCY_SCENARIOS.get(s),
              String.format(Locale.ROOT, "p99 %.2f×, CPU %.2f×", p99, cpu),
              p99 < 1 && cpu < 1);
        }
      }
      Map<String, String> idle = find("idle", tf);
      if (idle != null) {
        double perSecond = num(idle, "library_cpu_ns_per_s");
        target(
            md,
            tf + ": no measurable CPU while idle (timerfd4j's threads < 0.1 ms per s)",
            time(perSecond)
                + " per s (process: "
                + time(num(idle, "idle_cpu_ns_per_s"))
                + " per s)",
            perSecond < 100_000);
      }
    }
    Map<String, String> core = find("alloc", "timerfd4j-core");
    if (core != null) {
      target(
          md,
          "core loop: 0 bytes allocated per expiration (loop thread, "
              + core.get("timers")
              + " timers @ 1 ms, counting handler)",
          core.get("loop_thread_bytes") + " B over " + core.get("expirations") + " expirations",
          Long.parseLong(core.get("loop_thread_bytes")) == 0);
    }
    md.append('\n');
  }

  private static void target(StringBuilder md, String what, String figures, boolean met) {
    md.append("| ")
        .append(what)
        .append(" | ")
        .append(figures)
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
  }

  private Map<String, String> firstOf(String scenario) {
    for (Map<String, String> r : results) {
      if (scenario.equals(r.get("scenario"))) {
        return r;
      }
    }
    return null;
  }

  private static String errors(Map<String, String> r) {
    String n = r.getOrDefault("errors", "0");
    return r.containsKey("error") ? n + " " + r.get("error") : n;
  }

  private static String ratio(Map<String, String> r, Map<String, String> base, String key) {
    double a = num(r, key);
    double b = num(base, key);
    if (r == base || Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  static String time(double nanos) {
    if (Double.isNaN(nanos)) {
      return "–";
    }
    double abs = Math.abs(nanos);
    if (abs < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (abs < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    if (abs < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "–";
    }
    if (Math.abs(b) < 10_000) {
      return String.format(Locale.ROOT, "%.1f B", b);
    }
    return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
  }

  List<String> competitorsOf(String scenario) {
    List<String> out = new ArrayList<>();
    for (String competitor : ORDER) {
      if (find(scenario, competitor) != null) {
        out.add(competitor);
      }
    }
    return out;
  }

  String meta(String key) {
    return meta.getOrDefault(key, "?");
  }
}
