package dev.timerfd4j.core.internal;

/**
 * Linux errno numbers and their names. The numbers are those of asm-generic, shared by x86_64,
 * aarch64 and riscv64.
 *
 * <p>Internal: not part of the public API.
 */
public final class Errno {
  public static final int EPERM = 1;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int ECANCELED = 125;

  private record Entry(int number, String name, String description) {}

  private static final Entry[] KNOWN = {
    new Entry(1, "EPERM", "Operation not permitted"),
    new Entry(2, "ENOENT", "No such file or directory"),
    new Entry(4, "EINTR", "Interrupted system call"),
    new Entry(5, "EIO", "Input/output error"),
    new Entry(9, "EBADF", "Bad file descriptor"),
    new Entry(11, "EAGAIN", "Resource temporarily unavailable"),
    new Entry(12, "ENOMEM", "Cannot allocate memory"),
    new Entry(13, "EACCES", "Permission denied"),
    new Entry(14, "EFAULT", "Bad address"),
    new Entry(16, "EBUSY", "Device or resource busy"),
    new Entry(17, "EEXIST", "File exists"),
    new Entry(19, "ENODEV", "No such device"),
    new Entry(22, "EINVAL", "Invalid argument"),
    new Entry(23, "ENFILE", "Too many open files in system"),
    new Entry(24, "EMFILE", "Too many open files"),
    new Entry(28, "ENOSPC", "No space left on device"),
    new Entry(38, "ENOSYS", "Function not implemented"),
    new Entry(40, "ELOOP", "Too many levels of symbolic links"),
    new Entry(95, "EOPNOTSUPP", "Operation not supported"),
    new Entry(125, "ECANCELED", "Operation canceled"),
  };

  private Errno() {}

  /** The symbolic name, e.g. {@code EINVAL}, or {@code errno 77} for one this table lacks. */
  public static String name(int errno) {
    Entry entry = lookup(errno);
    return entry == null ? "errno " + errno : entry.name();
  }

  /** The strerror text, e.g. {@code Invalid argument}, or {@code Unknown error 77}. */
  public static String description(int errno) {
    Entry entry = lookup(errno);
    return entry == null ? "Unknown error " + errno : entry.description();
  }

  private static Entry lookup(int errno) {
    for (Entry entry : KNOWN) {
      if (entry.number() == errno) {
        return entry;
      }
    }
    return null;
  }
}
