/*
 * dlpack_peer: a small DLPack producer and consumer written in C, for ndpack's tests.
 *
 * The tests compile this file with gcc into a shared library and call it through FFM. It plays
 * the native side of every exchange the way a C runtime would, reading and writing the structs
 * through native-headers/dlpack/dlpack.h, so a disagreement between ndpack's Java layouts and the
 * C compiler's shows up as wrong values.
 *
 * Producer side
 *   peer_make(...)          builds a managed tensor (versioned or legacy) with any field values,
 *                           valid or not, whose deleter counts its calls. When the dtype is one
 *                           ndpack knows and the data is not NULL, the element at row-major
 *                           logical index i holds peer_value(i) (written in index order, so with
 *                           zero strides the last index written wins).
 *   peer_deleter_calls(p)   how many times p's deleter ran (structs are never freed, so this stays
 *                           readable after deletion); peer_total_deleter_calls(),
 *                           peer_double_deletes() count over all tensors.
 *   The deleter poisons the data (0xA5 bytes) and frees it on its first call; later calls only
 *   count. Passing an old struct as `storage` to peer_make builds a new tensor at the same address,
 *   as a C allocator reusing freed memory would.
 *
 * Consumer side (for tensors ndpack exports)
 *   peer_field(p, versioned, which)   any field as C sees it (see FIELD_* below)
 *   peer_get / peer_set               one element, through C's own pointer arithmetic
 *   peer_sum                          the sum of all elements' real parts, walking the strides
 *   peer_call_deleter                 calls the deleter on this thread
 *   peer_call_deleter_on_thread       calls it from a new pthread (joined or detached, after an
 *                                     optional delay)
 *
 * Process
 *   peer_delay_exit(us)               an atexit handler that sleeps, like a slow library teardown
 *
 * Licensed under the Apache License, Version 2.0 (see LICENSE at the repository root).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h> /* NAN and INFINITY only: no libm call */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../dlpack/dlpack.h"

#define PEER_EXPORT __attribute__((visibility("default")))

/* peer_make options */
#define OPT_NULL_DATA 1    /* data = NULL */
#define OPT_NULL_DELETER 2 /* deleter = NULL */
#define OPT_NULL_SHAPE 4   /* shape = NULL */
#define OPT_NO_FILL 8      /* leave the data zeroed */

/* peer_field selectors; FIELD_SHAPE + i and FIELD_STRIDES + i read shape[i] and strides[i] */
enum {
  FIELD_MAJOR = 0, FIELD_MINOR, FIELD_FLAGS, FIELD_DATA, FIELD_DEVICE_TYPE, FIELD_DEVICE_ID,
  FIELD_NDIM, FIELD_CODE, FIELD_BITS, FIELD_LANES, FIELD_BYTE_OFFSET, FIELD_SHAPE_PTR,
  FIELD_STRIDES_PTR, FIELD_DELETER, FIELD_MANAGER_CTX, FIELD_SIZEOF,
  FIELD_SHAPE = 100, FIELD_STRIDES = 200
};

typedef struct {
  atomic_long calls;
  void *buffer;     /* what malloc returned for the data (NULL if none) */
  size_t buffer_size;
  int64_t *shape;
  int64_t *strides;
} peer_ctx;

static atomic_long total_calls;
static atomic_long double_deletes;

/* ------------------------------------------------------------------------------------------ */
/* Element conversion                                                                         */
/* ------------------------------------------------------------------------------------------ */

static uint16_t float_to_half(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u;
  int32_t exp = (int32_t)((x >> 23) & 0xff) - 127 + 15;
  uint32_t man = x & 0x7fffffu;
  if (((x >> 23) & 0xff) == 0xff) { /* inf or NaN */
    return (uint16_t)(sign | 0x7c00u | (man ? 0x200u : 0u));
  }
  if (exp >= 31) {
    return (uint16_t)(sign | 0x7c00u);
  }
  if (exp <= 0) { /* subnormal or zero */
    if (exp < -10) {
      return (uint16_t)sign;
    }
    man |= 0x800000u;
    uint32_t shift = (uint32_t)(14 - exp);
    uint32_t half = man >> shift;
    uint32_t rem = man & ((1u << shift) - 1);
    uint32_t mid = 1u << (shift - 1);
    if (rem > mid || (rem == mid && (half & 1u))) {
      half++;
    }
    return (uint16_t)(sign | half);
  }
  uint32_t half = sign | ((uint32_t)exp << 10) | (man >> 13);
  uint32_t rem = man & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (half & 1u))) {
    half++; /* may carry into the exponent, which is right */
  }
  return (uint16_t)half;
}

