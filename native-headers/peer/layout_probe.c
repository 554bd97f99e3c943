/*
 * Prints the size of every DLPack struct and the offset of every field as this C compiler lays
 * them out from native-headers/dlpack/dlpack.h, one "name value" pair per line. ndpack's layout
 * test compiles and runs it and compares each line with org.ndpack.dlpack.DLPackLayouts.
 */
#include <stddef.h>
#include <stdio.h>

#include "../dlpack/dlpack.h"

#define SIZE(T) printf("%s %zu\n", #T, sizeof(T))
#define OFF(T, f) printf("%s.%s %zu\n", #T, #f, offsetof(T, f))

int main(void) {
  SIZE(DLPackVersion);
  OFF(DLPackVersion, major);
  OFF(DLPackVersion, minor);
  SIZE(DLDevice);
  OFF(DLDevice, device_type);
  OFF(DLDevice, device_id);
  SIZE(DLDataType);
  OFF(DLDataType, code);
  OFF(DLDataType, bits);
  OFF(DLDataType, lanes);
  SIZE(DLTensor);
  OFF(DLTensor, data);
  OFF(DLTensor, device);
  OFF(DLTensor, ndim);
  OFF(DLTensor, dtype);
  OFF(DLTensor, shape);
  OFF(DLTensor, strides);
  OFF(DLTensor, byte_offset);
  SIZE(DLManagedTensor);
  OFF(DLManagedTensor, dl_tensor);
  OFF(DLManagedTensor, manager_ctx);
  OFF(DLManagedTensor, deleter);
  SIZE(DLManagedTensorVersioned);
  OFF(DLManagedTensorVersioned, version);
  OFF(DLManagedTensorVersioned, manager_ctx);
  OFF(DLManagedTensorVersioned, deleter);
  OFF(DLManagedTensorVersioned, flags);
  OFF(DLManagedTensorVersioned, dl_tensor);
  /* enum and flag values, so the test can check the Java constants too */
  printf("kDLCPU %d\nkDLCUDA %d\nkDLCUDAHost %d\nkDLROCMHost %d\nkDLCUDAManaged %d\nkDLTrn %d\n", kDLCPU, kDLCUDA,
         kDLCUDAHost, kDLROCMHost, kDLCUDAManaged, kDLTrn);
  printf("kDLBool %d\nkDLComplex %d\nkDLBfloat %d\nkDLFloat4_e2m1fn %d\n", kDLBool, kDLComplex, kDLBfloat,
         kDLFloat4_e2m1fn);
  printf("DLPACK_FLAG_BITMASK_READ_ONLY %llu\nDLPACK_FLAG_BITMASK_IS_COPIED %llu\n"
         "DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED %llu\n",
         DLPACK_FLAG_BITMASK_READ_ONLY, DLPACK_FLAG_BITMASK_IS_COPIED, DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED);
  printf("DLPACK_MAJOR_VERSION %d\nDLPACK_MINOR_VERSION %d\n", DLPACK_MAJOR_VERSION, DLPACK_MINOR_VERSION);
  return 0;
}
