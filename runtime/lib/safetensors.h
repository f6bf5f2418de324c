/*===- safetensors.h - Read safetensors files -----------------------------===*\
|*                                                                            *|
|* Part of circc's runtime. A small reader for the safetensors format: an     *|
|* 8-byte little-endian header length, a JSON header naming each tensor's     *|
|* dtype, shape and byte range, then the raw data. Private to the runtime.   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef CIRCC_RUNTIME_SAFETENSORS_H
#define CIRCC_RUNTIME_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

enum { ST_MAX_NAME = 256, ST_MAX_RANK = 8 };

typedef struct st_tensor {
  char name[ST_MAX_NAME];
  char dtype[16];
  int rank;
  int64_t shape[ST_MAX_RANK];
  /* Byte range within the data that follows the header. */
  uint64_t begin, end;
} st_tensor;

typedef struct st_file {
  unsigned char *bytes; /* the whole file */
  size_t size;
  size_t data_start; /* 8 + header length */
  st_tensor *tensors;
  int count;
} st_file;

/* Reads and checks `path`. Returns 0, or -1 with a message in `message`. */
int st_open(const char *path, st_file *file, char *message, size_t capacity);
/* The tensor named `name`, or NULL. */
const st_tensor *st_find(const st_file *file, const char *name);
/* The tensor's data. */
const unsigned char *st_data(const st_file *file, const st_tensor *tensor);
void st_close(st_file *file);

#endif /* CIRCC_RUNTIME_SAFETENSORS_H */
