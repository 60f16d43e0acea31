package dev.timerfd4j.samples;

import dev.timerfd4j.core.ClockId;
import dev.timerfd4j.core.ExpirationHandler;
import dev.timerfd4j.core.Registration;
import dev.timerfd4j.core.TimerFd;
import dev.timerfd4j.core.TimerLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Example 2 of the timerfd HOWTO: three timers on one epoll thread, plus a TCP server that stops
 * everything when a client sends {@code stop}.
 *
 * <p>The timers fire every 0.25, 0.5 and 0.75 s on a {@link TimerLoop} (the epoll thread of
 * timerfd4j), which prints "Timer i expired n times" for each read. The TCP side is the hand loop
 * of the HOWTO, written with a plain {@link Selector} on the calling thread: it accepts any number
 * of connections, reports unknown commands, closes a connection when its client does, and on {@code
 * stop} cancels the timers, closes every connection and returns.
 *
 * <pre>
 * $ java -jar samples/target/timerfd4j-samples.jar epoll --port 1234
 * $ printf 'stop\n' | nc 127.0.0.1 1234      # or: telnet 127.0.0.1 1234, then type stop
 * </pre>
 */
public final class EpollTimers {

  /** The HOWTO's port. */
  public static final int DEFAULT_PORT = 1234;

  /** Timer i fires every {@code i} times this (0.25 s, 0.5 s, 0.75 s). */
  public static final Duration DEFAULT_UNIT = Duration.ofMillis(250);

  private static final int TIMERS = 3;

  private EpollTimers() {}

  /**
   * Runs on 127.0.0.1, port 1234 or the one given as {@code --port N} (0 picks a free port), until
   * a client sends {@code stop}.
   */
  public static void main(String[] args) throws IOException {
    int port = SampleArgs.parse(args).port(DEFAULT_PORT);
    run(new InetSocketAddress("127.0.0.1", port), DEFAULT_UNIT, System.out, bound -> {});
  }

  /**
   * Starts the three timers and serves commands on {@code bind} until a client sends {@code stop},
   * on the calling thread. Every timer, socket and the loop are closed when this returns or throws.
   * An interrupt of the calling thread also stops it.
   *
   * @param bind where to listen; port 0 picks a free one, which {@code onListening} receives
   * @param unit timer i fires every {@code i * unit}
   * @param out where the messages go (timer lines come from the loop thread, the others from the
   *     calling thread)
   * @param onListening called with the bound address once the server listens and the timers run
   * @throws IOException when the server cannot bind or a socket operation fails
   */
  public static void run(
      InetSocketAddress bind,
      Duration unit,
      PrintStream out,
      Consumer<InetSocketAddress> onListening)
      throws IOException {
    TimerFd.toNanos(unit, "unit");
    if (unit.isZero()) {
      throw new IllegalArgumentException("unit must be positive, got " + unit);
    }
    List<Registration> timers = new ArrayList<>(TIMERS);
    try (TimerLoop loop = TimerLoop.create();
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      try {
        server.bind(bind, 1);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
        out.println("Listening on " + bound.getHostString() + ":" + bound.getPort());

        for (int i = 1; i <= TIMERS; i++) {
          // Non-blocking, armed first, then handed over: the loop owns and closes it.
          TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
          Duration period = unit.multipliedBy(i);
          timer.setTime(period, period);
          timers.add(loop.register(timer, new TimerPrinter(i, out)));
        }
        onListening.accept(bound);

        serve(selector, server, out);
      } finally {
        // Cancelled before the loop closes: a cancelled registration gets no onError.
        timers.forEach(Registration::cancel);
        for (SelectionKey key : selector.keys()) {
          if (key.channel() instanceof SocketChannel) {
            key.channel().close();
          }
        }
      }
    }
  }

  /** The hand loop: returns on {@code stop} or an interrupt. */
  private static void serve(Selector selector, ServerSocketChannel server, PrintStream out)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    while (true) {
      selector.select();
      if (Thread.currentThread().isInterrupted()) {
        out.println("Interrupted, stopping server");
        return;
      }
      Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
      while (ready.hasNext()) {
        SelectionKey key = ready.next();
        ready.remove();
        if (!key.isValid()) {
          continue;
        }
        if (key.isAcceptable()) {
          SocketChannel connection = server.accept();
          if (connection != null) {
            connection.configureBlocking(false);
            connection.register(selector, SelectionKey.OP_READ);
            out.println("Accepted connection from " + connection.getRemoteAddress());
          }
        } else if (key.isReadable() && readCommands((SocketChannel) key.channel(), buffer, out)) {
          out.println("Stopping server");
          return;
        }
      }
    }
  }

  /**
   * Reads what the client sent and runs each line as a command.
   *
   * @return whether a {@code stop} came
   */
  private static boolean readCommands(SocketChannel connection, ByteBuffer buffer, PrintStream out)
      throws IOException {
    buffer.clear();
    int read;
    try {
      read = connection.read(buffer);
    } catch (IOException e) {
      read = -1; // reset by the peer: the same as an orderly close here
    }
    if (read < 0) {
      out.println("Closing connection from " + remote(connection));
      connection.close(); // also cancels its key
      return false;
    }
    // Like the HOWTO, a read is taken as it comes; malformed UTF-8 becomes U+FFFD.
    String text = new String(buffer.array(), 0, read, StandardCharsets.UTF_8);
    for (String line : text.split("\\R")) {
      String command = line.strip();
      if (command.isEmpty()) {
        continue;
      }
      if (command.startsWith("stop")) {
        return true;
      }
      out.println("Unknown command: " + command);
    }
    return false;
  }

  private static String remote(SocketChannel connection) {
    try {
      return String.valueOf(connection.getRemoteAddress());
    } catch (IOException | RuntimeException e) {
      return "a client";
    }
  }

  /** Prints each read of timer {@code index}; runs on the loop thread. */
  private static final class TimerPrinter implements ExpirationHandler {
    private final int index;
    private final PrintStream out;

    TimerPrinter(int index, PrintStream out) {
      this.index = index;
      this.out = out;
    }

    @Override
    public void onExpirations(long count) {
      out.println("Timer " + index + " expired " + count + " times");
    }

    @Override
    public void onError(Throwable error) {
      out.println("Timer " + index + " failed: " + error);
    }
  }
}
