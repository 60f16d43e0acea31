package dev.timerfd4j.core.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A per-thread block of native memory for the calls that user threads make ({@code
 * timerfd_settime}, {@code timerfd_gettime}, {@code clock_gettime}, a {@code read} of a timer):
 * allocated once per thread, reused by every call, never shared between threads.
 *
 * <p>Internal: not part of the public API. The loop thread has its own buffers.
 */
public final class Scratch {

  /** Bytes in one block: two {@code itimerspec} and an 8-byte count. */
  public static final int SIZE = 2 * LibC.ITIMERSPEC_SIZE + 8;

  private static final ThreadLocal<Memory> BLOCK = ThreadLocal.withInitial(() -> new Memory(SIZE));

  private Scratch() {}

  /** The calling thread's block, as a raw address. */
  public static long address() {
    return Pointer.nativeValue(BLOCK.get());
  }

  /** The calling thread's block. */
  public static Memory memory() {
    return BLOCK.get();
  }
}
