/*===- gpu.c - Run a circuit's batch kernel through the CUDA driver -------===*\
|*                                                                            *|
|* Part of circc's runtime. The CUDA driver (libcuda) is loaded with dlopen   *|
|* on first use, so the library loads on any machine; without a driver or a  *|
|* device the GPU calls return CIRCC_NO_DEVICE. The kernel's PTX is the      *|
|* library's __circc_ptx (circc --target=nvptx); its parameters follow the   *|
|* MLIR memref calling convention: each 1-d buffer is passed as (allocated   *|
|* pointer, aligned pointer, offset, size, stride).                          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "circc/abi.h"
#include "circuit.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Absent (null) in libraries compiled for the CPU only. */
extern const char CIRCC_SYM_PTX[] __attribute__((weak));

typedef int CUresult;
typedef int CUdevice;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef unsigned long long CUdeviceptr;
typedef struct CUevent_st *CUevent;

static struct {
  pthread_once_t once;
  circc_status status;
  char message[256];
  CUcontext context;
  CUfunction kernel;
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, void *,
                             void **, void **);
  CUresult (*cuCtxSynchronize)(void);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventRecord)(CUevent, void *);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  CUresult (*cuEventDestroy)(CUevent);
} gpu = {PTHREAD_ONCE_INIT, CIRCC_NO_DEVICE, "", 0, 0, 0, 0, 0, 0,
         0, 0, 0, 0, 0, 0, 0, 0, 0};

static void gpu_fail(circc_status status, const char *what, CUresult result) {
  const char *reason = NULL;
  if (gpu.cuGetErrorString && result)
    gpu.cuGetErrorString(result, &reason);
  gpu.status = status;
  if (result)
    snprintf(gpu.message, sizeof(gpu.message), "%s (CUDA error %d%s%s)", what,
             result, reason ? ": " : "", reason ? reason : "");
  else
    snprintf(gpu.message, sizeof(gpu.message), "%s", what);
}

#define LOAD(library, name, target)                                           \
  (*(void **)&(target) = dlsym(library, name))

static void gpu_init(void) {
  if (!&CIRCC_SYM_PTX[0] || !CIRCC_SYM_PTX) {
    gpu_fail(CIRCC_NO_DEVICE,
             "the library holds no GPU code; compile it with circc "
             "--target=nvptx",
             0);
    return;
  }
  void *cuda = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!cuda)
    cuda = dlopen("libcuda.so", RTLD_NOW | RTLD_LOCAL);
  if (!cuda) {
    gpu_fail(CIRCC_NO_DEVICE, "no CUDA driver: cannot load libcuda.so.1", 0);
    return;
  }
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  LOAD(cuda, "cuInit", cuInit);
  LOAD(cuda, "cuDeviceGetCount", cuDeviceGetCount);
  LOAD(cuda, "cuDeviceGet", cuDeviceGet);
  LOAD(cuda, "cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain);
  LOAD(cuda, "cuModuleLoadData", cuModuleLoadData);
  LOAD(cuda, "cuModuleGetFunction", cuModuleGetFunction);
  LOAD(cuda, "cuCtxSetCurrent", gpu.cuCtxSetCurrent);
  LOAD(cuda, "cuMemAlloc_v2", gpu.cuMemAlloc);
  LOAD(cuda, "cuMemFree_v2", gpu.cuMemFree);
  LOAD(cuda, "cuMemcpyHtoD_v2", gpu.cuMemcpyHtoD);
  LOAD(cuda, "cuMemcpyDtoH_v2", gpu.cuMemcpyDtoH);
  LOAD(cuda, "cuLaunchKernel", gpu.cuLaunchKernel);
  LOAD(cuda, "cuCtxSynchronize", gpu.cuCtxSynchronize);
  LOAD(cuda, "cuGetErrorString", gpu.cuGetErrorString);
  LOAD(cuda, "cuEventCreate", gpu.cuEventCreate);
  LOAD(cuda, "cuEventRecord", gpu.cuEventRecord);
  LOAD(cuda, "cuEventSynchronize", gpu.cuEventSynchronize);
  LOAD(cuda, "cuEventElapsedTime", gpu.cuEventElapsedTime);
  LOAD(cuda, "cuEventDestroy_v2", gpu.cuEventDestroy);
  if (!cuInit || !cuDeviceGetCount || !cuDeviceGet ||
      !cuDevicePrimaryCtxRetain || !cuModuleLoadData || !cuModuleGetFunction ||
      !gpu.cuCtxSetCurrent || !gpu.cuMemAlloc || !gpu.cuMemFree ||
      !gpu.cuMemcpyHtoD || !gpu.cuMemcpyDtoH || !gpu.cuLaunchKernel ||
      !gpu.cuCtxSynchronize || !gpu.cuEventCreate || !gpu.cuEventRecord ||
      !gpu.cuEventSynchronize || !gpu.cuEventElapsedTime ||
      !gpu.cuEventDestroy) {
    gpu_fail(CIRCC_NO_DEVICE, "the CUDA driver lacks a needed function", 0);
    return;
  }
  int devices = 0;
  CUresult result = cuInit(0);
  if (result == 0)
    result = cuDeviceGetCount(&devices);
  if (result != 0 || devices == 0) {
    gpu_fail(CIRCC_NO_DEVICE, "no CUDA device", result);
    return;
  }
  CUdevice device;
  CUmodule module;
  if ((result = cuDeviceGet(&device, 0)) ||
      (result = cuDevicePrimaryCtxRetain(&gpu.context, device)) ||
      (result = gpu.cuCtxSetCurrent(gpu.context)) ||
      (result = cuModuleLoadData(&module, CIRCC_SYM_PTX)) ||
      (result = cuModuleGetFunction(&gpu.kernel, module, CIRCC_SYMBOL_NAME(CIRCC_SYM_BATCH_KERNEL)))) {
    gpu_fail(CIRCC_GPU_ERROR, "cannot load the circuit's kernel", result);
    return;
  }
  gpu.status = CIRCC_OK;
}

