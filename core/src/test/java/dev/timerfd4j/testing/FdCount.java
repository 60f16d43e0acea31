package dev.timerfd4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts this process's timerfd, epoll and eventfd descriptors ({@code anon_inode:[timerfd]} and
 * friends in {@code /proc/self/fd}). The JVM opens jars, sockets and cgroup files lazily, so a
 * count of every descriptor drifts; these three kinds only come from our code.
 */
public final class FdCount {

  private FdCount() {}

  public static int now() {
    return anonymous().size();
  }

  /** The link targets of the anonymous-inode descriptors, e.g. {@code anon_inode:[timerfd]}. */
  public static List<String> anonymous() {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("anon_inode:")) {
            found.add(fd.getFileName() + "->" + target);
          }
        } catch (IOException e) {
          // Closed between listing and reading (the directory stream's own descriptor, say).
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("/proc/self/fd is not readable", e);
    }
    return found;
  }

  /** Waits (closes happen on the loop thread) until the count is at most {@code baseline}. */
  public static void awaitAtMost(int baseline, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> open = anonymous();
    while (open.size() > baseline && System.nanoTime() < deadline) {
      Thread.sleep(10);
      open = anonymous();
    }
    assertThat(open.size())
        .as("open descriptors (baseline %d): %s", baseline, open)
        .isLessThanOrEqualTo(baseline);
  }
}
