/*
 * The DLPack tensor-exchange ABI, version 1.3, as ndpack understands it.
 *
 * Written for ndpack from the ABI's facts (struct layouts, enum values, flag bits); it declares
 * the same types, with the same names and the same binary layout, as the public DLPack
 * specification, so C code built against it interoperates with any DLPack producer or consumer.
 * ndpack's Java side mirrors these layouts in org.ndpack.dlpack.DLPackLayouts; a unit test
 * compiles a probe against this header and compares every sizeof and offsetof with them.
 *
 * On the 64-bit platforms ndpack supports (x86-64, aarch64) no struct below has padding:
 *
 *   DLPackVersion              8 bytes   major@0 minor@4
 *   DLDevice                   8 bytes   device_type@0 device_id@4
 *   DLDataType                 4 bytes   code@0 bits@1 lanes@2
 *   DLTensor                  48 bytes   data@0 device@8 ndim@16 dtype@20 shape@24 strides@32
 *                                        byte_offset@40
 *   DLManagedTensor           64 bytes   dl_tensor@0 manager_ctx@48 deleter@56
 *   DLManagedTensorVersioned  80 bytes   version@0 manager_ctx@8 deleter@16 flags@24 dl_tensor@32
 *
 * Licensed under the Apache License, Version 2.0 (see LICENSE at the repository root).
 */
#ifndef NDPACK_DLPACK_H
#define NDPACK_DLPACK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. */
#define DLPACK_MAJOR_VERSION 1
#define DLPACK_MINOR_VERSION 3

/*
 * A version of the ABI. A consumer reads `major` before anything else: when it is not the major
 * version the consumer knows, the rest of the struct may mean something else, and the consumer
 * only calls the deleter. A higher `minor` keeps every field of lower minors.
 */
typedef struct {
  uint32_t major;
  uint32_t minor;
} DLPackVersion;

/* Where the memory of a tensor lives. Stored as a 32-bit int in DLDevice. */
typedef enum {
  kDLCPU = 1,          /* ordinary host memory */
  kDLCUDA = 2,         /* CUDA device memory */
  kDLCUDAHost = 3,     /* page-locked host memory from cudaMallocHost: host-readable */
  kDLOpenCL = 4,
  kDLVulkan = 7,
  kDLMetal = 8,
  kDLVPI = 9,
  kDLROCM = 10,        /* ROCm (HIP) device memory */
  kDLROCMHost = 11,    /* page-locked host memory from hipMallocHost: host-readable */
  kDLExtDev = 12,      /* reserved for extension devices */
  kDLCUDAManaged = 13, /* CUDA unified memory from cudaMallocManaged: host-readable */
  kDLOneAPI = 14,
  kDLWebGPU = 15,
  kDLHexagon = 16,
  kDLMAIA = 17,
  kDLTrn = 18
} DLDeviceType;

/* A device: its type (a DLDeviceType value) and its index among devices of that type. */
typedef struct {
  int32_t device_type;
  int32_t device_id;
} DLDevice;

/* Values of DLDataType.code. */
typedef enum {
  kDLInt = 0U,               /* signed two's-complement integer */
  kDLUInt = 1U,              /* unsigned integer */
  kDLFloat = 2U,             /* IEEE 754 binary floating point (16, 32, 64 bits) */
  kDLOpaqueHandle = 3U,      /* pointer-sized opaque handle */
  kDLBfloat = 4U,            /* bfloat16: the upper 16 bits of a float32 */
  kDLComplex = 5U,           /* two floats, real part first; bits counts both */
  kDLBool = 6U,              /* boolean, one byte per element (bits = 8) */
  kDLFloat8_e3m4 = 7U,       /* the codes from here on are the narrow float formats */
  kDLFloat8_e4m3 = 8U,
  kDLFloat8_e4m3b11fnuz = 9U,
  kDLFloat8_e4m3fn = 10U,
  kDLFloat8_e4m3fnuz = 11U,
  kDLFloat8_e5m2 = 12U,
  kDLFloat8_e5m2fnuz = 13U,
  kDLFloat8_e8m0fnu = 14U,
  kDLFloat6_e2m3fn = 15U,
  kDLFloat6_e3m2fn = 16U,
  kDLFloat4_e2m1fn = 17U
} DLDataTypeCode;

/*
 * The element type: `code` (a DLDataTypeCode), `bits` per lane, and `lanes` (1 for scalars,
 * more for vector types). One element takes (bits * lanes + 7) / 8 bytes; sub-byte types are
 * packed unless the producer sets DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED.
 */
typedef struct {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
} DLDataType;

/*
 * An n-dimensional view of memory. The element at index (i_0, ..., i_{n-1}) is at byte address
 *   (char *)data + byte_offset + (i_0 * strides[0] + ... + i_{n-1} * strides[n-1]) * element size
 * Strides count elements, not bytes, and may be zero or negative. strides == NULL means compact
 * row-major (producers of 1.2 and later always give strides when ndim > 0, consumers still accept
 * NULL). shape may be NULL when ndim == 0 (1.3). A tensor with no elements may have data == NULL.
 */
typedef struct {
  void *data;
  DLDevice device;
  int32_t ndim;
  DLDataType dtype;
  int64_t *shape;
  int64_t *strides;
  uint64_t byte_offset;
} DLTensor;

/*
 * The managed tensor of DLPack 0.x (the "legacy" struct): a tensor, an opaque context for its
 * producer, and the deleter the consumer calls exactly once when it no longer needs the memory.
 * deleter may be NULL (nothing to call). There is no way to signal read-only memory.
 */
typedef struct DLManagedTensor {
  DLTensor dl_tensor;
  void *manager_ctx;
  void (*deleter)(struct DLManagedTensor *self);
} DLManagedTensor;

/* Flag bits of DLManagedTensorVersioned.flags. Consumers ignore bits they do not know. */
#define DLPACK_FLAG_BITMASK_READ_ONLY (1ULL << 0)              /* the consumer must not write */
#define DLPACK_FLAG_BITMASK_IS_COPIED (1ULL << 1)              /* the consumer is the sole owner */
#define DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED (1ULL << 2) /* 1.1: sub-byte elements padded */

/*
 * The managed tensor of DLPack 1.x. version comes first so that a consumer can refuse a major
 * version it does not know before reading anything else; manager_ctx and deleter keep their
 * places across versions, so such a consumer can still give the tensor back.
 */
typedef struct DLManagedTensorVersioned {
  DLPackVersion version;
  void *manager_ctx;
  void (*deleter)(struct DLManagedTensorVersioned *self);
  uint64_t flags;
  DLTensor dl_tensor;
} DLManagedTensorVersioned;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NDPACK_DLPACK_H */
