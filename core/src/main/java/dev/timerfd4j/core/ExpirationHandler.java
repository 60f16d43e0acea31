package dev.timerfd4j.core;

/**
 * What a {@link TimerLoop} calls for one registration. Every method runs on the loop thread, one
 * call at a time per loop, so it must be quick and must never block: every other timer of the loop
 * waits for it. Hand heavy work to another thread.
 *
 * <p>The count arrives as a primitive {@code long}: the loop allocates nothing per expiration.
 */
public interface ExpirationHandler {

  /**
   * The timer expired {@code count} times (at least 1) since the last read: 1 normally, N when N-1
   * expirations were missed, e.g. while the registration was paused.
   *
   * <p>Throwing ends this registration only: the throwable goes to {@link #onError} and the
   * descriptor is closed; the loop and every other registration go on.
   */
  void onExpirations(long count);

  /**
   * The wall clock was set discontinuously and this is a {@link SetTimeFlag#TIMER_CANCEL_ON_SET}
   * timer (the kernel's {@code ECANCELED}). The registration stays live and the timer stays armed
   * at its absolute time; re-arm it through {@link Registration#timer()} here if the schedule
   * should follow the new clock. The default does nothing.
   */
  default void onClockChanged() {}

  /**
   * The registration has ended with an error and its descriptor is closed: this handler threw, a
   * syscall failed ({@link TimerFdException}), or the loop was closed or died ({@link
   * TimerLoopClosedException}). Called at most once, and never after {@link Registration#cancel()}.
   */
  void onError(Throwable error);
}