static float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t man = h & 0x3ffu;
  uint32_t x;
  if (exp == 0) {
    if (man == 0) {
      x = sign;
    } else { /* subnormal: normalise */
      int e = -1;
      do {
        e++;
        man <<= 1;
      } while ((man & 0x400u) == 0);
      x = sign | ((uint32_t)(127 - 15 - e) << 23) | ((man & 0x3ffu) << 13);
    }
  } else if (exp == 31) {
    x = sign | 0x7f800000u | (man << 13);
  } else {
    x = sign | ((exp - 15 + 127) << 23) | (man << 13);
  }
  float f;
  memcpy(&f, &x, 4);
  return f;
}

static uint16_t float_to_bfloat(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) {
    return (uint16_t)((x >> 16) | 0x40u); /* quiet NaN */
  }
  x += 0x7fffu + ((x >> 16) & 1u);
  return (uint16_t)(x >> 16);
}

static float bfloat_to_float(uint16_t b) {
  uint32_t x = (uint32_t)b << 16;
  float f;
  memcpy(&f, &x, 4);
  return f;
}

/*
 * float8 with m fraction bits and exponent bias `bias`: IEEE-like with infinities (ieee, e5m2) or
 * finite and NaN only (e4m3fn, NaN = S.1111.111). One rounding of the double, to nearest even;
 * beyond the largest finite value: infinity (e5m2) or NaN (e4m3fn, no saturation, as PyTorch).
 */
static uint8_t to_float8(double x, int m, int bias, int ieee) {
  uint64_t u;
  memcpy(&u, &x, 8);
  uint8_t sign = (uint8_t)((u >> 56) & 0x80u);
  uint64_t mag = u & 0x7fffffffffffffffull;
  int over = ieee ? 0x7c : 0x7f;
  int maxcode = ieee ? 0x7b : 0x7e;
  if (mag > 0x7ff0000000000000ull) {
    return sign | 0x7f;
  }
  if (mag == 0x7ff0000000000000ull) {
    return sign | over;
  }
  int e = (int)(mag >> 52) - 1023;
  if (e < -bias - m - 1) { /* below half the smallest subnormal (double subnormals included) */
    return sign;
  }
  uint64_t sig = (mag & ((1ull << 52) - 1)) | (1ull << 52); /* value = sig * 2^(e - 52) */
  int subnormal = e < 1 - bias;
  int target = subnormal ? 1 - bias - m : e - m;           /* weight of the last kept bit */
  int shift = target - (e - 52);
  uint64_t q = sig >> shift;
  uint64_t rem = sig & ((1ull << shift) - 1);
  uint64_t halfway = 1ull << (shift - 1);
  if (rem > halfway || (rem == halfway && (q & 1u))) {
    q++;
  }
  long code = subnormal ? (long)q : ((long)(e + bias) << m) + (long)q - (1L << m);
  return (uint8_t)(sign | (code > maxcode ? over : code));
}

static double from_float8(uint8_t b, int m, int bias, int ieee) {
  int e = (b & 0x7f) >> m;
  int f = b & ((1 << m) - 1);
  double v;
  if (ieee && e == (0x7f >> m)) {
    v = f ? NAN : INFINITY;
  } else if (!ieee && (b & 0x7f) == 0x7f) {
    v = NAN;
  } else {
    v = e == 0 ? f : (1 << m) + f;
    for (int p = (e == 0 ? 1 : e) - bias - m; p != 0; p += p > 0 ? -1 : 1) {
      v = p > 0 ? v * 2 : v / 2;
    }
  }
  return (b & 0x80) ? -v : v;
}

/* Element size in bytes of a dtype ndpack knows, or 0. */
static int elem_size(uint8_t code, uint8_t bits, uint16_t lanes) {
  if (lanes != 1) {
    return 0;
  }
  switch (code) {
  case kDLInt:
  case kDLUInt:
    return bits == 8 || bits == 16 || bits == 32 || bits == 64 ? bits / 8 : 0;
  case kDLFloat:
    return bits == 16 || bits == 32 || bits == 64 ? bits / 8 : 0;
  case kDLBfloat:
    return bits == 16 ? 2 : 0;
  case kDLComplex:
    return bits == 64 || bits == 128 ? bits / 8 : 0;
  case kDLBool:
  case kDLFloat8_e4m3fn:
  case kDLFloat8_e5m2:
    return bits == 8 ? 1 : 0;
  default:
    return 0;
  }
}

