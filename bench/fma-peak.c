//===- bench/fma-peak.c - The core's peak single-precision FMA rate -------===//
//
// Usage: fma-peak [THREADS]   (default 1)
//
// Prints the GFLOP/s of THREADS threads each running 16 independent chains
// of fused multiply-adds on the widest vectors the CPU has (AVX-512, else
// AVX2), enough chains to cover the FMA units' latency: the compute
// ceiling a matrix-product kernel can at best reach. bench_speed.py runs it
// between its timed rounds. About 0.3 s.
//
//===----------------------------------------------------------------------===//

#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { kChains = 16, kIterations = 20000000 };

static volatile float sink;

__attribute__((target("avx512f"))) static double run512(void) {
  __m512 acc[kChains];
  __m512 x = _mm512_set1_ps(1.0001f), y = _mm512_set1_ps(0.9999f);
  for (int i = 0; i < kChains; ++i)
    acc[i] = _mm512_set1_ps((float)i);
  for (long k = 0; k < kIterations; ++k) {
    for (int i = 0; i < kChains; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], x, y);
    // Keeps the chains in registers and the loop from being folded.
    __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]),
                     "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]), "+v"(acc[6]),
                     "+v"(acc[7]));
  }
  float sum = 0;
  for (int i = 0; i < kChains; ++i)
    sum += _mm512_reduce_add_ps(acc[i]);
  sink = sum;
  return (double)kIterations * kChains * 16 * 2;
}

__attribute__((target("avx2,fma"))) static double run256(void) {
  __m256 acc[kChains];
  __m256 x = _mm256_set1_ps(1.0001f), y = _mm256_set1_ps(0.9999f);
  for (int i = 0; i < kChains; ++i)
    acc[i] = _mm256_set1_ps((float)i);
  for (long k = 0; k < kIterations; ++k) {
    for (int i = 0; i < kChains; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], x, y);
    __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]),
                     "+x"(acc[3]), "+x"(acc[4]), "+x"(acc[5]), "+x"(acc[6]),
                     "+x"(acc[7]));
  }
  float sum = 0;
  for (int i = 0; i < kChains; ++i) {
    float lanes[8];
    _mm256_storeu_ps(lanes, acc[i]);
    for (int j = 0; j < 8; ++j)
      sum += lanes[j];
  }
  sink = sum;
  return (double)kIterations * kChains * 8 * 2;
}

static int wide;

static void *worker(void *flops) {
  *(double *)flops = wide ? run512() : run256();
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  if (argc > 2 || threads < 1 || threads > 64) {
    fprintf(stderr, "usage: fma-peak [THREADS]   (1 to 64)\n");
    return 2;
  }
  __builtin_cpu_init();
  wide = __builtin_cpu_supports("avx512f");
  if (!wide && !__builtin_cpu_supports("fma")) {
    fprintf(stderr, "fma-peak: error: the CPU has neither AVX-512 nor FMA\n");
    return 1;
  }
  pthread_t ids[64];
  double flops[64];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int t = 0; t < threads; ++t)
    pthread_create(&ids[t], NULL, worker, &flops[t]);
  double total = 0;
  for (int t = 0; t < threads; ++t) {
    pthread_join(ids[t], NULL);
    total += flops[t];
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  printf("%.1f GFLOP/s (%s, %d thread%s)\n", total / seconds / 1e9,
         wide ? "avx512f" : "avx2", threads, threads == 1 ? "" : "s");
  return 0;
}
