package dev.timerfd4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.timerfd4j.core.TimerFdException;
import org.junit.jupiter.api.Test;

/** The native boundary: errno reporting, struct layouts and the availability check. */
class LibCTest {

  @Test
  void kernelErrorsNameTheSyscallAndTheErrno() {
    assertThatThrownBy(() -> LibC.timerfdCreate(12345, LibC.TFD_CLOEXEC))
        .isInstanceOfSatisfying(
            TimerFdException.class,
            e -> {
              assertThat(e.syscall()).isEqualTo("timerfd_create");
              assertThat(e.errno()).isEqualTo(Errno.EINVAL);
              assertThat(e.errnoName()).isEqualTo("EINVAL");
            })
        .hasMessage("timerfd_create: EINVAL (Invalid argument)");
  }

  @Test
  void settimeWithNanosecondsOutOfRangeIsEinval() {
    int fd = LibC.timerfdCreate(1, LibC.TFD_CLOEXEC | LibC.TFD_NONBLOCK);
    try (Memory spec = new Memory(LibC.ITIMERSPEC_SIZE)) {
      spec.clear();
      spec.setLong(LibC.ITIMERSPEC_VALUE_NSEC, 1_000_000_000L); // tv_nsec must be < 1e9
      assertThatThrownBy(() -> LibC.timerfdSettime(fd, 0, Pointer.nativeValue(spec), 0))
          .hasMessage("timerfd_settime: EINVAL (Invalid argument)");
    } finally {
      LibC.closeFd(fd);
    }
  }

  @Test
  void aClosedNumberIsEbadf() {
    int fd = LibC.timerfdCreate(1, LibC.TFD_CLOEXEC);
    LibC.closeFd(fd);
    assertThatThrownBy(() -> LibC.timerfdGettime(fd, Pointer.nativeValue(Scratch.memory())))
        .isInstanceOf(TimerFdException.class)
        .hasMessage("timerfd_gettime: EBADF (Bad file descriptor)");
  }

  @Test
  void unknownErrnosStillGetAName() {
    assertThat(Errno.name(Errno.EMFILE)).isEqualTo("EMFILE");
    assertThat(Errno.name(4242)).isEqualTo("errno 4242");
    assertThat(new TimerFdException("read", 4242))
        .hasMessage("read: errno 4242 (Unknown error 4242)");
  }

  @Test
  void epollEventLayoutIsPinnedPerArchitecture() {
    // IMPORTANT: packed on x86_64 only (EPOLL_PACKED in uapi/linux/eventpoll.h).
    assertThat(EpollEventLayout.isPacked("x86_64")).isTrue();
    assertThat(EpollEventLayout.isPacked("aarch64")).isFalse();
    assertThat(EpollEventLayout.isPacked("riscv64")).isFalse();
    if (NativeSupport.arch().equals("x86_64")) {
      assertThat(EpollEventLayout.SIZE).isEqualTo(12);
      assertThat(EpollEventLayout.DATA_OFFSET).isEqualTo(4);
    } else {
      assertThat(EpollEventLayout.SIZE).isEqualTo(16);
      assertThat(EpollEventLayout.DATA_OFFSET).isEqualTo(8);
    }
  }

  @Test
  void unsupportedPlatformsGetAReasonInsteadOfAnUnsatisfiedLinkError() {
    assertThat(NativeSupport.refusal("Mac OS X", "aarch64", false))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("needs Linux")
        .hasMessageContaining("Mac OS X");
    assertThat(NativeSupport.refusal("Linux", "mips", false))
        .hasMessageContaining("supports x86_64, aarch64 and riscv64")
        .hasMessageContaining("mips");
    assertThat(NativeSupport.refusal("Linux", "x86_64", true))
        .hasMessageContaining("timerfd4j.forceUnavailable");
    assertThat(NativeSupport.refusal("Linux", "x86_64", false)).isNull();
    assertThat(NativeSupport.refusal("Linux", "aarch64", false)).isNull();
  }
}
