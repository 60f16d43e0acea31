package dev.timerfd4j.reactor;

import dev.timerfd4j.core.TimerFd;
import dev.timerfd4j.core.TimerLoop;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Where the timers of {@link TimerFlux} come from. The backend is chosen for each subscription,
 * when it subscribes; {@link TimerFlux#backend()} tells which one new subscriptions get.
 */
public enum TimerBackend {
  /** A Linux timerfd per subscription, drained by a {@link TimerLoop} thread. */
  NATIVE,
  /**
   * timerfd is not available here (not Linux, or the native library did not load): an emulation on
   * {@link Schedulers#parallel()} with the same semantics, counts computed from elapsed time.
   */
  FALLBACK,
  /**
   * Inside {@code StepVerifier.withVirtualTime} (reactor-test's {@code VirtualTimeScheduler}
   * factory is enabled): the same emulation, on the virtual scheduler.
   */
  VIRTUAL;

  private static final Logger LOG = Loggers.getLogger(TimerBackend.class);

  private static final AtomicBoolean FALLBACK_WARNED = new AtomicBoolean();

  /** {@code VirtualTimeScheduler.isFactoryEnabled()}, or null when reactor-test is absent. */
  private static final MethodHandle VIRTUAL_TIME_ENABLED = findVirtualTimeProbe();

  /** The backend a subscription made now gets, unless {@code forced} is not null. */
  static TimerBackend select(TimerBackend forced) {
    if (forced != null) {
      return forced;
    }
    if (isVirtualTimeEnabled()) {
      return VIRTUAL;
    }
    if (TimerFd.isAvailable()) {
      return NATIVE;
    }
    if (FALLBACK_WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "timerfd4j: timerfd is not available ({}); TimerFlux falls back to an emulation on"
              + " Schedulers.parallel()",
          String.valueOf(TimerFd.unavailabilityCause()));
    }
    return FALLBACK;
  }

  /** A new, not yet started tick source of this backend. */
  TickSource newSource(TimerSpec spec, TickListener listener) {
    if (this == NATIVE) {
      return new NativeTickSource(spec, listener);
    }
    // VIRTUAL and FALLBACK share one implementation; under virtual time parallel() is the
    // VirtualTimeScheduler.
    return new ScheduledTickSource(spec, Schedulers.parallel(), listener);
  }

  private static boolean isVirtualTimeEnabled() {
    if (VIRTUAL_TIME_ENABLED == null) {
      return false;
    }
    try {
      return (boolean) VIRTUAL_TIME_ENABLED.invokeExact();
    } catch (Throwable t) {
      return false;
    }
  }

  private static MethodHandle findVirtualTimeProbe() {
    try {
      // reactor-test is optional (usually test scope), so it is looked up, not linked.
      Class<?> vts =
          Class.forName(
              "reactor.test.scheduler.VirtualTimeScheduler",
              false,
              TimerBackend.class.getClassLoader());
      return MethodHandles.publicLookup()
          .findStatic(vts, "isFactoryEnabled", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
