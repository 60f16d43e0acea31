package dev.timerfd4j.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SVG chart of the report: one panel per scenario, lateness (log scale) at the percentiles p50,
 * p90, p99, p99.9, p99.99 and max (evenly spaced, as they are on a log(1/(1−p)) axis), one line per
 * competitor.
 */
final class LatencyChart {

  private static final String[] KEYS = {
    "p50_ns", "p90_ns", "p99_ns", "p999_ns", "p9999_ns", "max_ns"
  };
  private static final String[] LABELS = {"p50", "p90", "p99", "p99.9", "p99.99", "max"};
  private static final Map<String, String> COLORS =
      Map.of(
          Report.C,
          "#444444",
          "timerfd4j-core",
          "#1b9e77",
          "timerfd4j-expirations",
          "#66a61e",
          "timerfd4j-interval",
          "#7570b3",
          Report.FLUX,
          "#d95f02",
          ExecutorCompetitor.NAME,
          "#e7298a");

  private static final int PANEL_W = 300;
  private static final int PANEL_H = 220;
  private static final int LEFT = 60;
  private static final int TOP = 50;
  private static final int GAP_X = 40;
  private static final int GAP_Y = 70;
  private static final int COLUMNS = 3;
  private static final double MIN_DECADE = 3; // 1 µs
  private static final double MAX_DECADE = 10; // 10 s

  private final Report report;

  LatencyChart(Report report) {
    this.report = report;
  }

  String svg() {
    List<String> scenarios =
        Report.LATENCY_SCENARIOS.keySet().stream()
            .filter(s -> !report.competitorsOf(s).isEmpty())
            .toList();
    int rows = Math.max(1, (scenarios.size() + COLUMNS - 1) / COLUMNS);
    int width = LEFT + COLUMNS * (PANEL_W + GAP_X) + 20;
    int height = TOP + rows * (PANEL_H + GAP_Y) + 60;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n",
            width,
            height,
            width,
            height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Lateness percentiles"
                + " (log scale, lower is better)</text>\n",
            LEFT));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"36\" fill=\"#555\">%s CPUs, %s, Linux %s, %s</text>\n",
            LEFT,
            esc(report.meta("nproc")),
            esc(report.meta("cpu")),
            esc(report.meta("kernel")),
            esc(report.meta("date"))));
    for (int i = 0; i < scenarios.size(); i++) {
      int x = LEFT + (i % COLUMNS) * (PANEL_W + GAP_X);
      int y = TOP + (i / COLUMNS) * (PANEL_H + GAP_Y) + 20;
      panel(svg, scenarios.get(i), x, y);
    }
    legend(svg, LEFT, height - 30);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private void panel(StringBuilder svg, String scenario, int x0, int y0) {
    String title = Report.LATENCY_SCENARIOS.get(scenario);
    Map<String, String> any = report.find(scenario, report.competitorsOf(scenario).get(0));
    if (scenario.equals("maxtimers")) {
      title = any.get("timers") + " timers @ 1 s";
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n",
            x0,
            y0 - 8,
            esc(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
            x0,
            y0,
            PANEL_W,
            PANEL_H));
    for (int d = (int) MIN_DECADE; d <= MAX_DECADE; d++) {
      double y = yOf(Math.pow(10, d), y0);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n",
              x0,
              y,
              x0 + PANEL_W,
              y));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>\n",
              x0 - 4,
              y + 4,
              Report.time(Math.pow(10, d)).replace(".00", "").replace(".0", "")));
    }
    for (int k = 0; k < LABELS.length; k++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
              xOf(k, x0),
              y0 + PANEL_H + 14,
              LABELS[k]));
    }
    for (String competitor : report.competitorsOf(scenario)) {
      Map<String, String> r = report.find(scenario, competitor);
      StringBuilder points = new StringBuilder();
      for (int k = 0; k < KEYS.length; k++) {
        double v = Report.num(r, KEYS[k]);
        if (!Double.isNaN(v)) {
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", xOf(k, x0), yOf(v, y0)));
        }
      }
      String color = COLORS.getOrDefault(competitor, "#000");
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
              points.toString().trim(),
              color));
    }
  }

  private void legend(StringBuilder svg, int x, int y) {
    int dx = 0;
    for (String competitor : Report.ORDER) {
      String color = COLORS.get(competitor);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>\n",
              x + dx,
              y,
              x + dx + 20,
              y,
              color,
              x + dx + 24,
              y + 4,
              esc(competitor)));
      dx += 34 + competitor.length() * 7;
    }
  }

  private static double xOf(int k, int x0) {
    return x0 + 20 + k * (PANEL_W - 40) / (double) (LABELS.length - 1);
  }

  private static double yOf(double nanos, int y0) {
    double decade = Math.log10(Math.max(nanos, Math.pow(10, MIN_DECADE)));
    decade = Math.min(decade, MAX_DECADE);
    return y0 + PANEL_H - (decade - MIN_DECADE) / (MAX_DECADE - MIN_DECADE) * PANEL_H;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