/* Writes (re, im) into the element at p; im matters for complex types only. */
static void put(char *p, uint8_t code, uint8_t bits, double re, double im) {
  switch (code) {
  case kDLInt:
    switch (bits) {
    case 8: { int8_t v = (int8_t)re; memcpy(p, &v, 1); break; }
    case 16: { int16_t v = (int16_t)re; memcpy(p, &v, 2); break; }
    case 32: { int32_t v = (int32_t)re; memcpy(p, &v, 4); break; }
    default: { int64_t v = (int64_t)re; memcpy(p, &v, 8); break; }
    }
    break;
  case kDLUInt:
    switch (bits) {
    case 8: { uint8_t v = (uint8_t)(int64_t)re; memcpy(p, &v, 1); break; }
    case 16: { uint16_t v = (uint16_t)(int64_t)re; memcpy(p, &v, 2); break; }
    case 32: { uint32_t v = (uint32_t)(int64_t)re; memcpy(p, &v, 4); break; }
    default: { uint64_t v = re >= 9223372036854775808.0 ? (uint64_t)re : (uint64_t)(int64_t)re; memcpy(p, &v, 8); break; }
    }
    break;
  case kDLFloat:
    switch (bits) {
    case 16: { uint16_t v = float_to_half((float)re); memcpy(p, &v, 2); break; }
    case 32: { float v = (float)re; memcpy(p, &v, 4); break; }
    default: memcpy(p, &re, 8); break;
    }
    break;
  case kDLBfloat: { uint16_t v = float_to_bfloat((float)re); memcpy(p, &v, 2); break; }
  case kDLComplex:
    if (bits == 64) {
      float v[2] = {(float)re, (float)im};
      memcpy(p, v, 8);
    } else {
      double v[2] = {re, im};
      memcpy(p, v, 16);
    }
    break;
  case kDLBool: { uint8_t v = re != 0; memcpy(p, &v, 1); break; }
  case kDLFloat8_e4m3fn: { uint8_t v = to_float8(re, 3, 7, 0); memcpy(p, &v, 1); break; }
  case kDLFloat8_e5m2: { uint8_t v = to_float8(re, 2, 15, 1); memcpy(p, &v, 1); break; }
  default:
    break;
  }
}

/* Reads the element at p: its real part, or its imaginary part when imag is set (0 for real types). */
static double get(const char *p, uint8_t code, uint8_t bits, int imag) {
  if (imag && code != kDLComplex) {
    return 0;
  }
  switch (code) {
  case kDLInt:
    switch (bits) {
    case 8: { int8_t v; memcpy(&v, p, 1); return v; }
    case 16: { int16_t v; memcpy(&v, p, 2); return v; }
    case 32: { int32_t v; memcpy(&v, p, 4); return v; }
    default: { int64_t v; memcpy(&v, p, 8); return (double)v; }
    }
  case kDLUInt:
    switch (bits) {
    case 8: { uint8_t v; memcpy(&v, p, 1); return v; }
    case 16: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 32: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return (double)v; }
    }
  case kDLFloat:
    switch (bits) {
    case 16: { uint16_t v; memcpy(&v, p, 2); return half_to_float(v); }
    case 32: { float v; memcpy(&v, p, 4); return v; }
    default: { double v; memcpy(&v, p, 8); return v; }
    }
  case kDLBfloat: { uint16_t v; memcpy(&v, p, 2); return bfloat_to_float(v); }
  case kDLComplex:
    if (bits == 64) {
      float v[2];
      memcpy(v, p, 8);
      return v[imag ? 1 : 0];
    } else {
      double v[2];
      memcpy(v, p, 16);
      return v[imag ? 1 : 0];
    }
  case kDLBool: { uint8_t v; memcpy(&v, p, 1); return v; }
  case kDLFloat8_e4m3fn: { uint8_t v; memcpy(&v, p, 1); return from_float8(v, 3, 7, 0); }
  case kDLFloat8_e5m2: { uint8_t v; memcpy(&v, p, 1); return from_float8(v, 2, 15, 1); }
  default:
    return 0;
  }
}

