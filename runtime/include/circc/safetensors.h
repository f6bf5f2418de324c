/*===- safetensors.h - Read safetensors files -----------------------------===*\
|*                                                                            *|
|* Part of circc's runtime. A small reader for the safetensors format: an     *|
|* 8-byte little-endian header length, a JSON header naming each tensor's     *|
|* dtype, shape and byte range, then the raw data. The one reader of the    *|
|* format in circc: the runtime loads weights with it, the Transformer       *|
|* importer a model. Not installed.                                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef CIRCC_SAFETENSORS_H
#define CIRCC_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

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

/* Why a file could not be read, with what each caller needs to say so. */
typedef enum st_error_kind {
  ST_OK,
  ST_CANNOT_OPEN,      /* `os_error` is errno */
  ST_CANNOT_READ,      /* `os_error` is errno */
  ST_TOO_SHORT,        /* fewer than 8 bytes */
  ST_HEADER_TOO_LONG,  /* `header_length` exceeds the file or 100 MiB */
  ST_MALFORMED,        /* `what`; `tensor` names the entry, if any */
  ST_DATA_PAST_END,    /* `tensor`'s data lies past `data_size` bytes */
  ST_OUT_OF_MEMORY
} st_error_kind;

typedef struct st_error {
  st_error_kind kind;
  int os_error;
  const char *what;
  char tensor[ST_MAX_NAME];
  uint64_t header_length, file_size, data_size;
} st_error;

/* Reads and checks `path`. Returns 0, or -1 with `error` filled in. */
int st_read(const char *path, st_file *file, st_error *error);
/* st_read, with the error as the runtime reports it: "weights file 'PATH':
   WHAT", in `message`. */
int st_open(const char *path, st_file *file, char *message, size_t capacity);
/* The tensor named `name`, or NULL. */
const st_tensor *st_find(const st_file *file, const char *name);
/* The tensor's data. */
const unsigned char *st_data(const st_file *file, const st_tensor *tensor);
void st_close(st_file *file);

#ifdef __cplusplus
}
#endif

#endif /* CIRCC_SAFETENSORS_H */
