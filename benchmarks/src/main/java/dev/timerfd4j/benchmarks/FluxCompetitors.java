package dev.timerfd4j.benchmarks;

import dev.timerfd4j.reactor.TimerBackend;
import dev.timerfd4j.reactor.TimerFlux;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The competitors that are a {@code Flux<Long>} per timer, each subscribed with a plain lambda:
 * timerfd4j through its Reactor adapter on the adapter's shared loop, {@link
 * TimerFlux#expirations(Duration, Duration)} (raw counts) and {@link TimerFlux#interval(Duration,
 * Duration)} (indices), and {@code Flux.interval(delay, period, Schedulers.parallel())}.
 */
final class FluxCompetitors {

  static final String EXPIRATIONS = "timerfd4j-expirations";
  static final String INTERVAL = "timerfd4j-interval";
  static final String FLUX_INTERVAL = "flux-interval";

  /** Names of these competitors, in report order. */
  static final List<String> NAMES = List.of(EXPIRATIONS, INTERVAL, FLUX_INTERVAL);

  private FluxCompetitors() {}

  static Competitor named(String name) {
    switch (name) {
      case EXPIRATIONS:
        return new FluxCompetitor(EXPIRATIONS, TimerFlux::expirations, true);
      case INTERVAL:
        return new FluxCompetitor(INTERVAL, TimerFlux::interval, false);
      case FLUX_INTERVAL:
        return new FluxCompetitor(
            FLUX_INTERVAL,
            (delay, period) -> Flux.interval(delay, period, Schedulers.parallel()),
            false);
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
      case FLUX_INTERVAL:
        return Flux.interval(period, Schedulers.parallel());
      default:
        throw new IllegalArgumentException("competitor: unknown " + name);
    }
  }

  /** One Flux per timer, its delay computed from its first deadline just before subscribe. */
  private static final class FluxCompetitor extends Competitor {
    private final String name;
    private final BiFunction<Duration, Duration, Flux<Long>> factory;
    private final boolean counts;

    FluxCompetitor(
        String name, BiFunction<Duration, Duration, Flux<Long>> factory, boolean counts) {
      if (name.startsWith("timerfd4j") && TimerFlux.backend() != TimerBackend.NATIVE) {
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