/* The value the producer stores at row-major logical index i (the tests compute the same). */
PEER_EXPORT double peer_value(int64_t i) { return (double)(i % 100); }

/* ------------------------------------------------------------------------------------------ */
/* Producer                                                                                   */
/* ------------------------------------------------------------------------------------------ */

static void free_tensor_parts(peer_ctx *ctx) {
  if (ctx->buffer != NULL) {
    memset(ctx->buffer, 0xA5, ctx->buffer_size); /* poison: a read after deletion shows */
    free(ctx->buffer);
    ctx->buffer = NULL;
  }
  free(ctx->shape);
  free(ctx->strides);
  ctx->shape = NULL;
  ctx->strides = NULL;
}

static void count_call(peer_ctx *ctx) {
  long before = atomic_fetch_add(&ctx->calls, 1);
  atomic_fetch_add(&total_calls, 1);
  if (before == 0) {
    free_tensor_parts(ctx);
  } else {
    atomic_fetch_add(&double_deletes, 1);
  }
}

static void versioned_deleter(DLManagedTensorVersioned *self) { count_call((peer_ctx *)self->manager_ctx); }

static void legacy_deleter(DLManagedTensor *self) { count_call((peer_ctx *)self->manager_ctx); }

/* Multiplies with overflow check; returns 0 on overflow. */
static int mul_ok(int64_t a, int64_t b, int64_t *out) { return !__builtin_mul_overflow(a, b, out); }

PEER_EXPORT void *peer_make(void *storage, int32_t versioned, uint32_t major, uint32_t minor, uint64_t flags,
                            int32_t device_type, int32_t device_id, uint8_t code, uint8_t bits, uint16_t lanes,
                            int32_t ndim, const int64_t *shape, const int64_t *strides, uint64_t byte_offset,
                            int32_t options) {
  peer_ctx *ctx = calloc(1, sizeof(peer_ctx));
  if (ctx == NULL) {
    return NULL;
  }
  atomic_init(&ctx->calls, 0);
  DLTensor t;
  memset(&t, 0, sizeof t);
  t.device.device_type = device_type;
  t.device.device_id = device_id;
  t.ndim = ndim;
  t.dtype.code = code;
  t.dtype.bits = bits;
  t.dtype.lanes = lanes;
  t.byte_offset = byte_offset;

  int sane = ndim >= 0 && ndim <= 64;
  int n = sane ? ndim : 0;
  ctx->shape = malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
  ctx->strides = malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
  int64_t c_strides[64];
  int64_t size = 1;
  for (int i = 0; i < n; i++) {
    ctx->shape[i] = shape[i];
    if (shape[i] < 0 || !mul_ok(size, shape[i], &size)) {
      sane = 0;
    }
  }
  int64_t acc = 1;
  for (int i = n - 1; i >= 0; i--) {
    c_strides[i] = acc;
    int64_t e = shape[i] > 1 ? shape[i] : 1;
    if (!mul_ok(acc, e, &acc)) {
      sane = 0;
    }
  }
  const int64_t *st = strides != NULL ? strides : c_strides;
  for (int i = 0; i < n; i++) {
    ctx->strides[i] = st[i];
  }
  t.shape = (options & OPT_NULL_SHAPE) ? NULL : ctx->shape;
  t.strides = strides != NULL ? ctx->strides : NULL;

  /* The span of element offsets, to size the buffer. */
  int64_t lo = 0, hi = 0;
  for (int i = 0; i < n && sane; i++) {
    int64_t d;
    if (shape[i] > 1) {
      if (!mul_ok(shape[i] - 1, st[i], &d)) {
        sane = 0;
      } else if (d < 0) {
        lo += d;
      } else {
        hi += d;
      }
    }
  }
  int item = elem_size(code, bits, lanes);
  int64_t span = 0;
  if (sane && item > 0 && size > 0 && (hi - lo + 1) < (1LL << 26)) {
    span = (hi - lo + 1) * item;
  } else {
    sane = 0;
  }
  size_t bytes = (size_t)(sane ? span : 64) + (size_t)(byte_offset < 4096 ? byte_offset : 0);
  ctx->buffer = calloc(1, bytes);
  ctx->buffer_size = bytes;
  /* The first element sits at buffer + byte_offset - lo * item, so the lowest one reachable is at
   * buffer + byte_offset: data points -lo elements into the buffer. */
  char *data = (char *)ctx->buffer + (sane ? -lo * item : 0);
  t.data = (options & OPT_NULL_DATA) ? NULL : data;

  if (sane && byte_offset < 4096 && !(options & (OPT_NO_FILL | OPT_NULL_DATA))) {
    char *first = data + byte_offset;
    int64_t idx[64] = {0};
    for (int64_t i = 0; i < size; i++) {
      int64_t off = 0;
      for (int k = 0; k < n; k++) {
        off += idx[k] * st[k];
      }
      double v = peer_value(i);
      put(first + off * item, code, bits, v, -v);
      for (int k = n - 1; k >= 0; k--) {
        if (++idx[k] < shape[k]) {
          break;
        }
        idx[k] = 0;
      }
    }
  }

  if (versioned) {
    DLManagedTensorVersioned *m = storage != NULL ? storage : calloc(1, sizeof(DLManagedTensorVersioned));
    m->version.major = major;
    m->version.minor = minor;
    m->manager_ctx = ctx;
    m->deleter = (options & OPT_NULL_DELETER) ? NULL : versioned_deleter;
    m->flags = flags;
    m->dl_tensor = t;
    return m;
  }
  DLManagedTensor *m = storage != NULL ? storage : calloc(1, sizeof(DLManagedTensor));
  m->dl_tensor = t;
  m->manager_ctx = ctx;
  m->deleter = (options & OPT_NULL_DELETER) ? NULL : legacy_deleter;
  return m;
}

