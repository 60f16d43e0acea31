package dev.timerfd4j.benchmarks;

import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * What Reactor users pick today: {@code Flux.interval(delay, period, Schedulers.parallel())}, one
 * per timer, the delay computed from the timer's first deadline just before subscribing.
 */
final class FluxIntervalCompetitor extends Competitor {

  static final String NAME = "flux-interval";

  @Override
  String name() {
    return NAME;
  }

  @Override
  AutoCloseable start(Probe probe) {
    Duration period = Duration.ofNanos(probe.period());
    Disposable.Composite all = Disposables.composite();
    for (int i = 0; i < probe.timers(); i++) {
      int index = i;
      Duration delay = Duration.ofNanos(delayUntil(probe.firstDeadline(i)));
      all.add(
          Flux.interval(delay, period, Schedulers.parallel())
              .subscribe(tick -> probe.tick(index, tick), this::error));
    }
    return all::dispose;
  }
}
