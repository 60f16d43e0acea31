package dev.timerfd4j.core;

import dev.timerfd4j.core.internal.Errno;

/**
 * A system call failed. The message names the syscall, the errno name and its description, as in
 * {@code timerfd_settime: EINVAL (Invalid argument)}; {@link #syscall()}, {@link #errno()} and
 * {@link #errnoName()} give the parts.
 */
public class TimerFdException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String syscall;
  private final int errno;

  /**
   * Creates the exception for a failed syscall.
   *
   * @param syscall the name of the C function that failed, e.g. {@code timerfd_create}
   * @param errno the errno it set
   */
  public TimerFdException(String syscall, int errno) {
    this(syscall, errno, null);
  }

  /**
   * Creates the exception with extra context appended to the standard message.
   *
   * @param syscall the name of the C function that failed
   * @param errno the errno it set
   * @param detail appended after the standard message, or {@code null}
   */
  public TimerFdException(String syscall, int errno, String detail) {
    super(
        syscall
            + ": "
            + Errno.name(errno)
            + " ("
            + Errno.description(errno)
            + ")"
            + (detail == null ? "" : ": " + detail));
    this.syscall = syscall;
    this.errno = errno;
  }

  /**
   * The exception for {@code syscall} failing with {@code errno}: a {@link ClockChangedException}
   * for {@code ECANCELED}, a plain {@code TimerFdException} otherwise.
   */
  public static TimerFdException of(String syscall, int errno) {
    if (errno == Errno.ECANCELED) {
      return new ClockChangedException(syscall);
    }
    return new TimerFdException(syscall, errno);
  }

  /** The C function that failed, e.g. {@code timerfd_settime}. */
  public String syscall() {
    return syscall;
  }

  /** The errno number. */
  public int errno() {
    return errno;
  }

  /** The errno name, e.g. {@code EINVAL}. */
  public String errnoName() {
    return Errno.name(errno);
  }
}
