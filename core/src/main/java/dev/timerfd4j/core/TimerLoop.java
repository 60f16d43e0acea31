package dev.timerfd4j.core;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.timerfd4j.core.internal.EpollEventLayout;
import dev.timerfd4j.core.internal.Errno;
import dev.timerfd4j.core.internal.LibC;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One dedicated thread that drains many {@link TimerFd}s through epoll and hands their expiration
 * counts to {@link ExpirationHandler}s.
 *
 * <pre>{@code
 * try (TimerLoop loop = TimerLoop.create()) {
 *   TimerFd timer = TimerFd.create(ClockId.MONOTONIC, true);
 *   timer.setTime(Duration.ofMillis(250), Duration.ofMillis(250));
 *   Registration registration = loop.register(timer, new ExpirationHandler() {
 *     public void onExpirations(long count) { System.out.println("expired " + count + "x"); }
 *     public void onError(Throwable error) { error.printStackTrace(); }
 *   });
 *   Thread.sleep(1_000);
 *   registration.cancel(); // the loop thread removes and closes the timer
 * }
 * }</pre>
 *
 * <h2>How it works</h2>
 *
 * <ul>
 *   <li>The thread sleeps in {@code epoll_wait} with no timeout: no CPU while idle.
 *   <li>Other threads hand it commands (register, cancel, resume) through a lock-free stack of the
 *       registrations themselves, and write its {@code eventfd} only when it sleeps.
 *   <li>The loop owns every descriptor registered with it: each {@code epoll_ctl} and each {@code
 *       close(2)} happens on the loop thread, so a number can never be closed and reused by an
 *       unrelated {@code open} while the loop might still read it. epoll events carry a token (slot
 *       and generation), not the descriptor number, so a stale event is ignored.
 *   <li>For each ready timer it reads the 8-byte count into a buffer allocated once and calls
 *       {@link ExpirationHandler#onExpirations(long)}: no allocation per expiration.
 *   <li>A handler that throws ends its own registration only; {@link VirtualMachineError}s and
 *       {@link LinkageError}s end the loop, and every registration gets {@link
 *       TimerLoopClosedException} with that error as cause.
 * </ul>
 *
 * <p>Handlers run on the loop thread and must not block; a handler that runs longer than the
 * {@linkplain #slowHandlerThreshold() slow-handler threshold} is reported once per call with a
 * warning that names its registration.
 */
public final class TimerLoop implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TimerLoop.class.getName());

  private static final AtomicInteger LOOP_IDS = new AtomicInteger();

  /** epoll token of the wake-up eventfd; timer tokens have a non-negative low half. */
  private static final long WAKEUP_TOKEN = -1L;

  private static final int INITIAL_EVENTS = 64;
  private static final int MAX_EVENTS = 4096;

  private static final int RUNNING = 0;
  private static final int CLOSING = 1;
  private static final int TERMINATED = 2;

  private static final int AWAKE = 0;
  private static final int SLEEPING = 1;
  private static final int GONE = 2;

  private static final SharedTimerLoop SHARED = new SharedTimerLoop(TimerLoop::create);

  private static volatile Duration defaultSlowHandlerThreshold = Duration.ofMillis(500);

  private volatile int runState;

  private static final AtomicIntegerFieldUpdater<TimerLoop> RUN_STATE =
      AtomicIntegerFieldUpdater.newUpdater(TimerLoop.class, "runState");

  /** Whether the loop sleeps in epoll_wait: writers wake it only on SLEEPING → AWAKE. */
  private volatile int wakeState;

  private static final AtomicIntegerFieldUpdater<TimerLoop> WAKE_STATE =
      AtomicIntegerFieldUpdater.newUpdater(TimerLoop.class, "wakeState");

  /** Threads between deciding to wake the loop and finishing the eventfd write. */
  private volatile int wakers;

  private static final AtomicIntegerFieldUpdater<TimerLoop> WAKERS =
      AtomicIntegerFieldUpdater.newUpdater(TimerLoop.class, "wakers");

  /** Head of the command stack (Treiber stack linked through Registration.nextCommand). */
  private volatile Registration commands;

  private static final AtomicReferenceFieldUpdater<TimerLoop, Registration> COMMANDS =
      AtomicReferenceFieldUpdater.newUpdater(TimerLoop.class, Registration.class, "commands");

  private final String name;
  private final Thread thread;
  private final int epollFd;
  private final int wakeupFd;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Watchdog watchdog;

  /** The 8-byte value 1 that wakers write to the eventfd; read-only once built, never freed. */
  private final Memory wakeValue = new Memory(8);

  // ---- loop thread only -------------------------------------------------------------------
  private Memory events;
  private int eventCapacity;
  private final Memory ctlEvent = new Memory(EpollEventLayout.SIZE);
  private final Memory readBuffer = new Memory(8);
  private Registration[] slots = new Registration[64];
  private int[] freeSlots = new int[64];
  private int freeCount;
  private int slotHighWater;
  private long generation;

  /** Live registrations (added and not terminated); written by the loop thread only. */
  private volatile int registrations;

  /** The registration whose handler runs now, and since when; read by the watchdog. */
  volatile Registration running;

  volatile long runningSinceNanos;

  private TimerLoop(ThreadFactory threadFactory, String defaultName) {
    TimerFd.ensureAvailability();
    this.epollFd = LibC.epollCreate1(LibC.EPOLL_CLOEXEC);
    int wake = -1;
    try {
      wake = LibC.eventfdCreate(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
      this.wakeupFd = wake;
      wakeValue.setLong(0, 1);
      this.eventCapacity = INITIAL_EVENTS;
      this.events = new Memory((long) INITIAL_EVENTS * EpollEventLayout.SIZE);
      epollControl(LibC.EPOLL_CTL_ADD, wakeupFd, LibC.EPOLLIN, WAKEUP_TOKEN);
      Thread t = threadFactory.newThread(this::run);
      if (t == null) {
        throw new IllegalStateException("threadFactory returned null");
      }
      if (defaultName != null) {
        t.setName(defaultName);
        t.setDaemon(true);
      }
      this.thread = t;
      this.name = t.getName();
    } catch (RuntimeException | Error e) {
      if (wake >= 0) {
        LibC.closeFd(wake);
      }
      LibC.closeFd(epollFd);
      throw e;
    }
    this.watchdog = new Watchdog(this, defaultSlowHandlerThreshold);
    thread.start();
  }

  /**
   * A new loop on a daemon thread named {@code timerfd4j-loop-N}. Close it when done.
   *
   * @throws UnsupportedOperationException when timerfd is not available here
   * @throws TimerFdException when {@code epoll_create1} or {@code eventfd} fails
   */
  public static TimerLoop create() {
    return new TimerLoop(Thread::new, "timerfd4j-loop-" + LOOP_IDS.incrementAndGet());
  }

  /**
   * A new loop on a thread from {@code threadFactory}, which decides its name, daemon status and
   * type (e.g. a thread class that implements {@code reactor.core.scheduler.NonBlocking}).
   *
   * @throws NullPointerException when {@code threadFactory} is null
   */
  public static TimerLoop create(ThreadFactory threadFactory) {
    Objects.requireNonNull(threadFactory, "threadFactory");
    return new TimerLoop(threadFactory, null);
  }

  /**
   * The process-wide loop, started at first use. If it was closed or died, the next call starts a
   * fresh one.
   */
  public static TimerLoop shared() {
    return SHARED.get();
  }

  /**
   * The slow-handler threshold of loops created from now on (default 500 ms): a handler call longer
   * than this is reported with a warning naming its registration.
   *
   * @throws IllegalArgumentException when {@code threshold} is not positive
   */
  public static void setDefaultSlowHandlerThreshold(Duration threshold) {
    requirePositive(threshold, "threshold");
    defaultSlowHandlerThreshold = threshold;
  }

  /** This loop's slow-handler threshold. */
  public Duration slowHandlerThreshold() {
    return watchdog.threshold();
  }

  /**
   * Sets this loop's slow-handler threshold.
   *
   * @throws IllegalArgumentException when {@code threshold} is not positive
   */
  public void slowHandlerThreshold(Duration threshold) {
    requirePositive(threshold, "threshold");
    watchdog.threshold(threshold);
  }

  /** Whether the slow-handler check is scheduled now (it is not while the loop sleeps). */
  boolean isWatchdogArmed() {
    return watchdog.isArmed();
  }

  /** How many slow handler calls were reported so far. */
  public long slowHandlerReports() {
    return watchdog.reports();
  }

  /**
   * Registers {@code timer} and starts delivering its expirations to {@code handler}; see {@link
   * #register(TimerFd, ExpirationHandler, boolean)}.
   */
  public Registration register(TimerFd timer, ExpirationHandler handler) {
    return register(timer, handler, false);
  }

  /**
   * Registers {@code timer}, optionally paused, and hands the loop ownership of it: from now on the
   * loop closes it, on the loop thread, when the registration ends. Any thread.
   *
   * <p>Arm the timer before registering it: expirations that happen before the loop adds it are
   * counted by the kernel and delivered with the first read.
   *
   * <p>The handler may be called before this method returns to the registering thread. A handler
   * that needs its {@link Registration} (to pause itself, or to re-arm its timer) should be
   * registered paused, keep the returned registration, then {@link Registration#resume()} it.
   *
   * @param timer an open, non-blocking timer ({@code TimerFd.create(clock, true)}), not registered
   *     anywhere. Non-blocking because a re-arm between epoll's "readable" and the loop's read
   *     resets the kernel's count, and a blocking read would then stall every timer of the loop.
   * @param handler receives the expirations, on the loop thread
   * @param paused whether to start paused (see {@link Registration#pause()})
   * @return the registration
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalArgumentException when {@code timer} is blocking or already registered
   * @throws IllegalStateException when {@code timer} is closed
   * @throws TimerLoopClosedException when this loop is closed; {@code timer} is then closed
   */
  public Registration register(TimerFd timer, ExpirationHandler handler, boolean paused) {
    Objects.requireNonNull(timer, "timer");
    Objects.requireNonNull(handler, "handler");
    if (!timer.isNonBlocking()) {
      throw new IllegalArgumentException(
          "timer: " + timer + " is blocking; create it with TimerFd.create(clock, true)");
    }
    timer.acquire(); // the loop's use of the number, released when the registration ends
    boolean inLoop = inLoop();
    // Off the loop it is born QUEUED: a concurrent cancel (through TimerFd.close) must not push
    // it a second time before we do.
    Registration registration = new Registration(this, timer, handler, paused, !inLoop);
    if (!TimerFd.REGISTRATION.compareAndSet(timer, null, registration)) {
      timer.release();
      throw new IllegalArgumentException("timer: " + timer + " is already registered");
    }
    if (runState != RUNNING) {
      timer.registration = null;
      timer.release();
      timer.close();
      throw closedException(null);
    }
    if (inLoop) {
      add(registration);
    } else {
      push(registration);
    }
    return registration;
  }

  /** Whether the calling thread is this loop's thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** The loop's name: its thread's name. */
  public String name() {
    return name;
  }

  /** How many registrations the loop drains now. */
  public int registrations() {
    return registrations;
  }

  /** Whether {@link #close()} was called or the loop died. */
  public boolean isClosed() {
    return runState != RUNNING;
  }

  /** Whether the loop thread has finished and released every descriptor. */
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  /**
   * Closes the loop: every live registration ends with {@link ExpirationHandler#onError} and a
   * {@link TimerLoopClosedException}, every descriptor is closed on the loop thread, and the thread
   * ends. Idempotent. Waits up to 10 seconds for the loop thread to finish, unless called on the
   * loop thread itself (then the loop finishes after the current handler returns).
   */
  @Override
  public void close() {
    if (RUN_STATE.compareAndSet(this, RUNNING, CLOSING)) {
      wakeUp();
    }
    if (!inLoop()) {
      awaitTermination(Duration.ofSeconds(10));
    }
  }

  /**
   * Waits until the loop thread has finished.
   *
   * @return whether it finished within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) {
    try {
      return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "TimerLoop[" + name + ", registrations=" + registrations + ", state=" + runState + "]";
  }

  // ---- commands (any thread) ----------------------------------------------------------------

  /** Pushes a registration whose QUEUED bit the caller has just set, and wakes the loop. */
  void push(Registration registration) {
    for (; ; ) {
      Registration head = commands;
      registration.nextCommand = head;
      if (COMMANDS.compareAndSet(this, head, registration)) {
        break;
      }
    }
    wakeUp();
    if (runState == TERMINATED) {
      // The loop may have drained its stack for the last time already; end this one here. The
      // loop thread is gone, so closing the number here cannot race with its reads.
      endAfterTermination(registration);
    }
  }

  private void wakeUp() {
    // Wakers in flight are counted so that shutdown closes the eventfd only after the last
    // write: a write to a closed (and maybe reused) number would hit an unrelated descriptor.
    WAKERS.incrementAndGet(this);
    try {
      if (wakeState == SLEEPING && WAKE_STATE.compareAndSet(this, SLEEPING, AWAKE)) {
        LibC.write(wakeupFd, Pointer.nativeValue(wakeValue), 8, "write(eventfd)");
      }
    } finally {
      WAKERS.decrementAndGet(this);
    }
  }

  // ---- the loop -----------------------------------------------------------------------------

  private void run() {
    Throwable fatal = null;
    try {
      while (runState == RUNNING) {
        runCommands();
        WAKE_STATE.set(this, SLEEPING);
        // Dekker with push()/close(): they write first and read wakeState; we write wakeState
        // and read commands/runState, so one of the two sides always sees the other.
        int timeout = commands != null || runState != RUNNING ? 0 : -1;
        int ready = LibC.epollWait(epollFd, Pointer.nativeValue(events), eventCapacity, timeout);
        WAKE_STATE.lazySet(this, AWAKE);
        watchdog.loopAwake();
        for (int i = 0; i < ready; i++) {
          long base = (long) i * EpollEventLayout.SIZE;
          long token = events.getLong(base + EpollEventLayout.DATA_OFFSET);
          if (token == WAKEUP_TOKEN) {
            LibC.readOrErrno(wakeupFd, Pointer.nativeValue(readBuffer), 8);
            continue;
          }
          int slot = (int) token;
          Registration registration = slot < slots.length ? slots[slot] : null;
          if (registration != null && registration.token == token) {
            drain(registration);
          }
        }
        if (ready == eventCapacity && eventCapacity < MAX_EVENTS) {
          growEvents();
        }
      }
    } catch (Throwable t) {
      fatal = t;
    }
    shutdown(fatal);
  }

  private void runCommands() {
    Registration registration = COMMANDS.getAndSet(this, null);
    while (registration != null) {
      // Read the link before clearing QUEUED: after that another thread may push it again.
      Registration next = registration.nextCommand;
      registration.nextCommand = null;
      registration.clearQueued();
      apply(registration);
      registration = next;
    }
  }

  private void apply(Registration registration) {
    int s = registration.state;
    if ((s & Registration.TERMINATED) != 0) {
      return;
    }
    if ((s & Registration.CANCELLED) != 0) {
      terminate(registration, null);
    } else if (registration.slot < 0) {
      add(registration);
    } else {
      restoreInterest(registration);
    }
  }

  private void add(Registration registration) {
    int slot = allocateSlot();
    long token = ((++generation) << 32) | slot;
    registration.slot = slot;
    registration.token = token;
    slots[slot] = registration;
    boolean interested;
    for (; ; ) {
      int s = registration.state;
      interested = (s & Registration.PAUSED) == 0;
      int next = s | Registration.ADDED | (interested ? 0 : Registration.INTEREST_OFF);
      if (Registration.STATE.compareAndSet(registration, s, next)) {
        break;
      }
    }
    registrations++;
    try {
      epollControl(
          LibC.EPOLL_CTL_ADD, registration.timer.fd(), interested ? LibC.EPOLLIN : 0, token);
    } catch (TimerFdException e) {
      registration.slot = -1; // never added: nothing to delete
      slots[slot] = null;
      freeSlot(slot);
      registrations--;
      end(registration, e);
    }
  }

  /** Restores read interest if the loop removed it and the registration is no longer paused. */
  void restoreInterest(Registration registration) {
    for (; ; ) {
      int s = registration.state;
      if ((s & Registration.INTEREST_OFF) == 0
          || (s & (Registration.PAUSED | Registration.CANCELLED | Registration.TERMINATED)) != 0
          || registration.slot < 0) {
        return;
      }
      if (Registration.STATE.compareAndSet(registration, s, s & ~Registration.INTEREST_OFF)) {
        break;
      }
    }
    try {
      epollControl(LibC.EPOLL_CTL_MOD, registration.timer.fd(), LibC.EPOLLIN, registration.token);
    } catch (TimerFdException e) {
      terminate(registration, e);
    }
  }

  private void drain(Registration registration) {
    for (; ; ) {
      int s = registration.state;
      if ((s & (Registration.CANCELLED | Registration.TERMINATED)) != 0) {
        terminate(registration, null);
        return;
      }
      if ((s & Registration.PAUSED) == 0) {
        break;
      }
      // Paused and readable: stop listening until resumed; the kernel keeps counting.
      if ((s & Registration.INTEREST_OFF) != 0) {
        return;
      }
      if (Registration.STATE.compareAndSet(registration, s, s | Registration.INTEREST_OFF)) {
        try {
          epollControl(LibC.EPOLL_CTL_MOD, registration.timer.fd(), 0, registration.token);
        } catch (TimerFdException e) {
          terminate(registration, e);
        }
        return;
      }
    }
    long n;
    try {
      n = LibC.readOrErrno(registration.timer.fd(), Pointer.nativeValue(readBuffer), 8);
    } catch (TimerFdException e) {
      terminate(registration, e);
      return;
    }
    if (n == 8) {
      long count = readBuffer.getLong(0);
      if (count > 0) {
        deliver(registration, count);
      }
    } else if (n == -Errno.ECANCELED) {
      deliver(registration, 0);
    }
    // 0 bytes after a negative clock step, EAGAIN, EINTR: nothing to deliver.
  }

  /** Calls the handler: {@code count} expirations, or a clock change when 0. */
  private void deliver(Registration registration, long count) {
    running = registration;
    runningSinceNanos = System.nanoTime();
    try {
      if (count > 0) {
        registration.handler.onExpirations(count);
      } else {
        registration.handler.onClockChanged();
      }
    } catch (VirtualMachineError | LinkageError fatal) {
      throw fatal;
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "handler of " + registration + " threw; ending that registration", t);
      terminate(registration, t);
    } finally {
      running = null;
    }
  }

  /**
   * Ends a registration on the loop thread: removes it from epoll, closes its timer and, when
   * {@code cause} is not null and it was not cancelled, reports {@code cause} to its handler.
   */
  void terminate(Registration registration, Throwable cause) {
    if (!registration.markTerminated()) {
      return;
    }
    int slot = registration.slot;
    if (slot >= 0) {
      registration.slot = -1;
      slots[slot] = null;
      freeSlot(slot);
      registrations--;
      try {
        epollControl(LibC.EPOLL_CTL_DEL, registration.timer.fd(), 0, 0);
      } catch (TimerFdException e) {
        LOG.log(Level.WARNING, "epoll_ctl(DEL) of " + registration + " failed", e);
      }
    }
    finish(registration, cause);
  }

  /** Ends a registration that never reached epoll. */
  private void end(Registration registration, Throwable cause) {
    if (registration.markTerminated()) {
      finish(registration, cause);
    }
  }

  private void finish(Registration registration, Throwable cause) {
    TimerFd timer = registration.timer;
    timer.registration = null;
    timer.close();
    try {
      timer.release(); // the loop's use: the last one, so close(2) happens here
    } catch (TimerFdException e) {
      LOG.log(Level.WARNING, "close of " + timer + " failed", e);
    }
    if (cause != null && (registration.state & Registration.CANCELLED) == 0) {
      try {
        registration.handler.onError(cause);
      } catch (VirtualMachineError | LinkageError fatal) {
        throw fatal;
      } catch (Throwable t) {
        LOG.log(Level.WARNING, "onError of " + registration + " threw", t);
      }
    }
  }

  /** After the loop thread has gone: ends a registration pushed too late for it. */
  private void endAfterTermination(Registration registration) {
    if ((registration.state & Registration.CANCELLED) != 0) {
      end(registration, null);
    } else {
      end(registration, closedException(null));
    }
  }

  private void shutdown(Throwable fatal) {
    RUN_STATE.compareAndSet(this, RUNNING, CLOSING);
    if (fatal != null) {
      LOG.log(Level.ERROR, "TimerLoop " + name + " died; ending every registration", fatal);
    }
    try {
      endQueued(fatal);
      for (int i = 0; i < slotHighWater; i++) {
        Registration registration = slots[i];
        if (registration != null) {
          terminate(registration, closedException(fatal));
        }
      }
    } finally {
      runState = TERMINATED;
      // Pushes that raced with the sweep above: whoever ends one first (us or the pusher) wins.
      endQueued(fatal);
      watchdog.stop();
      WAKE_STATE.set(this, GONE);
      while (wakers != 0) {
        Thread.onSpinWait();
      }
      safeClose(wakeupFd);
      safeClose(epollFd);
      events.close();
      ctlEvent.close();
      readBuffer.close();
      terminated.countDown();
    }
  }

  private void endQueued(Throwable fatal) {
    Registration registration = COMMANDS.getAndSet(this, null);
    while (registration != null) {
      Registration next = registration.nextCommand;
      registration.nextCommand = null;
      if (registration.slot >= 0) {
        terminate(
            registration,
            (registration.state & Registration.CANCELLED) != 0 ? null : closedException(fatal));
      } else if ((registration.state & Registration.CANCELLED) != 0) {
        end(registration, null);
      } else {
        end(registration, closedException(fatal));
      }
      registration = next;
    }
  }

  private TimerLoopClosedException closedException(Throwable fatal) {
    return new TimerLoopClosedException(
        fatal == null
            ? "TimerLoop " + name + " is closed"
            : "TimerLoop " + name + " died of " + fatal,
        fatal);
  }

  // ---- helpers (loop thread) ----------------------------------------------------------------

  private void epollControl(int op, int fd, int interest, long token) {
    ctlEvent.setInt(EpollEventLayout.EVENTS_OFFSET, interest);
    ctlEvent.setLong(EpollEventLayout.DATA_OFFSET, token);
    LibC.epollCtl(epollFd, op, fd, Pointer.nativeValue(ctlEvent));
  }

  private int allocateSlot() {
    if (freeCount > 0) {
      return freeSlots[--freeCount];
    }
    if (slotHighWater == slots.length) {
      Registration[] grown = new Registration[slots.length * 2];
      System.arraycopy(slots, 0, grown, 0, slots.length);
      slots = grown;
    }
    return slotHighWater++;
  }

  private void freeSlot(int slot) {
    if (freeCount == freeSlots.length) {
      int[] grown = new int[freeSlots.length * 2];
      System.arraycopy(freeSlots, 0, grown, 0, freeSlots.length);
      freeSlots = grown;
    }
    freeSlots[freeCount++] = slot;
  }

  private void growEvents() {
    events.close();
    eventCapacity *= 2;
    events = new Memory((long) eventCapacity * EpollEventLayout.SIZE);
  }

  private static void safeClose(int fd) {
    try {
      LibC.closeFd(fd);
    } catch (TimerFdException e) {
      LOG.log(Level.WARNING, "close of loop descriptor " + fd + " failed", e);
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
