/*
 * The floor of the timerfd4j benchmarks: the same scenarios as the Java competitors, on one
 * thread, with timerfd + epoll and nothing else. It prints the same RESULT line format as
 * dev.timerfd4j.benchmarks.ScenarioRunner, so the report reads both alike.
 *
 *   timerfd_floor --scenario NAME --timers N --period-ns P --duration-ms D --warmup-ms W
 *                 [--mode run|idle|maxrate] [--max-p99-ns L]
 *
 * Timer i of n first fires at start + period * i / n (absolute deadlines on CLOCK_MONOTONIC
 * with TFD_TIMER_ABSTIME), so n timers spread evenly over a period instead of all at one
 * instant. Lateness of tick k of timer i = delivery time - (first_i + k * period); every tick
 * of a read count > 1 is recorded with its own deadline. CPU is process CPU time
 * (CLOCK_PROCESS_CPUTIME_ID) over the measured window only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 1024

static int64_t mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
  fprintf(stderr, "timerfd_floor: %s: %s\n", what, strerror(errno));
  exit(2);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array, as HdrHistogram's getValueAtPercentile reads it. */
static int64_t pct(const int64_t *sorted, size_t n, double p) {
  if (n == 0) return 0;
  size_t rank = (size_t)ceil(p / 100.0 * (double)n);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return sorted[rank - 1];
}

typedef struct {
  int n;
  int64_t period;
  int *fds;
  int64_t *first;      /* first deadline of each timer */
  int64_t *next_tick;  /* index of the next tick each timer delivers */
  int64_t *last_at;    /* last delivery time per timer, -1 before the first in the window */
  int64_t *first_late; /* first and last lateness per timer in the window, for drift */
  int64_t *last_late;
  int64_t *late;       /* recorded lateness samples */
  int64_t *jitter;     /* |interval between deliveries - period| samples */
  size_t late_n, late_cap, jitter_n;
  int64_t early;       /* ticks delivered before their deadline */
} bench_t;

static int epfd;

static void arm_all(bench_t *b, int64_t start) {
  for (int i = 0; i < b->n; i++) {
    b->first[i] = start + (int64_t)((__int128)b->period * i / b->n);
    b->next_tick[i] = 0;
    b->last_at[i] = -1;
    struct itimerspec its;
    its.it_value.tv_sec = b->first[i] / 1000000000LL;
    its.it_value.tv_nsec = b->first[i] % 1000000000LL;
    its.it_interval.tv_sec = b->period / 1000000000LL;
    its.it_interval.tv_nsec = b->period % 1000000000LL;
    if (timerfd_settime(b->fds[i], TFD_TIMER_ABSTIME, &its, NULL) < 0) die("timerfd_settime");
  }
}

static void disarm_all(bench_t *b) {
  struct itimerspec zero;
  memset(&zero, 0, sizeof zero);
  for (int i = 0; i < b->n; i++) {
    timerfd_settime(b->fds[i], 0, &zero, NULL);
    uint64_t drop;
    (void)!read(b->fds[i], &drop, 8); /* clear a pending count; EAGAIN is fine */
  }
}

/* Runs the loop until `until`, recording ticks whose deadlines fall in [ws, we). */
static void loop(bench_t *b, int64_t until, int64_t ws, int64_t we, int record) {
  struct epoll_event events[MAX_EVENTS];
  for (;;) {
    int64_t now = mono_now();
    if (now >= until) return;
    int timeout_ms = (int)((until - now + 999999) / 1000000);
    int ready = epoll_wait(epfd, events, MAX_EVENTS, timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      die("epoll_wait");
    }
    for (int e = 0; e < ready; e++) {
      int i = (int)events[e].data.u32;
      uint64_t count;
      ssize_t r = read(b->fds[i], &count, 8);
      if (r != 8) continue;
      int64_t at = mono_now();
      int64_t k = b->next_tick[i];
      b->next_tick[i] = k + (int64_t)count;
      if (!record) continue;
      for (uint64_t c = 0; c < count; c++) {
        int64_t deadline = b->first[i] + (k + (int64_t)c) * b->period;
        if (deadline < ws || deadline >= we) continue;
        int64_t late = at - deadline;
        if (late < 0) {
          b->early++;
          late = 0;
        }
        if (b->late_n < b->late_cap) b->late[b->late_n++] = late;
        if (b->last_at[i] < 0) {
          b->first_late[i] = late;
        } else if (c == 0 && b->jitter_n < b->late_cap) {
          int64_t d = at - b->last_at[i] - b->period;
          b->jitter[b->jitter_n++] = d < 0 ? -d : d;
        }
        b->last_late[i] = late;
        b->last_at[i] = at;
      }
    }
  }
}

