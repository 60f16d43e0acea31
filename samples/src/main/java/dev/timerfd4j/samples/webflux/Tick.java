package dev.timerfd4j.samples.webflux;

/**
 * One Server-Sent Event of {@code GET /ticks}.
 *
 * @param index the index of the latest tick this event reports, from 0 (ticks {@code index - count
 *     + 1} to {@code index} happened since the previous event)
 * @param count how many timer expirations this event stands for: 1 normally, more when the client
 *     read slower than the period and the kernel counted the ticks meanwhile
 */
public record Tick(long index, long count) {}