/* Loads the driver and the kernel on first use; their status. */
static circc_status gpu_ready(void) {
  pthread_once(&gpu.once, gpu_init);
  return gpu.status;
}

CIRCC_API circc_status circc_gpu_check(const circc_circuit *circuit,
                                       char *message, size_t capacity) {
  (void)circuit;
  gpu_ready();
  if (message && capacity)
    snprintf(message, capacity, "%s",
             gpu.status == CIRCC_OK ? "ok" : gpu.message);
  return gpu.status;
}

/* The five kernel parameters of a 1-d memref over `pointer`. */
typedef struct memref_params {
  CUdeviceptr allocated, aligned;
  long long offset, size, stride;
} memref_params;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

/* Uploads a batch of token ids, runs the kernel, downloads its results. */
static circc_status run_device(const circc_circuit *circuit, const int32_t *ids,
                               const int32_t *counts, size_t count,
                               int32_t *out, int32_t *lengths,
                               int32_t *statuses, circc_gpu_timing *timing) {
  double start = now_ms();
  size_t max_input = (size_t)circuit->max_input;
  size_t max_output = (size_t)circuit->max_output;
  size_t sizes[6] = {count * max_input, count, count * max_output, count,
                     count, (size_t)circuit->learned_rows};
  const void *uploads[6] = {ids, counts, NULL, NULL, NULL, circuit->learned};
  CUdeviceptr buffers[6] = {0};
  memref_params params[6];
  CUevent events[2] = {NULL, NULL};
  CUresult result = gpu.cuCtxSetCurrent(gpu.context);
  for (int b = 0; b < 6 && !result; ++b) {
    result = gpu.cuMemAlloc(&buffers[b], sizes[b] * sizeof(int32_t));
    if (!result && uploads[b])
      result = gpu.cuMemcpyHtoD(buffers[b], uploads[b],
                                sizes[b] * sizeof(int32_t));
    params[b].allocated = params[b].aligned = buffers[b];
    params[b].offset = 0;
    params[b].size = (long long)sizes[b];
    params[b].stride = 1;
  }
  for (int e = 0; e < 2 && !result; ++e)
    result = gpu.cuEventCreate(&events[e], 0);
  int32_t n = (int32_t)count;
  if (!result) {
    void *arguments[6 * 5 + 1];
    for (int b = 0; b < 6; ++b) {
      arguments[5 * b + 0] = &params[b].allocated;
      arguments[5 * b + 1] = &params[b].aligned;
      arguments[5 * b + 2] = &params[b].offset;
      arguments[5 * b + 3] = &params[b].size;
      arguments[5 * b + 4] = &params[b].stride;
    }
    arguments[30] = &n;
    unsigned threads = 256;
    unsigned blocks = (unsigned)((count + threads - 1) / threads);
    result = gpu.cuEventRecord(events[0], NULL);
    if (!result)
      result = gpu.cuLaunchKernel(gpu.kernel, blocks, 1, 1, threads, 1, 1, 0,
                                  NULL, arguments, NULL);
    if (!result)
      result = gpu.cuEventRecord(events[1], NULL);
  }
  if (!result)
    result = gpu.cuEventSynchronize(events[1]);
  float kernel_ms = 0;
  if (!result)
    result = gpu.cuEventElapsedTime(&kernel_ms, events[0], events[1]);
  if (!result)
    result = gpu.cuMemcpyDtoH(out, buffers[2], sizes[2] * sizeof(int32_t));
  if (!result)
    result = gpu.cuMemcpyDtoH(lengths, buffers[3], sizes[3] * sizeof(int32_t));
  if (!result)
    result = gpu.cuMemcpyDtoH(statuses, buffers[4], sizes[4] * sizeof(int32_t));
  for (int e = 0; e < 2; ++e)
    if (events[e])
      gpu.cuEventDestroy(events[e]);
  for (int b = 0; b < 6; ++b)
    if (buffers[b])
      gpu.cuMemFree(buffers[b]);
  if (timing) {
    timing->kernel_ms = kernel_ms;
    timing->total_ms = now_ms() - start;
  }
  return result ? CIRCC_GPU_ERROR : CIRCC_OK;
}

