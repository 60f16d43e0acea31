package dev.timerfd4j.reactor;

import dev.timerfd4j.core.TimerLoop;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.NonBlocking;

/**
 * {@link TimerLoop}s whose thread implements {@link NonBlocking}, so that {@code block()} called on
 * it fails fast with an {@link IllegalStateException}, as on Reactor's own non-blocking threads.
 * {@link TimerFlux} uses {@link #shared()} unless {@link TimerOptions} name a loop.
 */
public final class ReactorTimerLoop {

  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private static final ThreadFactory THREAD_FACTORY =
      task -> {
        Thread thread = new LoopThread(task, "timerfd4j-reactor-" + THREAD_IDS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };

  private static final Object SHARED_LOCK = new Object();

  private static volatile TimerLoop shared;

  private ReactorTimerLoop() {}

  /**
   * The adapter's process-wide loop: one daemon thread named {@code timerfd4j-reactor-N} that
   * implements {@link NonBlocking}, started at first use. If it was closed or died, the next call
   * starts a fresh one.
   *
   * @throws UnsupportedOperationException when timerfd is not available here
   */
  public static TimerLoop shared() {
    TimerLoop loop = shared;
    if (loop != null && !loop.isClosed()) {
      return loop;
    }
    synchronized (SHARED_LOCK) {
      loop = shared;
      if (loop == null || loop.isClosed()) {
        loop = create();
        shared = loop;
      }
      return loop;
    }
  }

  /**
   * A new loop on a {@link NonBlocking} daemon thread named {@code timerfd4j-reactor-N}, for
   * applications and tests that want their own; close it when done.
   *
   * @throws UnsupportedOperationException when timerfd is not available here
   */
  public static TimerLoop create() {
    return TimerLoop.create(THREAD_FACTORY);
  }

  /** The loop thread: a marker for {@code Schedulers.isInNonBlockingThread()}. */
  private static final class LoopThread extends Thread implements NonBlocking {
    LoopThread(Runnable task, String name) {
      super(task, name);
    }
  }
}
