/*
 * W2's reference peer: s = sum(tanh(x)*y + exp(-x*x)) over x, y of N = 2^22 f32 uniform(-1, 1), as one OpenMP
 * parallel loop with a sum reduction whose tanhf/expf calls gcc vectorises through glibc's libmvec (the
 * declarations <math.h> makes under -ffast-math). benchmarks/run.sh builds and runs it:
 *   gcc -O3 -march=native -ffast-math -fopenmp -fopt-info-vec-optimized w2_fused.c -o w2_fused -lmvec -lm
 *   OMP_NUM_THREADS=2 ./w2_fused [n [rep_time_s [warmups [reps]]]]
 * Inputs are the benchmarks' (io.graft.benchmarks.Inputs, seeds 3 and 4): element i of stream seed is
 * splitmix64(seed + (i + 1) * 0x9E3779B97F4A7C15), top 24 bits scaled by 2^-24 into [lo, hi). Timing is the peers':
 * warm-up calls, then the median of reps repetitions, each averaging as many calls as fill rep_time seconds.
 * Prints one JSON line: n, threads, seconds (median per call), sum (the f32 result), and ref (the same sum
 * accumulated in double from double tanh/exp, for the check against the other systems' values).
 */
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static float uniform(uint64_t seed, uint64_t i, double lo, double hi) {
  uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  /* exact in double for [lo, hi) = [-1, 1): (hi - lo) * u is a power-of-two scaling, so no contraction changes it */
  return (float) (lo + (hi - lo) * ((double) (z >> 40) * 0x1p-24));
}

/* The workload: one parallel loop, one reduction; -fopt-info-vec reports this loop as vectorised. */
static float w2(const float *restrict x, const float *restrict y, long n) {
  float s = 0.0f;
#pragma omp parallel for simd reduction(+ : s) schedule(static)
  for (long i = 0; i < n; i++) s += tanhf(x[i]) * y[i] + expf(-x[i] * x[i]);   /* the W2 loop */
  return s;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  double d = *(const double *) a - *(const double *) b;
  return (d > 0) - (d < 0);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1L << 22;
  double rep_time = argc > 2 ? atof(argv[2]) : 0.5;
  int warmups = argc > 3 ? atoi(argv[3]) : 3, reps = argc > 4 ? atoi(argv[4]) : 5;
  if (n < 1 || rep_time <= 0 || warmups < 0 || reps < 1 || reps > 1000) {
    fprintf(stderr, "usage: %s [n >= 1 [rep_time_s > 0 [warmups >= 0 [reps in 1..1000]]]]\n", argv[0]);
    return 2;
  }
  float *x = malloc(n * sizeof(float)), *y = malloc(n * sizeof(float));
  if (!x || !y) { fprintf(stderr, "w2_fused: out of memory for n = %ld\n", n); return 1; }
  for (long i = 0; i < n; i++) { x[i] = uniform(3, i, -1, 1); y[i] = uniform(4, i, -1, 1); }

  volatile float sink = 0.0f;
  for (int w = 0; w < warmups; w++) sink = w2(x, y, n);
  double t0 = now();
  sink = w2(x, y, n);
  double one = now() - t0;
  long calls = one > 0 ? (long) (rep_time / one) : 1;
  if (calls < 1) calls = 1;
  double samples[1000];
  for (int r = 0; r < reps; r++) {
    t0 = now();
    for (long c = 0; c < calls; c++) sink = w2(x, y, n);
    samples[r] = (now() - t0) / (double) calls;
  }
  qsort(samples, reps, sizeof(double), by_value);
  double median = reps % 2 ? samples[reps / 2] : 0.5 * (samples[reps / 2 - 1] + samples[reps / 2]);

  double ref = 0.0;   /* sequential on purpose (no pragma): the check's reference, not timed */
  for (long i = 0; i < n; i++) ref += tanh((double) x[i]) * y[i] + exp(-(double) x[i] * x[i]);
  printf("{\"n\": %ld, \"threads\": %d, \"seconds\": %.9g, \"sum\": %.9g, \"ref\": %.17g}\n",
         n, omp_get_max_threads(), median, (double) sink, ref);
  free(x);
  free(y);
  return 0;
}
