package dev.timerfd4j.core.internal;

/**
 * The layout of {@code struct epoll_event}: {@code uint32_t events} then {@code uint64_t data}.
 *
 * <p>IMPORTANT: the kernel declares the struct {@code __attribute__((packed))} on x86_64 only (see
 * {@code EPOLL_PACKED} in include/uapi/linux/eventpoll.h), so it is 12 bytes there with {@code
 * data} at offset 4, and 16 bytes with {@code data} at offset 8 on every other 64-bit target. A
 * test pins both numbers.
 */
public final class EpollEventLayout {

  /** Size of one {@code struct epoll_event} on this architecture. */
  public static final int SIZE;

  /** Offset of {@code events}. */
  public static final int EVENTS_OFFSET = 0;

  /** Offset of {@code data}. */
  public static final int DATA_OFFSET;

  static {
    boolean packed = isPacked(NativeSupport.arch());
    SIZE = packed ? 12 : 16;
    DATA_OFFSET = packed ? 4 : 8;
  }

  private EpollEventLayout() {}

  /** Whether {@code struct epoll_event} is packed on the given (normalised) architecture. */
  static boolean isPacked(String arch) {
    return arch.equals("x86_64");
  }
}
