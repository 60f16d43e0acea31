package dev.timerfd4j.benchmarks;

import java.time.Duration;
import reactor.core.publisher.Flux;

/** The timerfd4j Reactor adapter competitors; filled in once the adapter exists. */
final class AdapterCompetitors {

  /** Names of the adapter competitors this build has. */
  static final java.util.List<String> NAMES = java.util.List.of();

  private AdapterCompetitors() {}

  static Competitor named(String name) {
    throw new IllegalArgumentException("competitor: unknown " + name);
  }

  static Flux<Long> slowSource(String name, Duration period) {
    throw new IllegalArgumentException("competitor: unknown " + name);
  }
}
