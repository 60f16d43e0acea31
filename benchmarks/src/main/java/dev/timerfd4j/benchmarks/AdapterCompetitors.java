package dev.timerfd4j.benchmarks;

import dev.timerfd4j.reactor.TimerBackend;
import dev.timerfd4j.reactor.TimerFlux;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * timerfd4j through its Reactor adapter, on the adapter's shared loop: {@link
 * TimerFlux#expirations(Duration, Duration)} (raw counts) and {@link TimerFlux#interval(Duration,
 * Duration)} (indices), each subscribed with a plain lambda as Flux.interval is.
 */
final class AdapterCompetitors {

  static final String EXPIRATIONS = "timerfd4j-expirations";
  static final String INTERVAL = "timerfd4j-interval";

  /** Names of the adapter competitors, in report order. */
  static final List<String> NAMES = List.of(EXPIRATIONS, INTERVAL);

  private AdapterCompetitors() {}

  static Competitor named(String name) {
    switch (name) {
      case EXPIRATIONS:
        return new FluxCompetitor(EXPIRATIONS, TimerFlux::expirations, true);
      case INTERVAL:
        return new FluxCompetitor(INTERVAL, TimerFlux::interval, false);
      default:
        throw new IllegalArgumentException("competitor: unknown " + name);
    }
  }

  /** The source of the slow-subscriber scenario: one timer at {@code period}. */
  static Flux<Long> slowSource(String name, Duration period) {
    switch (name) {
      case EXPIRATIONS:
        return TimerFlux.expirations(period);
      case INTERVAL:
        return TimerFlux.interval(period);
      default:
        throw new IllegalArgumentException("competitor: unknown " + name);
    }
  }

  /** One TimerFlux per timer, its delay computed from its first deadline just before subscribe. */
  private static final class FluxCompetitor extends Competitor {
    private final String name;
    private final BiFunction<Duration, Duration, Flux<Long>> factory;
    private final boolean counts;

    FluxCompetitor(
        String name, BiFunction<Duration, Duration, Flux<Long>> factory, boolean counts) {
      if (TimerFlux.backend() != TimerBackend.NATIVE) {
        throw new IllegalStateException("timerfd4j runs on " + TimerFlux.backend() + " here");
      }
      this.name = name;
      this.factory = factory;
      this.counts = counts;
    }

    @Override
    String name() {
      return name;
    }

    @Override
    AutoCloseable start(Probe probe) {
      Duration period = Duration.ofNanos(probe.period());
      Disposable.Composite all = Disposables.composite();
      for (int i = 0; i < probe.timers(); i++) {
        int index = i;
        Duration delay = Duration.ofNanos(delayUntil(probe.firstDeadline(i)));
        Flux<Long> timer = factory.apply(delay, period);
        all.add(
            counts
                ? timer.subscribe(count -> probe.expirations(index, count), this::error)
                : timer.subscribe(tick -> probe.tick(index, tick), this::error));
      }
      return all::dispose;
    }
  }
}