typedef struct {
  int64_t ticks, expected, cpu, idle_cpu;
  int64_t p50, p90, p99, p999, p9999, max, jit99, drift;
} result_t;

static result_t measure(bench_t *b, int64_t duration, int64_t warmup) {
  result_t res;
  memset(&res, 0, sizeof res);
  /* Warm-up: the same timers and loop, not recorded. */
  if (warmup > 0) {
    int64_t ws0 = mono_now() + 20000000LL;
    arm_all(b, ws0);
    loop(b, ws0 + warmup, 0, 0, 0);
    disarm_all(b);
  }
  int64_t lead = 200000000LL + (int64_t)b->n * 5000LL; /* time to arm every timer */
  int64_t start = mono_now() + lead;
  int64_t end = start + duration;
  size_t expected = 0;
  arm_all(b, start);
  for (int i = 0; i < b->n; i++) {
    if (b->first[i] < end) expected += (size_t)((end - b->first[i] + b->period - 1) / b->period);
  }
  if (expected + 16 > b->late_cap) {
    b->late_cap = expected + 16;
    b->late = realloc(b->late, b->late_cap * sizeof(int64_t));
    b->jitter = realloc(b->jitter, b->late_cap * sizeof(int64_t));
    if (!b->late || !b->jitter) die("realloc");
  }
  b->late_n = b->jitter_n = 0;
  b->early = 0;
  loop(b, start, start, end, 1);
  int64_t cpu0 = cpu_now();
  loop(b, end, start, end, 1);
  int64_t cpu1 = cpu_now();
  loop(b, end + 200000000LL, start, end, 1); /* grace: late deliveries of in-window ticks */
  disarm_all(b);

  res.cpu = cpu1 - cpu0;
  res.ticks = (int64_t)b->late_n;
  res.expected = (int64_t)expected;
  qsort(b->late, b->late_n, sizeof(int64_t), cmp_i64);
  qsort(b->jitter, b->jitter_n, sizeof(int64_t), cmp_i64);
  res.p50 = pct(b->late, b->late_n, 50);
  res.p90 = pct(b->late, b->late_n, 90);
  res.p99 = pct(b->late, b->late_n, 99);
  res.p999 = pct(b->late, b->late_n, 99.9);
  res.p9999 = pct(b->late, b->late_n, 99.99);
  res.max = b->late_n ? b->late[b->late_n - 1] : 0;
  res.jit99 = pct(b->jitter, b->jitter_n, 99);
  double drift = 0;
  int with = 0;
  for (int i = 0; i < b->n; i++) {
    if (b->last_at[i] >= 0) {
      drift += (double)(b->last_late[i] - b->first_late[i]);
      with++;
    }
  }
  res.drift = with ? (int64_t)(drift / with) : 0;
  return res;
}

static void print_result(const char *scenario, bench_t *b, int64_t duration, result_t *r) {
  double per = r->ticks ? (double)r->cpu / (double)r->ticks : 0;
  printf(
      "RESULT competitor=c-floor scenario=%s timers=%d period_ns=%lld duration_ns=%lld "
      "ticks=%lld expected=%lld early=%lld p50_ns=%lld p90_ns=%lld p99_ns=%lld p999_ns=%lld "
      "p9999_ns=%lld max_ns=%lld jitter_p99_ns=%lld drift_ns=%lld cpu_ns=%lld "
      "cpu_per_exp_ns=%.1f alloc_per_exp_b=0 errors=0\n",
      scenario, b->n, (long long)b->period, (long long)duration, (long long)r->ticks,
      (long long)r->expected, (long long)b->early, (long long)r->p50, (long long)r->p90,
      (long long)r->p99, (long long)r->p999, (long long)r->p9999, (long long)r->max,
      (long long)r->jit99, (long long)r->drift, (long long)r->cpu, per);
  fflush(stdout);
}

static void open_timers(bench_t *b, int n) {
  b->n = n;
  b->fds = calloc(n, sizeof(int));
  b->first = calloc(n, sizeof(int64_t));
  b->next_tick = calloc(n, sizeof(int64_t));
  b->last_at = calloc(n, sizeof(int64_t));
  b->first_late = calloc(n, sizeof(int64_t));
  b->last_late = calloc(n, sizeof(int64_t));
  for (int i = 0; i < n; i++) {
    b->fds[i] = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (b->fds[i] < 0) die("timerfd_create");
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, b->fds[i], &ev) < 0) die("epoll_ctl");
  }
}

