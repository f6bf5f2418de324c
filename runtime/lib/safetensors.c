/*===- safetensors.c - Read safetensors files -----------------------------===*\
|*                                                                            *|
|* Part of circc. The one safetensors reader (circc/safetensors.h).          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "circc/safetensors.h"

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Headers beyond this are not weights files of a circuit. */
static const uint64_t kMaxHeader = 100u << 20;

typedef struct cursor {
  const char *p, *end;
  const char *error;
} cursor;

static void skip_space(cursor *c) {
  while (c->p < c->end &&
         (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    ++c->p;
}

static int fail(cursor *c, const char *error) {
  if (!c->error)
    c->error = error;
  return -1;
}

static int expect(cursor *c, char ch) {
  skip_space(c);
  if (c->p >= c->end || *c->p != ch)
    return fail(c, "malformed JSON header");
  ++c->p;
  return 0;
}

/* A JSON string into `out` (truncation is an error). */
static int parse_string(cursor *c, char *out, size_t capacity) {
  if (expect(c, '"'))
    return -1;
  size_t n = 0;
  while (c->p < c->end && *c->p != '"') {
    char ch = *c->p++;
    if (ch == '\\') {
      if (c->p >= c->end)
        return fail(c, "malformed JSON header");
      ch = *c->p++;
      if (ch == 'n')
        ch = '\n';
      else if (ch == 't')
        ch = '\t';
      else if (ch != '"' && ch != '\\' && ch != '/')
        return fail(c, "unsupported escape in the JSON header");
    }
    if (n + 1 >= capacity)
      return fail(c, "a name in the header is too long");
    out[n++] = ch;
  }
  if (c->p >= c->end)
    return fail(c, "malformed JSON header");
  ++c->p;
  out[n] = '\0';
  return 0;
}

static int parse_integer(cursor *c, int64_t *value) {
  skip_space(c);
  int negative = c->p < c->end && *c->p == '-';
  if (negative)
    ++c->p;
  if (c->p >= c->end || *c->p < '0' || *c->p > '9')
    return fail(c, "expected an integer in the JSON header");
  int64_t v = 0;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    if (v > (INT64_MAX - 9) / 10)
      return fail(c, "an integer in the header is too large");
    v = v * 10 + (*c->p++ - '0');
  }
  *value = negative ? -v : v;
  return 0;
}

/* Skips any JSON value. */
static int skip_value(cursor *c, int depth) {
  if (depth > 32)
    return fail(c, "the JSON header nests too deeply");
  skip_space(c);
  if (c->p >= c->end)
    return fail(c, "malformed JSON header");
  char ch = *c->p;
  if (ch == '"') {
    char scratch[ST_MAX_NAME * 4];
    return parse_string(c, scratch, sizeof(scratch));
  }
  if (ch == '{' || ch == '[') {
    char close = ch == '{' ? '}' : ']';
    ++c->p;
    skip_space(c);
    if (c->p < c->end && *c->p == close) {
      ++c->p;
      return 0;
    }
    while (1) {
      if (ch == '{') {
        char key[ST_MAX_NAME * 4];
        if (parse_string(c, key, sizeof(key)) || expect(c, ':'))
          return -1;
      }
      if (skip_value(c, depth + 1))
        return -1;
      skip_space(c);
      if (c->p < c->end && *c->p == ',') {
        ++c->p;
        continue;
      }
      return expect(c, close);
    }
  }
  /* Numbers and literals. */
  const char *start = c->p;
  while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' &&
         *c->p != ' ' && *c->p != '\n')
    ++c->p;
  return c->p > start ? 0 : fail(c, "malformed JSON header");
}

static int parse_integers(cursor *c, int64_t *values, int max, int *count) {
  if (expect(c, '['))
    return -1;
  *count = 0;
  skip_space(c);
  if (c->p < c->end && *c->p == ']') {
    ++c->p;
    return 0;
  }
  while (1) {
    if (*count == max)
      return fail(c, "too many dimensions in the header");
    if (parse_integer(c, &values[(*count)++]))
      return -1;
    skip_space(c);
    if (c->p < c->end && *c->p == ',') {
      ++c->p;
      continue;
    }
    return expect(c, ']');
  }
}

