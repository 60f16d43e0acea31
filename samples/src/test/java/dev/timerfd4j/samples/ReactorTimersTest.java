package dev.timerfd4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timerfd4j.samples.ReactorTimers.Ending;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReactorTimersTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration UNIT = Duration.ofMillis(100);
  private static final Pattern TIMER_LINE =
      Pattern.compile("Timer ([123]) expired ([1-9][0-9]*) times");

  @Test
  @Timeout(60)
  void endsByItselfAfterTheDuration() throws Exception {
    CapturedOutput output = new CapturedOutput();
    CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    Duration duration = Duration.ofMillis(1_200);

    long start = System.nanoTime();
    Ending ending =
        ReactorTimers.run(
            new InetSocketAddress("127.0.0.1", 0),
            UNIT,
            duration,
            output.stream(),
            listening::complete);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(ending).isEqualTo(Ending.DURATION);
    assertThat(elapsed).isGreaterThanOrEqualTo(duration).isLessThan(Duration.ofSeconds(20));
    List<String> lines = output.lines();
    assertThat(lines.get(0)).startsWith("Listening on 127.0.0.1:");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Done after PT1.2S");

    long[] expirations = expirationsPerTimer(lines);
    for (int timer = 1; timer <= 3; timer++) {
      // The kernel never fires early: at most elapsed / period expirations.
      long most = elapsed.toNanos() / UNIT.multipliedBy(timer).toNanos();
      assertThat(expirations[timer]).as("timer %d", timer).isBetween(1L, most);
    }
    // Loose lower bounds: the counts add up even when the loop thread reads late.
    assertThat(expirations[1]).isGreaterThanOrEqualTo(6);
    assertThat(expirations[2]).isGreaterThanOrEqualTo(3);
    assertThatServerIsClosed(listening.getNow(null));
  }

  @Test
  @Timeout(60)
  void servesUntilAClientSendsStop() throws Exception {
    CapturedOutput output = new CapturedOutput();
    CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    CompletableFuture<Ending> ending =
        CompletableFuture.supplyAsync(
            () ->
                ReactorTimers.run(
                    new InetSocketAddress("127.0.0.1", 0),
                    UNIT,
                    null,
                    output.stream(),
                    listening::complete));
    InetSocketAddress server = listening.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    output.awaitLine(line -> line.startsWith("Timer 3 expired"), DEADLINE);

    try (Socket idle = connect(server);
        Socket chatty = connect(server)) {
      send(chatty, "hello\r\n"); // telnet's line ending
      output.awaitLine("Unknown command: hello"::equals, DEADLINE);
      assertThat(ending).isNotDone();

      send(chatty, "stop\n");
      assertThat(ending.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Ending.STOP_COMMAND);
      // The connection that sent stop is closed by the server.
      assertThat(read(chatty)).isEqualTo(-1);
    }
    List<String> lines = output.lines();
    assertThat(lines).contains("Stopping server");
    assertThat(lines.stream().filter(line -> line.startsWith("Accepted connection from")))
        .hasSize(2);
    assertThat(expirationsPerTimer(lines)[1]).isPositive();
    assertThatServerIsClosed(server);

    // The timers were cancelled with the stop: nothing prints any more.
    int printed = output.lines().size();
    Thread.sleep(3 * UNIT.toMillis());
    assertThat(output.lines().stream().skip(printed)).noneMatch(line -> line.startsWith("Timer"));
  }

  @Test
  @Timeout(30)
  void failsWhenThePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
      CapturedOutput output = new CapturedOutput();
      assertThatThrownBy(
              () ->
                  ReactorTimers.run(address, UNIT, Duration.ofSeconds(5), output.stream(), a -> {}))
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
      assertThat(output.lines()).noneMatch(line -> line.startsWith("Timer"));
    }
  }

  private static long[] expirationsPerTimer(List<String> lines) {
    long[] sums = new long[4];
    for (String line : lines) {
      Matcher matcher = TIMER_LINE.matcher(line);
      if (matcher.matches()) {
        sums[Integer.parseInt(matcher.group(1))] += Long.parseLong(matcher.group(2));
      }
    }
    return sums;
  }

  /** The server is disposed asynchronously: within the deadline, connecting is refused. */
  private static void assertThatServerIsClosed(InetSocketAddress server)
      throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
        if (System.nanoTime() > end) {
          throw new AssertionError("still accepting connections on " + server);
        }
      } catch (ConnectException expected) {
        return;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      Thread.sleep(20);
    }
  }

  private static Socket connect(InetSocketAddress server) throws IOException {
    Socket socket = new Socket(server.getAddress(), server.getPort());
    socket.setSoTimeout((int) DEADLINE.toMillis());
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static int read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    return in.read();
  }
}
