package dev.timerfd4j.reactor;

import reactor.core.Scannable;
import reactor.core.Scannable.Attr;

/** The {@link Scannable} attributes that the publishers and subscriptions of this package share. */
final class TimerScan {

  private TimerScan() {}

  /** The attributes of a timer publisher (before any subscription exists). */
  static Object publisher(Attr<?> key, String name) {
    if (key == Attr.RUN_STYLE) {
      return Attr.RunStyle.ASYNC;
    }
    if (key == Attr.NAME) {
      return name;
    }
    return null;
  }

  /** The attributes every timer subscription answers alike. */
  static Object subscription(
      Attr<?> key, Object actual, Scannable parent, TickSource source, String name) {
    if (key == Attr.ACTUAL) {
      return actual;
    }
    if (key == Attr.PARENT) {
      return parent;
    }
    if (key == Attr.RUN_ON) {
      return source.runOn();
    }
    return publisher(key, name);
  }
}
