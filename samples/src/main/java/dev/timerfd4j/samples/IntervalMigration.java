package dev.timerfd4j.samples;

import dev.timerfd4j.reactor.TimerFlux;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Migrating from {@code Flux.interval}: one pipeline with a consumer slower than the period, run on
 * {@code Flux.interval}, on {@link TimerFlux#expirations(Duration)} and on the drop-in {@link
 * TimerFlux#interval(Duration)}.
 *
 * <ul>
 *   <li>{@code Flux.interval} cannot wait: once the consumer's few buffered requests are used up it
 *       fails with {@code OverflowException: Could not emit tick N due to lack of requests}.
 *   <li>{@code TimerFlux.expirations} stops reading the timer while there is no demand; the kernel
 *       counts the ticks meanwhile, and the next item carries them all: the pipeline keeps going
 *       and no tick is lost, the counts add up to the ticks elapsed.
 *   <li>{@code TimerFlux.interval} emits every index 0, 1, 2, … as demand allows (the default
 *       {@code MissedTickPolicy.BURST}): no error either, the consumer just falls behind.
 * </ul>
 *
 * <pre>
 * $ java -jar samples/target/timerfd4j-samples.jar migration --duration PT2S
 * </pre>
 */
public final class IntervalMigration {

  /** The tick period of the examples. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(10);

  /** How long the slow consumer works on each item: five periods. */
  public static final Duration DEFAULT_WORK = Duration.ofMillis(50);

  /** How long each pipeline runs. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(2);

  /** How many items the consumer lets wait: a small buffer, as a slow consumer usually has. */
  static final int PREFETCH = 8;

  /**
   * What one run saw.
   *
   * @param items items the consumer finished
   * @param ticks timer expirations those items stand for
   * @param lastValue the last value the consumer finished, or -1
   * @param elapsed from subscription to termination
   * @param error the error the pipeline ended with, or {@code null}
   */
  public record Outcome(long items, long ticks, long lastValue, Duration elapsed, Throwable error) {

    /** Ticks that arrived folded into another item instead of one item each. */
    public long coalesced() {
      return ticks - items;
    }
  }

  private IntervalMigration() {}

  /**
   * Runs the three pipelines for {@code --duration} (default PT2S) each and prints what happened.
   */
  public static void main(String[] args) {
    run(
        DEFAULT_PERIOD,
        DEFAULT_WORK,
        SampleArgs.parse(args).duration(DEFAULT_DURATION),
        System.out);
  }

  /**
   * Runs the pipeline on each source for {@code duration} and prints one report line each, on the
   * calling thread (it blocks).
   */
  public static void run(Duration period, Duration work, Duration duration, PrintStream out) {
    String consumer = "a consumer taking " + work.toMillis() + " ms per item";
    String every = "(" + period.toMillis() + " ms)";

    Outcome interval = onFluxInterval(period, work, duration);
    out.println("Flux.interval" + every + " with " + consumer + ": " + describe(interval));

    Outcome expirations = onTimerFluxExpirations(period, work, duration);
    out.println(
        "TimerFlux.expirations"
            + every
            + ", same consumer: "
            + describe(expirations)
            + "; the counts add up to "
            + expirations.ticks()
            + " ticks, "
            + expirations.coalesced()
            + " of them coalesced into earlier items while the consumer was busy");

    Outcome drop = onTimerFluxInterval(period, work, duration);
    long behind = drop.elapsed().toNanos() / period.toNanos() - drop.lastValue();
    out.println(
        "TimerFlux.interval"
            + every
            + ", same consumer: "
            + describe(drop)
            + "; every index delivered in order, about "
            + behind
            + " ticks behind at the end");
  }

  /** The pipeline on {@code Flux.interval}: ends in {@code OverflowException}. */
  public static Outcome onFluxInterval(Duration period, Duration work, Duration duration) {
    return measure(Flux.interval(period), index -> 1L, work, duration);
  }

  /** The pipeline on {@code TimerFlux.expirations}: keeps going, items carry coalesced counts. */
  public static Outcome onTimerFluxExpirations(Duration period, Duration work, Duration duration) {
    return measure(TimerFlux.expirations(period), Function.identity(), work, duration);
  }

  /** The pipeline on the drop-in {@code TimerFlux.interval}: keeps going, every index in turn. */
  public static Outcome onTimerFluxInterval(Duration period, Duration work, Duration duration) {
    return measure(TimerFlux.interval(period), index -> 1L, work, duration);
  }

  /**
   * The slow consumer: {@code work} of non-blocking work per item, one item at a time, at most
   * {@link #PREFETCH} items waiting.
   */
  static <T> Flux<T> slowConsumer(Flux<T> ticks, Duration work) {
    return ticks.concatMap(tick -> Mono.delay(work).thenReturn(tick), PREFETCH);
  }

  private static Outcome measure(
      Flux<Long> source, Function<Long, Long> ticksOf, Duration work, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    long[] seen = {0, 0, -1}; // items, ticks, last value; written on one thread at a time
    long start = System.nanoTime();
    Throwable error = null;
    try {
      slowConsumer(source, work)
          .take(duration)
          .doOnNext(
              value -> {
                seen[0]++;
                seen[1] += ticksOf.apply(value);
                seen[2] = value;
              })
          .blockLast();
    } catch (RuntimeException e) {
      error = Exceptions.unwrap(e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    // blockLast() returned or threw after the last onNext: the happens-before makes seen visible.
    return new Outcome(seen[0], seen[1], seen[2], elapsed, error);
  }

  private static String describe(Outcome outcome) {
    String done = outcome.items() + " items in " + outcome.elapsed().toMillis() + " ms";
    return outcome.error() == null
        ? "kept going, " + done
        : "FAILED after " + done + ": " + outcome.error();
  }
}
