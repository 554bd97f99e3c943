/**
 * ONNX Runtime on ndpack arrays without copies: {@link org.ndpack.onnxruntime.OrtArrays} runs a
 * session on arrays and returns arrays; {@link org.ndpack.onnxruntime.OnnxTensorLease} is an
 * {@code OnnxTensor} over an array's memory together with the lease that keeps it allocated.
 */
package org.ndpack.onnxruntime;
