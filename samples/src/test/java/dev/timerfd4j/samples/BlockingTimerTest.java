package dev.timerfd4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BlockingTimerTest {

  @Test
  @Timeout(30)
  void printsFourExpirationsAtTheHowtoPace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int fdsBefore = OpenFiles.count();

    long start = System.nanoTime();
    long expirations = BlockingTimer.run(Duration.ofSeconds(1), Duration.ofMillis(500), 4, out);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("Timer expired", "Timer expired", "Timer expired", "Timer expired");
    // 1 s + 3 x 0.5 s: the kernel never fires early. Under load reads may come late (then a read
    // returns more than one expiration), so the upper bound is loose.
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(2_490));
    assertThat(elapsed).isLessThan(Duration.ofSeconds(20));
    assertThat(expirations).isGreaterThanOrEqualTo(4);
    assertThat(OpenFiles.count()).isLessThanOrEqualTo(fdsBefore);
  }

  @Test
  void rejectsAnInitialValueThatWouldDisarmTheTimer() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BlockingTimer.run(Duration.ZERO, Duration.ofMillis(500), 4, out))
        .withMessageContaining("initial");
  }
}
