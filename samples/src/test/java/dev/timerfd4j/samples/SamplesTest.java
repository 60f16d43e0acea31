package dev.timerfd4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The jar's entry point and the options the samples share. */
class SamplesTest {

  @Test
  @Timeout(60)
  void runsTheReactorSampleWhenNoneIsNamed() throws Exception {
    List<String> lines = runCapturingStdout("--port", "0", "--duration", "PT0.6S");
    assertThat(lines.get(0)).startsWith("Listening on 127.0.0.1:");
    assertThat(lines).contains("Timer 1 expired 1 times");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Done after PT0.6S");
  }

  @Test
  @Timeout(60)
  void runsTheNamedSample() throws Exception {
    List<String> lines = runCapturingStdout("migration", "--duration", "PT0.3S");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("Flux.interval").contains("OverflowException");
  }

  @Test
  void rejectsAnUnknownSample() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Samples.run("nope"))
        .withMessage("unknown sample 'nope'");
  }

  @Test
  void rejectsBadOptionsNamingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SampleArgs.parse("--port", "http").port(1234))
        .withMessageContaining("--port");
    assertThat(SampleArgs.parse("--port", "0").port(1234)).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SampleArgs.parse("--port", "65536").port(1234))
        .withMessage("--port must be a number from 0 to 65535, got 65536");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SampleArgs.parse("--duration", "3s").duration(Duration.ZERO))
        .withMessageContaining("--duration");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SampleArgs.parse("--duration", "PT0S").duration(Duration.ZERO))
        .withMessageContaining("positive");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SampleArgs.parse("--verbose"))
        .withMessageContaining("unknown option --verbose");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SampleArgs.parse("--port"))
        .withMessage("--port needs a value");
    assertThat(SampleArgs.parse("--serve").serve()).isTrue();
    assertThat(SampleArgs.parse().duration(Duration.ofSeconds(3))).hasSeconds(3);
  }

  private static List<String> runCapturingStdout(String... args) throws Exception {
    CapturedOutput output = new CapturedOutput();
    PrintStream stdout = System.out;
    System.setOut(output.stream());
    try {
      Samples.run(args);
    } finally {
      System.setOut(stdout);
    }
    return output.lines();
  }
}
