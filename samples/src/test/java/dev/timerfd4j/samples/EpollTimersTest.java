package dev.timerfd4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timerfd4j.core.TimerLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EpollTimersTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @BeforeAll
  static void loadEverythingOnce() throws IOException {
    // Classes load lazily and a first use may open a jar for good: do that before the baseline.
    TimerLoop.create().close();
    Selector.open().close();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      SocketChannel.open(server.getLocalAddress()).close();
    }
  }

  @Test
  @Timeout(60)
  void timersTickUntilAClientSendsStop() throws Exception {
    int fdsBefore = OpenFiles.count();
    CapturedOutput output = new CapturedOutput();
    CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    Thread sample =
        new Thread(
            () -> {
              try {
                EpollTimers.run(
                    new InetSocketAddress("127.0.0.1", 0),
                    Duration.ofMillis(100),
                    output.stream(),
                    listening::complete);
                finished.complete(null);
              } catch (Throwable e) {
                listening.completeExceptionally(e);
                finished.completeExceptionally(e);
              }
            },
            "epoll-timers-sample");
    sample.setDaemon(true);
    sample.start();
    try {
      InetSocketAddress server = listening.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(server.getPort()).isPositive();
      output.awaitLine(line -> line.startsWith("Timer 3 expired"), DEADLINE);

      try (SocketChannel client = SocketChannel.open(server)) {
        client.write(StandardCharsets.UTF_8.encode("hello\n"));
        output.awaitLine("Unknown command: hello"::equals, DEADLINE);
      }
      output.awaitLine(line -> line.startsWith("Closing connection from"), DEADLINE);

      try (SocketChannel client = SocketChannel.open(server)) {
        client.write(StandardCharsets.UTF_8.encode("stop\n"));
        // The server closes every connection when it stops: the client reads end-of-stream.
        assertThat(client.read(ByteBuffer.allocate(16))).isEqualTo(-1);
      }
      finished.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } finally {
      sample.interrupt();
      sample.join(DEADLINE.toMillis());
    }

    List<String> lines = output.lines();
    assertThat(lines).contains("Stopping server").contains("Unknown command: hello");
    List<String> timerLines = lines.stream().filter(line -> line.startsWith("Timer")).toList();
    assertThat(timerLines).allMatch(line -> line.matches("Timer [123] expired [1-9][0-9]* times"));
    assertThat(timerLines)
        .anyMatch(line -> line.startsWith("Timer 1 "))
        .anyMatch(line -> line.startsWith("Timer 2 "))
        .anyMatch(line -> line.startsWith("Timer 3 "));

    // Stopped means stopped: no timer prints any more, every descriptor is closed.
    Thread.sleep(400);
    assertThat(output.lines()).hasSameSizeAs(lines);
    assertThat(OpenFiles.awaitAtMost(fdsBefore, DEADLINE)).isLessThanOrEqualTo(fdsBefore);
  }
}