static void close_timers(bench_t *b) {
  for (int i = 0; i < b->n; i++) close(b->fds[i]);
  free(b->fds);
  free(b->first);
  free(b->next_tick);
  free(b->last_at);
  free(b->first_late);
  free(b->last_late);
}

int main(int argc, char **argv) {
  const char *scenario = "unnamed", *mode = "run";
  int n = 1;
  int64_t period = 1000000, duration = 5000000000LL, warmup = 1000000000LL;
  int64_t max_p99 = 5000000;
  for (int a = 1; a + 1 < argc; a += 2) {
    if (!strcmp(argv[a], "--scenario")) scenario = argv[a + 1];
    else if (!strcmp(argv[a], "--timers")) n = atoi(argv[a + 1]);
    else if (!strcmp(argv[a], "--period-ns")) period = atoll(argv[a + 1]);
    else if (!strcmp(argv[a], "--duration-ms")) duration = atoll(argv[a + 1]) * 1000000LL;
    else if (!strcmp(argv[a], "--warmup-ms")) warmup = atoll(argv[a + 1]) * 1000000LL;
    else if (!strcmp(argv[a], "--mode")) mode = argv[a + 1];
    else if (!strcmp(argv[a], "--max-p99-ns")) max_p99 = atoll(argv[a + 1]);
    else {
      fprintf(stderr, "timerfd_floor: unknown option %s\n", argv[a]);
      return 2;
    }
  }
  if (n < 1 || period < 1) {
    fprintf(stderr, "timerfd_floor: --timers and --period-ns must be positive\n");
    return 2;
  }
  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) die("epoll_create1");
  bench_t b;
  memset(&b, 0, sizeof b);
  b.period = period;

  if (!strcmp(mode, "idle")) {
    /* n timers armed, none due within the window: what does waiting cost? */
    open_timers(&b, n);
    int64_t far = mono_now() + duration + 3600000000000LL;
    for (int i = 0; i < n; i++) {
      struct itimerspec its = {{period / 1000000000LL, period % 1000000000LL},
                               {far / 1000000000LL, far % 1000000000LL}};
      if (timerfd_settime(b.fds[i], TFD_TIMER_ABSTIME, &its, NULL) < 0) die("timerfd_settime");
    }
    int64_t cpu0 = cpu_now();
    loop(&b, mono_now() + duration, 0, 0, 0);
    int64_t cpu1 = cpu_now();
    printf(
        "RESULT competitor=c-floor scenario=%s timers=%d period_ns=%lld duration_ns=%lld "
        "ticks=0 expected=0 cpu_ns=%lld idle_cpu_ns_per_s=%.1f errors=0\n",
        scenario, n, (long long)period, (long long)duration, (long long)(cpu1 - cpu0),
        (double)(cpu1 - cpu0) * 1e9 / (double)duration);
    close_timers(&b);
    return 0;
  }

  if (!strcmp(mode, "maxrate")) {
    /* Quadrupling search over the timer count at a fixed period, then the geometric middle. */
    int lo = 0, hi = 0;
    int64_t lo_rate_cpu = 0;
    for (int probe = n; probe <= 1 << 16; probe *= 4) {
      open_timers(&b, probe);
      result_t r = measure(&b, duration, warmup);
      int ok = r.p99 < max_p99 && r.ticks >= r.expected * 99 / 100;
      print_result("maxrate-probe", &b, duration, &r);
      close_timers(&b);
      if (!ok) {
        hi = probe;
        break;
      }
      lo = probe;
      lo_rate_cpu = r.ticks ? r.cpu / r.ticks : 0;
    }
    if (hi > 0 && lo > 0) {
      int mid = (int)sqrt((double)lo * hi);
      open_timers(&b, mid);
      result_t r = measure(&b, duration, warmup);
      print_result("maxrate-probe", &b, duration, &r);
      close_timers(&b);
      if (r.p99 < max_p99 && r.ticks >= r.expected * 99 / 100) {
        lo = mid;
        lo_rate_cpu = r.ticks ? r.cpu / r.ticks : 0;
      }
    }
    printf(
        "RESULT competitor=c-floor scenario=%s timers=%d period_ns=%lld max_rate_per_s=%.0f "
        "cpu_per_exp_ns=%lld errors=0\n",
        scenario, lo, (long long)period, (double)lo * 1e9 / (double)period,
        (long long)lo_rate_cpu);
    return 0;
  }

  open_timers(&b, n);
  result_t r = measure(&b, duration, warmup);
  print_result(scenario, &b, duration, &r);
  close_timers(&b);
  return 0;
}
