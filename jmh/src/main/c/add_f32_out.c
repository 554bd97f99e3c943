/* The C reference for add_f32_out at n = 16M: c[i] = a[i] + b[i] over float32, compiled by
 * compare.py with gcc -O3 -march=native (auto-vectorised), timed like numpy_baseline.py (median of
 * 7 repeats of enough calls to take about 0.3 s). Prints: name seconds_per_call. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void add(const float *restrict a, const float *restrict b, float *restrict c, long n) {
    for (long i = 0; i < n; i++) {
        c[i] = a[i] + b[i];
    }
    /* an opaque use of the memory: without it the compiler may run one call for many identical ones */
    __asm__ volatile("" : : "r"(a), "r"(b), "r"(c) : "memory");
}

static int cmp(const void *x, const void *y) {
    double d = *(const double *) x - *(const double *) y;
    return (d > 0) - (d < 0);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1L << 24;
    float *a = aligned_alloc(64, n * sizeof(float));
    float *b = aligned_alloc(64, n * sizeof(float));
    float *c = aligned_alloc(64, n * sizeof(float));
    if (!a || !b || !c) {
        return 1;
    }
    for (long i = 0; i < n; i++) {
        a[i] = (float) (i % 1000) / 1000.0f;
        b[i] = (float) ((i * 7) % 1000) / 1000.0f;
        c[i] = 0;
    }
    add(a, b, c, n);
    long reps = 1;
    for (;;) {
        double t0 = now();
        for (long r = 0; r < reps; r++) {
            add(a, b, c, n);
        }
        if (now() - t0 >= 0.3 / 7) {
            break;
        }
        reps *= 2;
    }
    double s[7];
    for (int k = 0; k < 7; k++) {
        double t0 = now();
        for (long r = 0; r < reps; r++) {
            add(a, b, c, n);
        }
        s[k] = (now() - t0) / reps;
    }
    qsort(s, 7, sizeof(double), cmp);
    printf("add_f32_out_n%ld %.9f %f\n", n, s[3], c[n / 2]);
    free(a);
    free(b);
    free(c);
    return 0;
}