static peer_ctx *ctx_of(void *p, int32_t versioned) {
  return versioned ? (peer_ctx *)((DLManagedTensorVersioned *)p)->manager_ctx
                   : (peer_ctx *)((DLManagedTensor *)p)->manager_ctx;
}

PEER_EXPORT int64_t peer_deleter_calls(void *p, int32_t versioned) { return atomic_load(&ctx_of(p, versioned)->calls); }

PEER_EXPORT int64_t peer_total_deleter_calls(void) { return atomic_load(&total_calls); }

PEER_EXPORT int64_t peer_double_deletes(void) { return atomic_load(&double_deletes); }

/* ------------------------------------------------------------------------------------------ */
/* Consumer                                                                                   */
/* ------------------------------------------------------------------------------------------ */

static DLTensor *tensor_of(void *p, int32_t versioned) {
  return versioned ? &((DLManagedTensorVersioned *)p)->dl_tensor : &((DLManagedTensor *)p)->dl_tensor;
}

PEER_EXPORT int64_t peer_field(void *p, int32_t versioned, int32_t which) {
  DLTensor *t = tensor_of(p, versioned);
  DLManagedTensorVersioned *v = p;
  DLManagedTensor *l = p;
  if (which >= FIELD_STRIDES) {
    return t->strides[which - FIELD_STRIDES];
  }
  if (which >= FIELD_SHAPE) {
    return t->shape[which - FIELD_SHAPE];
  }
  switch (which) {
  case FIELD_MAJOR: return versioned ? (int64_t)v->version.major : -1;
  case FIELD_MINOR: return versioned ? (int64_t)v->version.minor : -1;
  case FIELD_FLAGS: return versioned ? (int64_t)v->flags : -1;
  case FIELD_DATA: return (int64_t)(intptr_t)t->data;
  case FIELD_DEVICE_TYPE: return t->device.device_type;
  case FIELD_DEVICE_ID: return t->device.device_id;
  case FIELD_NDIM: return t->ndim;
  case FIELD_CODE: return t->dtype.code;
  case FIELD_BITS: return t->dtype.bits;
  case FIELD_LANES: return t->dtype.lanes;
  case FIELD_BYTE_OFFSET: return (int64_t)t->byte_offset;
  case FIELD_SHAPE_PTR: return (int64_t)(intptr_t)t->shape;
  case FIELD_STRIDES_PTR: return (int64_t)(intptr_t)t->strides;
  case FIELD_DELETER: return versioned ? (int64_t)(intptr_t)v->deleter : (int64_t)(intptr_t)l->deleter;
  case FIELD_MANAGER_CTX: return versioned ? (int64_t)(intptr_t)v->manager_ctx : (int64_t)(intptr_t)l->manager_ctx;
  case FIELD_SIZEOF: return versioned ? (int64_t)sizeof(DLManagedTensorVersioned) : (int64_t)sizeof(DLManagedTensor);
  default: return -1;
  }
}