CIRCC_API circc_status circc_gpu_run_ids_batch(const circc_circuit *circuit,
                                               const int32_t *ids,
                                               const int32_t *counts,
                                               size_t count, int32_t *out,
                                               int32_t *lengths,
                                               int32_t *statuses,
                                               circc_gpu_timing *timing) {
  if (!circuit || (count && (!ids || !counts || !out || !lengths || !statuses)) ||
      count > (size_t)INT32_MAX)
    return CIRCC_INVALID_ARGUMENT;
  /* The kernel trusts its token ids: check them here. */
  for (size_t i = 0; i < count; ++i) {
    if (counts[i] < 0 || counts[i] > circuit->max_input)
      return CIRCC_INVALID_ARGUMENT;
    for (size_t k = 0; k < (size_t)circuit->max_input; ++k) {
      int32_t id = ids[i * (size_t)circuit->max_input + k];
      if (id < 0 || id >= circuit->num_tokens)
        return CIRCC_INVALID_ARGUMENT;
    }
  }
  if (gpu_ready() != CIRCC_OK)
    return gpu.status;
  if (count == 0)
    return CIRCC_OK;
  return run_device(circuit, ids, counts, count, out, lengths, statuses,
                    timing);
}

CIRCC_API circc_status circc_gpu_run_batch(const circc_circuit *circuit,
                                           const char *const *texts,
                                           const size_t *text_lengths,
                                           size_t count, int32_t *out,
                                           int32_t stride,
                                           circc_result *results) {
  if (!circuit || (count && (!texts || !text_lengths || !results)) ||
      stride < 0 || (!out && stride > 0) || count > (size_t)INT32_MAX)
    return CIRCC_INVALID_ARGUMENT;
  if (gpu_ready() != CIRCC_OK)
    return gpu.status;
  if (count == 0)
    return CIRCC_OK;

  size_t max_input = (size_t)circuit->max_input;
  size_t max_output = (size_t)circuit->max_output;
  int32_t *tokens = (int32_t *)calloc(count * max_input + 1, sizeof(int32_t));
  int32_t *counts = (int32_t *)calloc(count, sizeof(int32_t));
  int32_t *outputs = (int32_t *)malloc(count * max_output * sizeof(int32_t));
  int32_t *lengths = (int32_t *)malloc(count * sizeof(int32_t));
  int32_t *statuses = (int32_t *)malloc(count * sizeof(int32_t));
  if (!tokens || !counts || !outputs || !lengths || !statuses) {
    free(tokens), free(counts), free(outputs), free(lengths), free(statuses);
    return CIRCC_OUT_OF_MEMORY;
  }
  /* Split on the host; a command that does not lex is settled here and runs
     on the device as an empty command whose result is ignored. */
  for (size_t i = 0; i < count; ++i) {
    int32_t n = 0;
    circc_status status = circc_lex_command(
        circuit, texts[i], text_lengths[i], tokens + i * max_input, &n);
    results[i].status = status;
    if (status == CIRCC_OK) {
      counts[i] = n;
      continue;
    }
    for (size_t k = 0; k < max_input; ++k)
      tokens[i * max_input + k] = 0;
    circc_finish(&results[i], status, 0,
                 status == CIRCC_INPUT_TOO_LONG ? circuit->max_input : n);
  }

  circc_status status = run_device(circuit, tokens, counts, count, outputs,
                                   lengths, statuses, NULL);
  if (status == CIRCC_OK) {
    for (size_t i = 0; i < count; ++i) {
      if (results[i].status != CIRCC_OK)
        continue;
      circc_status s = (circc_status)statuses[i];
      if (s != CIRCC_OK) {
        circc_finish(&results[i], s, 0, lengths[i]);
      } else if (lengths[i] > stride) {
        circc_finish(&results[i], CIRCC_OUTPUT_TOO_SMALL, lengths[i], -1);
      } else {
        memcpy(out + i * (size_t)stride, outputs + i * max_output,
               (size_t)lengths[i] * sizeof(int32_t));
        circc_finish(&results[i], CIRCC_OK, lengths[i], -1);
      }
    }
  }
  free(tokens), free(counts), free(outputs), free(lengths), free(statuses);
  return status;
}
