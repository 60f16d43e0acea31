package dev.timerfd4j.core;

/**
 * The {@link TimerLoop} was closed (or its thread died): registering on it fails with this, and
 * every live registration ends with it.
 */
public final class TimerLoopClosedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was closed, naming the loop
   * @param cause the fatal error that ended the loop, or {@code null} after a regular close
   */
  public TimerLoopClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