/* Address of the element at index, computed as any DLPack consumer must. */
static char *element(DLTensor *t, const int64_t *index) {
  int item = (t->dtype.bits * t->dtype.lanes + 7) / 8;
  int64_t off = 0;
  int64_t row_major = 1;
  for (int k = t->ndim - 1; k >= 0; k--) { /* NULL strides: compact row-major */
    int64_t stride = t->strides != NULL ? t->strides[k] : row_major;
    off += index[k] * stride;
    row_major *= t->shape[k];
  }
  return (char *)t->data + t->byte_offset + off * item;
}

PEER_EXPORT double peer_get(void *p, int32_t versioned, const int64_t *index, int32_t imag) {
  DLTensor *t = tensor_of(p, versioned);
  return get(element(t, index), t->dtype.code, t->dtype.bits, imag);
}

/* Writes one element; refuses (returns -1) when the tensor is flagged read-only. */
PEER_EXPORT int32_t peer_set(void *p, int32_t versioned, const int64_t *index, double re, double im) {
  if (versioned && (((DLManagedTensorVersioned *)p)->flags & DLPACK_FLAG_BITMASK_READ_ONLY)) {
    return -1;
  }
  DLTensor *t = tensor_of(p, versioned);
  put(element(t, index), t->dtype.code, t->dtype.bits, re, im);
  return 0;
}

/* Sum of the real parts of all elements, walking shape and strides in row-major order. */
PEER_EXPORT double peer_sum(void *p, int32_t versioned) {
  DLTensor *t = tensor_of(p, versioned);
  int64_t size = 1;
  for (int k = 0; k < t->ndim; k++) {
    size *= t->shape[k];
  }
  int64_t idx[64] = {0};
  double sum = 0;
  for (int64_t i = 0; i < size; i++) {
    sum += get(element(t, idx), t->dtype.code, t->dtype.bits, 0);
    for (int k = t->ndim - 1; k >= 0; k--) {
      if (++idx[k] < t->shape[k]) {
        break;
      }
      idx[k] = 0;
    }
  }
  return sum;
}

PEER_EXPORT void peer_call_deleter(void *p, int32_t versioned) {
  if (versioned) {
    DLManagedTensorVersioned *m = p;
    if (m->deleter != NULL) {
      m->deleter(m);
    }
  } else {
    DLManagedTensor *m = p;
    if (m->deleter != NULL) {
      m->deleter(m);
    }
  }
}

typedef struct {
  void *p;
  int32_t versioned;
  int32_t delay_us;
} deleter_job;

static void *deleter_thread(void *arg) {
  deleter_job job = *(deleter_job *)arg;
  free(arg);
  if (job.delay_us > 0) {
    struct timespec ts = {job.delay_us / 1000000, (long)(job.delay_us % 1000000) * 1000L};
    nanosleep(&ts, NULL);
  }
  peer_call_deleter(job.p, job.versioned);
  return NULL;
}

/* Calls the deleter from a new pthread, never attached to the JVM before. With join, waits for
 * it; otherwise the thread is detached and runs after delay_us microseconds. Returns 0 on
 * success, an errno value if the thread could not be started. */
PEER_EXPORT int32_t peer_call_deleter_on_thread(void *p, int32_t versioned, int32_t join, int32_t delay_us) {
  deleter_job *job = malloc(sizeof *job);
  if (job == NULL) {
    return -1;
  }
  job->p = p;
  job->versioned = versioned;
  job->delay_us = delay_us;
  pthread_t th;
  int rc = pthread_create(&th, NULL, deleter_thread, job);
  if (rc != 0) {
    free(job);
    return rc;
  }
  return join ? pthread_join(th, NULL) : pthread_detach(th);
}

static int32_t exit_delay_us;

static void delay_exit(void) {
  struct timespec ts = {exit_delay_us / 1000000, (long)(exit_delay_us % 1000000) * 1000L};
  nanosleep(&ts, NULL);
}

/* Registers an atexit handler that sleeps delay_us microseconds, as slow library teardown does
 * (a GPU runtime's, say): the process then lives on for a while after the JVM is destroyed.
 * Returns atexit's result. */
PEER_EXPORT int32_t peer_delay_exit(int32_t delay_us) {
  exit_delay_us = delay_us;
  return atexit(delay_exit);
}
