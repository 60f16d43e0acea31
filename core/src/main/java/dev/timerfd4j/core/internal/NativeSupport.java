package dev.timerfd4j.core.internal;

import dev.timerfd4j.core.TimerFdException;
import java.util.Locale;

/**
 * Decides once whether timerfd is usable here: Linux, a supported 64-bit architecture, and a libc
 * that JNA can bind. The reason is kept, so callers get a clear message instead of an {@link
 * UnsatisfiedLinkError} at first use.
 *
 * <p>Internal: the public face is {@code TimerFd.isAvailable()}.
 */
public final class NativeSupport {

  private static final Throwable UNAVAILABILITY_CAUSE = probe();

  private NativeSupport() {}

  /** {@code null} when timerfd can be used, otherwise why not. */
  public static Throwable unavailabilityCause() {
    return UNAVAILABILITY_CAUSE;
  }

  /**
   * Why a platform cannot use timerfd before any native code is touched, or {@code null}.
   *
   * @param osName the {@code os.name} property
   * @param arch the normalised architecture
   * @param forced whether {@code -Dtimerfd4j.forceUnavailable=true} was given
   */
  static Throwable refusal(String osName, String arch, boolean forced) {
    if (forced) {
      return new UnsupportedOperationException(
          "timerfd is disabled by the system property timerfd4j.forceUnavailable");
    }
    if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return new UnsupportedOperationException(
          "timerfd needs Linux; this is " + osName + " (" + arch + ")");
    }
    if (!arch.equals("x86_64") && !arch.equals("aarch64") && !arch.equals("riscv64")) {
      return new UnsupportedOperationException(
          "timerfd4j supports x86_64, aarch64 and riscv64 Linux; this is " + arch);
    }
    return null;
  }

  /**
   * Loads the classes that failures need, now: when the process is out of descriptors ({@code
   * EMFILE}), a class loader that reads from a directory cannot open the class file that would
   * describe the failure, and the caller would get a {@link NoClassDefFoundError} instead.
   */
  private static void preloadFailurePaths() {
    for (int errno : new int[] {Errno.EMFILE, Errno.ECANCELED}) {
      TimerFdException.of("timerfd_create", errno).getMessage();
    }
    new dev.timerfd4j.core.TimerLoopClosedException("preload", null).getMessage();
  }

  /** The normalised architecture name ({@code x86_64}, {@code aarch64}, ...). */
  public static String arch() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64", "x86-64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
  }

  private static Throwable probe() {
    Throwable refusal =
        refusal(
            System.getProperty("os.name", ""),
            arch(),
            Boolean.getBoolean("timerfd4j.forceUnavailable"));
    if (refusal != null) {
      return refusal;
    }
    try {
      // Loads libc through JNA and binds every native method; any failure is the reason.
      Class.forName(LibC.class.getName(), true, NativeSupport.class.getClassLoader());
      preloadFailurePaths();
      return null;
    } catch (Throwable t) {
      UnsupportedOperationException reason =
          new UnsupportedOperationException("the native library could not be loaded: " + t);
      reason.initCause(t);
      return reason;
    }
  }
}
