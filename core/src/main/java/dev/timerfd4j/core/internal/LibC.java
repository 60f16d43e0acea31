package dev.timerfd4j.core.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.timerfd4j.core.TimerFdException;

/**
 * The native boundary: JNA <em>direct-mapped</em> libc functions (private, primitives and raw
 * addresses only) and, beside each one, a checked wrapper that turns {@code -1} + errno into a
 * {@link TimerFdException} naming the syscall and the errno.
 *
 * <p>Addresses are passed as {@code long} (the memory address of a {@code com.sun.jna.Memory}
 * allocated once by the caller), so a call allocates nothing on the Java heap on success.
 *
 * <p>Internal: not part of the public API. Load it only after {@link NativeSupport} said yes.
 */
public final class LibC {

  // IMPORTANT: values from the Linux UAPI headers (asm-generic; x86_64, aarch64 and riscv64
  // agree). NativeSupport refuses architectures whose O_* values differ (mips, sparc, alpha).
  public static final int TFD_NONBLOCK = 0x800; // O_NONBLOCK, 04000
  public static final int TFD_CLOEXEC = 0x80000; // O_CLOEXEC, 02000000
  public static final int TFD_TIMER_ABSTIME = 1;
  public static final int TFD_TIMER_CANCEL_ON_SET = 2;
  public static final int EPOLL_CLOEXEC = 0x80000;
  public static final int EFD_NONBLOCK = 0x800;
  public static final int EFD_CLOEXEC = 0x80000;
  public static final int EPOLL_CTL_ADD = 1;
  public static final int EPOLL_CTL_DEL = 2;
  public static final int EPOLL_CTL_MOD = 3;
  public static final int EPOLLIN = 0x001;

  /** {@code struct itimerspec}: it_interval (sec, nsec) then it_value (sec, nsec). */
  public static final int ITIMERSPEC_SIZE = 32;

  public static final int ITIMERSPEC_INTERVAL_SEC = 0;
  public static final int ITIMERSPEC_INTERVAL_NSEC = 8;
  public static final int ITIMERSPEC_VALUE_SEC = 16;
  public static final int ITIMERSPEC_VALUE_NSEC = 24;

  /** {@code struct timespec}: tv_sec then tv_nsec, both 64-bit on the supported targets. */
  public static final int TIMESPEC_SIZE = 16;

  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  private LibC() {}

  // ---- raw natives: the Java name is the C symbol --------------------------------------------

  private static native int timerfd_create(int clockid, int flags) throws LastErrorException;

  private static native int timerfd_settime(int fd, int flags, long newValue, long oldValue)
      throws LastErrorException;

  private static native int timerfd_gettime(int fd, long currValue) throws LastErrorException;

  private static native int epoll_create1(int flags) throws LastErrorException;

  private static native int epoll_ctl(int epfd, int op, int fd, long event)
      throws LastErrorException;

  private static native int epoll_wait(int epfd, long events, int maxevents, int timeout)
      throws LastErrorException;

  private static native int eventfd(int initval, int flags) throws LastErrorException;

  private static native long read(int fd, long buf, long count) throws LastErrorException;

  private static native long write(int fd, long buf, long count) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

  private static native int clock_gettime(int clockid, long tp) throws LastErrorException;

  private static native int clock_settime(int clockid, long tp) throws LastErrorException;

  // ---- checked wrappers ---------------------------------------------------------------------

  public static int timerfdCreate(int clockid, int flags) {
    try {
      return timerfd_create(clockid, flags);
    } catch (LastErrorException e) {
      throw TimerFdException.of("timerfd_create", e.getErrorCode());
    }
  }

  public static void timerfdSettime(int fd, int flags, long newValue, long oldValue) {
    try {
      timerfd_settime(fd, flags, newValue, oldValue);
    } catch (LastErrorException e) {
      throw TimerFdException.of("timerfd_settime", e.getErrorCode());
    }
  }

  public static void timerfdGettime(int fd, long currValue) {
    try {
      timerfd_gettime(fd, currValue);
    } catch (LastErrorException e) {
      throw TimerFdException.of("timerfd_gettime", e.getErrorCode());
    }
  }

  public static int epollCreate1(int flags) {
    try {
      return epoll_create1(flags);
    } catch (LastErrorException e) {
      throw TimerFdException.of("epoll_create1", e.getErrorCode());
    }
  }

  public static void epollCtl(int epfd, int op, int fd, long event) {
    try {
      epoll_ctl(epfd, op, fd, event);
    } catch (LastErrorException e) {
      throw TimerFdException.of("epoll_ctl", e.getErrorCode());
    }
  }

  /** {@code epoll_wait}; an interrupted wait ({@code EINTR}) returns 0 ready descriptors. */
  public static int epollWait(int epfd, long events, int maxevents, int timeoutMillis) {
    try {
      return epoll_wait(epfd, events, maxevents, timeoutMillis);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.EINTR) {
        return 0;
      }
      throw TimerFdException.of("epoll_wait", e.getErrorCode());
    }
  }

  public static int eventfdCreate(int initval, int flags) {
    try {
      return eventfd(initval, flags);
    } catch (LastErrorException e) {
      throw TimerFdException.of("eventfd", e.getErrorCode());
    }
  }

  /**
   * {@code read(2)} of at most {@code count} bytes. Returns the number of bytes read, or {@code
   * -errno} for {@code EAGAIN}, {@code ECANCELED} and {@code EINTR} so that the hot path can branch
   * on them without an exception object; every other errno throws.
   */
  public static long readOrErrno(int fd, long buf, long count) {
    try {
      return read(fd, buf, count);
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      if (errno == Errno.EAGAIN || errno == Errno.ECANCELED || errno == Errno.EINTR) {
        return -errno;
      }
      throw TimerFdException.of("read", errno);
    }
  }

  public static long write(int fd, long buf, long count, String what) {
    try {
      return write(fd, buf, count);
    } catch (LastErrorException e) {
      throw TimerFdException.of(what, e.getErrorCode());
    }
  }

  /**
   * {@code close(2)}. Linux releases the descriptor number even when close reports an error, so the
   * caller must never retry; errors are reported to the caller once.
   */
  public static void closeFd(int fd) {
    try {
      close(fd);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != Errno.EINTR) {
        throw TimerFdException.of("close", e.getErrorCode());
      }
    }
  }

  public static void clockGettime(int clockid, long tp) {
    try {
      clock_gettime(clockid, tp);
    } catch (LastErrorException e) {
      throw TimerFdException.of("clock_gettime", e.getErrorCode());
    }
  }

  public static void clockSettime(int clockid, long tp) {
    try {
      clock_settime(clockid, tp);
    } catch (LastErrorException e) {
      throw TimerFdException.of("clock_settime", e.getErrorCode());
    }
  }
}
