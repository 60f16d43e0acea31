package dev.timerfd4j.samples.webflux;

import java.time.Instant;

/**
 * The answer of {@code GET /at}.
 *
 * @param instant the requested instant
 * @param firedAt the wall-clock time at which the timer fired (never before {@code instant})
 */
public record Fired(Instant instant, Instant firedAt) {}