static int parse_tensor(cursor *c, st_tensor *t) {
  int have_dtype = 0, have_shape = 0, have_offsets = 0;
  if (expect(c, '{'))
    return -1;
  while (1) {
    char key[64];
    if (parse_string(c, key, sizeof(key)) || expect(c, ':'))
      return -1;
    if (strcmp(key, "dtype") == 0) {
      if (parse_string(c, t->dtype, sizeof(t->dtype)))
        return -1;
      have_dtype = 1;
    } else if (strcmp(key, "shape") == 0) {
      if (parse_integers(c, t->shape, ST_MAX_RANK, &t->rank))
        return -1;
      have_shape = 1;
    } else if (strcmp(key, "data_offsets") == 0) {
      int64_t offsets[2];
      int n;
      if (parse_integers(c, offsets, 2, &n))
        return -1;
      if (n != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
        return fail(c, "bad data_offsets in the header");
      t->begin = (uint64_t)offsets[0];
      t->end = (uint64_t)offsets[1];
      have_offsets = 1;
    } else if (skip_value(c, 1)) {
      return -1;
    }
    skip_space(c);
    if (c->p < c->end && *c->p == ',') {
      ++c->p;
      continue;
    }
    if (expect(c, '}'))
      return -1;
    break;
  }
  if (!have_dtype || !have_shape || !have_offsets)
    return fail(c, "a tensor lacks dtype, shape or data_offsets");
  return 0;
}

static int set_error(st_error *error, st_error_kind kind) {
  error->kind = kind;
  return -1;
}

int st_read(const char *path, st_file *file, st_error *error) {
  memset(file, 0, sizeof(*file));
  memset(error, 0, sizeof(*error));
  FILE *in = fopen(path, "rb");
  if (!in) {
    error->os_error = errno;
    return set_error(error, ST_CANNOT_OPEN);
  }
  if (fseek(in, 0, SEEK_END) != 0) {
    error->os_error = errno;
    fclose(in);
    return set_error(error, ST_CANNOT_READ);
  }
  long size = ftell(in);
  rewind(in);
  error->file_size = size < 0 ? 0 : (uint64_t)size;
  if (size < 8) {
    fclose(in);
    return set_error(error, ST_TOO_SHORT);
  }
  file->bytes = (unsigned char *)malloc((size_t)size);
  if (!file->bytes) {
    fclose(in);
    return set_error(error, ST_OUT_OF_MEMORY);
  }
  if (fread(file->bytes, 1, (size_t)size, in) != (size_t)size) {
    error->os_error = errno;
    fclose(in);
    st_close(file);
    return set_error(error, ST_CANNOT_READ);
  }
  fclose(in);
  file->size = (size_t)size;

  uint64_t header = 0;
  for (int i = 7; i >= 0; --i)
    header = (header << 8) | file->bytes[i];
  error->header_length = header;
  if (header > kMaxHeader || header > file->size - 8) {
    st_close(file);
    return set_error(error, ST_HEADER_TOO_LONG);
  }
  file->data_start = 8 + (size_t)header;
  error->data_size = file->size - file->data_start;

  cursor c = {(const char *)file->bytes + 8,
              (const char *)file->bytes + file->data_start, NULL};
  int allocated = 0;
  st_error_kind kind = ST_MALFORMED;
  if (expect(&c, '{') == 0) {
    skip_space(&c);
    int empty = c.p < c.end && *c.p == '}';
    if (empty)
      ++c.p;
    while (!empty) {
      char name[ST_MAX_NAME];
      if (parse_string(&c, name, sizeof(name)) || expect(&c, ':'))
        break;
      if (strcmp(name, "__metadata__") == 0) {
        if (skip_value(&c, 1))
          break;
      } else {
        if (file->count == allocated) {
          allocated = allocated ? 2 * allocated : 8;
          st_tensor *grown = (st_tensor *)realloc(
              file->tensors, sizeof(st_tensor) * (size_t)allocated);
          if (!grown) {
            fail(&c, "out of memory");
            kind = ST_OUT_OF_MEMORY;
            break;
          }
          file->tensors = grown;
        }
        st_tensor *t = &file->tensors[file->count];
        memset(t, 0, sizeof(*t));
        memcpy(t->name, name, sizeof(name));
        memcpy(error->tensor, name, sizeof(name));
        if (parse_tensor(&c, t))
          break;
        if (t->end > file->size - file->data_start) {
          fail(&c, "a tensor's data lies past the end of the file");
          kind = ST_DATA_PAST_END;
          break;
        }
        error->tensor[0] = 0;
        ++file->count;
      }
      skip_space(&c);
      if (c.p < c.end && *c.p == ',') {
        ++c.p;
        continue;
      }
      expect(&c, '}');
      break;
    }
  }
  if (c.error) {
    error->what = c.error;
    st_close(file);
    return set_error(error, kind);
  }
  return 0;
}

int st_open(const char *path, st_file *file, char *message, size_t capacity) {
  st_error error;
  if (st_read(path, file, &error) == 0)
    return 0;
  const char *what = error.what;
  switch (error.kind) {
  case ST_CANNOT_OPEN:
    what = "cannot open it";
    break;
  case ST_CANNOT_READ:
    what = "cannot read it";
    break;
  case ST_TOO_SHORT:
    what = "too short for a safetensors file (no header length)";
    break;
  case ST_HEADER_TOO_LONG:
    what = "the header length exceeds the file; not a safetensors file";
    break;
  case ST_OUT_OF_MEMORY:
    what = "out of memory";
    break;
  default:
    break;
  }
  if (message && capacity)
    snprintf(message, capacity, "weights file '%s': %s", path,
             what ? what : "unreadable");
  return -1;
}

const st_tensor *st_find(const st_file *file, const char *name) {
  for (int i = 0; i < file->count; ++i)
    if (strcmp(file->tensors[i].name, name) == 0)
      return &file->tensors[i];
  return NULL;
}

const unsigned char *st_data(const st_file *file, const st_tensor *tensor) {
  return file->bytes + file->data_start + tensor->begin;
}

void st_close(st_file *file) {
  free(file->bytes);
  free(file->tensors);
  memset(file, 0, sizeof(*file));
}
