package dev.timerfd4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a fresh JVM, optionally under a lower fd limit. */
public final class ForkedJvm {

  /** What the child printed and how it ended. */
  public record Result(int exitCode, String output, Duration elapsed) {}

  private ForkedJvm() {}

  public static Result run(Class<?> main, Integer fdLimit, Duration timeout, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    if (fdLimit != null) {
      // ulimit lowers RLIMIT_NOFILE for the shell, and exec hands it to the JVM.
      StringBuilder line = new StringBuilder("ulimit -n " + fdLimit + " && exec");
      for (String part : command) {
        line.append(" '").append(part.replace("'", "'\\''")).append('\'');
      }
      command = List.of("bash", "-c", line.toString());
    }
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output;
    boolean finished;
    try (var in = process.getInputStream()) {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly();
        process.waitFor();
      }
      output = in.readAllBytes();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String text = new String(output, StandardCharsets.UTF_8);
    if (!finished) {
      throw new AssertionError("forked JVM did not end within " + timeout + "; output:\n" + text);
    }
    return new Result(process.exitValue(), text, elapsed);
  }
}
