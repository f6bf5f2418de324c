/*===- runtime.c - The circc runtime library ------------------------------===*\
|*                                                                            *|
|* Part of circc. Implements circc/runtime.h on top of what a compiled        *|
|* circuit provides: the __circc_run function and its metadata globals. It    *|
|* is linked into every circuit library and knows nothing of MLIR.           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "circc/runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the compiled circuit defines (see convert-circuit-to-standard). */
enum {
  INFO_ABI_VERSION,
  INFO_MAX_INPUT,
  INFO_MAX_OUTPUT,
  INFO_NUM_TOKENS,
  INFO_NUM_OUTPUTS,
  INFO_PARAM_COUNT,
  INFO_NUM_RULES,
  INFO_NUM_STATES,
  INFO_SIZE
};
extern const int32_t __circc_info[INFO_SIZE];
extern const char __circc_name[];
extern const char __circc_token_names[];
extern const char __circc_output_names[];
extern int32_t __circc_run(const int32_t *tokens, int32_t count, int32_t *out,
                           int32_t capacity, int32_t *info);

_Static_assert(sizeof(int32_t) == 4, "the circuit's ids are 32-bit");
_Static_assert(sizeof(circc_result) == 12, "circc_result is three 32-bit words");
_Static_assert(CIRCC_OK == 0 && CIRCC_INPUT_TOO_LONG == 2 &&
                   CIRCC_NO_PARSE == 3 && CIRCC_OUTPUT_TOO_SMALL == 4,
               "status codes are shared with the compiled circuit");

/* One entry of the token hash table: the first eight bytes of the token,
   its length and id. Tokens longer than eight bytes compare the rest with
   memcmp. */
typedef struct token_slot {
  uint64_t prefix;
  int32_t length;
  int32_t id;
} token_slot;

struct circc_circuit {
  int32_t max_input, max_output, num_tokens, num_outputs;
  int64_t param_count;
  const char **token_names;
  const char **output_names;
  int32_t *token_lengths;
  token_slot *slots;
  uint32_t slot_shift; /* 64 - log2(number of slots) */
};

static const uint64_t kHashMultiplier = 0x9E3779B97F4A7C15ull;

static inline int is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline uint32_t slot_of(const circc_circuit *circuit, uint64_t prefix,
                               int32_t length) {
  return (uint32_t)(((prefix ^ (uint64_t)length) * kHashMultiplier) >>
                    circuit->slot_shift);
}

/* The first min(length, 8) bytes, little-endian, zero-padded. */
static inline uint64_t prefix_of(const char *text, size_t length) {
  uint64_t prefix = 0;
  size_t n = length < 8 ? length : 8;
  for (size_t i = 0; i < n; ++i)
    prefix |= (uint64_t)(unsigned char)text[i] << (8 * i);
  return prefix;
}

static inline int32_t lookup(const circc_circuit *circuit, uint64_t prefix,
                             const char *text, size_t length) {
  if (length > (size_t)INT32_MAX)
    return -1;
  uint32_t mask = (uint32_t)((1ull << (64 - circuit->slot_shift)) - 1);
  for (uint32_t slot = slot_of(circuit, prefix, (int32_t)length);;
       slot = (slot + 1) & mask) {
    const token_slot *entry = &circuit->slots[slot];
    if (entry->id < 0)
      return -1;
    if (entry->prefix == prefix && entry->length == (int32_t)length &&
        (length <= 8 ||
         memcmp(circuit->token_names[entry->id] + 8, text + 8, length - 8) == 0))
      return entry->id;
  }
}

/* Splits a NUL-separated blob into `count` strings. */
static const char **split_names(const char *blob, int32_t count) {
  const char **names = (const char **)malloc(sizeof(char *) * (size_t)(count ? count : 1));
  if (!names)
    return NULL;
  for (int32_t i = 0; i < count; ++i) {
    names[i] = blob;
    blob += strlen(blob) + 1;
  }
  return names;
}

CIRCC_API uint32_t circc_abi_version(void) { return CIRCC_ABI_VERSION; }

CIRCC_API void circc_destroy(circc_circuit *circuit) {
  if (!circuit)
    return;
  free(circuit->token_names);
  free(circuit->output_names);
  free(circuit->token_lengths);
  free(circuit->slots);
  free(circuit);
}

CIRCC_API circc_status circc_create(circc_circuit **out_circuit) {
  if (!out_circuit)
    return CIRCC_INVALID_ARGUMENT;
  *out_circuit = NULL;
  if (__circc_info[INFO_ABI_VERSION] != CIRCC_ABI_VERSION)
    return CIRCC_ABI_MISMATCH;
  circc_circuit *circuit = (circc_circuit *)calloc(1, sizeof(circc_circuit));
  if (!circuit)
    return CIRCC_OUT_OF_MEMORY;
  circuit->max_input = __circc_info[INFO_MAX_INPUT];
  circuit->max_output = __circc_info[INFO_MAX_OUTPUT];
  circuit->num_tokens = __circc_info[INFO_NUM_TOKENS];
  circuit->num_outputs = __circc_info[INFO_NUM_OUTPUTS];
  circuit->param_count = __circc_info[INFO_PARAM_COUNT];
  circuit->token_names = split_names(__circc_token_names, circuit->num_tokens);
  circuit->output_names = split_names(__circc_output_names, circuit->num_outputs);
  circuit->token_lengths =
      (int32_t *)malloc(sizeof(int32_t) * (size_t)(circuit->num_tokens + 1));

  /* At most half full, at least 16 slots. */
  uint32_t bits = 4;
  while ((1u << bits) < 2u * (uint32_t)circuit->num_tokens)
    ++bits;
  circuit->slot_shift = 64 - bits;
  circuit->slots = (token_slot *)malloc(sizeof(token_slot) << bits);
  if (!circuit->token_names || !circuit->output_names ||
      !circuit->token_lengths || !circuit->slots) {
    circc_destroy(circuit);
    return CIRCC_OUT_OF_MEMORY;
  }
  for (uint32_t i = 0; i < (1u << bits); ++i)
    circuit->slots[i].id = -1;
  uint32_t mask = (1u << bits) - 1;
  for (int32_t id = 0; id < circuit->num_tokens; ++id) {
    const char *name = circuit->token_names[id];
    size_t length = strlen(name);
    circuit->token_lengths[id] = (int32_t)length;
    uint64_t prefix = prefix_of(name, length);
    uint32_t slot = slot_of(circuit, prefix, (int32_t)length);
    while (circuit->slots[slot].id >= 0)
      slot = (slot + 1) & mask;
    circuit->slots[slot].prefix = prefix;
    circuit->slots[slot].length = (int32_t)length;
    circuit->slots[slot].id = id;
  }
  *out_circuit = circuit;
  return CIRCC_OK;
}

CIRCC_API const char *circc_grammar_name(const circc_circuit *circuit) {
  (void)circuit;
  return __circc_name;
}
CIRCC_API int32_t circc_token_count(const circc_circuit *circuit) {
  return circuit ? circuit->num_tokens : 0;
}
CIRCC_API const char *circc_token_name(const circc_circuit *circuit, int32_t id) {
  if (!circuit || id < 0 || id >= circuit->num_tokens)
    return NULL;
  return circuit->token_names[id];
}
CIRCC_API int32_t circc_token_id(const circc_circuit *circuit, const char *text,
                                 size_t length) {
  if (!circuit || (!text && length))
    return -1;
  return lookup(circuit, prefix_of(text, length), text, length);
}
CIRCC_API int32_t circc_output_count(const circc_circuit *circuit) {
  return circuit ? circuit->num_outputs : 0;
}
CIRCC_API const char *circc_output_name(const circc_circuit *circuit, int32_t id) {
  if (!circuit || id < 0 || id >= circuit->num_outputs)
    return NULL;
  return circuit->output_names[id];
}
CIRCC_API int32_t circc_max_input(const circc_circuit *circuit) {
  return circuit ? circuit->max_input : 0;
}
CIRCC_API int32_t circc_max_output(const circc_circuit *circuit) {
  return circuit ? circuit->max_output : 0;
}
CIRCC_API int64_t circc_param_count(const circc_circuit *circuit) {
  return circuit ? circuit->param_count : 0;
}

static circc_status finish(circc_result *result, circc_status status,
                           int32_t length, int32_t error_index) {
  if (result) {
    result->status = status;
    result->length = length;
    result->error_index = error_index;
  }
  return status;
}

/* Runs the circuit on token ids already checked to be in range. */
static circc_status run_tokens(const circc_circuit *circuit, const int32_t *ids,
                               int32_t count, int32_t *out, int32_t capacity,
                               circc_result *result) {
  int32_t info = 0;
  circc_status status =
      (circc_status)__circc_run(ids, count, out, capacity, &info);
  switch (status) {
  case CIRCC_OK:
    return finish(result, status, info, -1);
  case CIRCC_OUTPUT_TOO_SMALL:
    return finish(result, status, info, -1);
  default:
    return finish(result, status, 0, info);
  }
  (void)circuit;
}

static int bad_output(const int32_t *out, int32_t capacity) {
  return capacity < 0 || (!out && capacity > 0);
}

CIRCC_API circc_status circc_run_text(const circc_circuit *circuit,
                                      const char *text, size_t text_length,
                                      int32_t *out, int32_t capacity,
                                      circc_result *result) {
  if (!circuit || (!text && text_length) || bad_output(out, capacity))
    return finish(result, CIRCC_INVALID_ARGUMENT, 0, -1);
  /* One slot more than max_input, so the circuit's storage needs no
     special case for an empty circuit. */
  int32_t ids[circuit->max_input + 1];
  int32_t count = 0;
  size_t i = 0;
  while (1) {
    while (i < text_length && is_space((unsigned char)text[i]))
      ++i;
    if (i == text_length)
      break;
    size_t start = i;
    uint64_t prefix = 0;
    while (i < text_length && !is_space((unsigned char)text[i])) {
      if (i - start < 8)
        prefix |= (uint64_t)(unsigned char)text[i] << (8 * (i - start));
      ++i;
    }
    if (count == circuit->max_input)
      return finish(result, CIRCC_INPUT_TOO_LONG, 0, circuit->max_input);
    int32_t id = lookup(circuit, prefix, text + start, i - start);
    if (id < 0)
      return finish(result, CIRCC_UNKNOWN_TOKEN, 0, count);
    ids[count++] = id;
  }
  return run_tokens(circuit, ids, count, out, capacity, result);
}

CIRCC_API circc_status circc_run_ids(const circc_circuit *circuit,
                                     const int32_t *ids, int32_t count,
                                     int32_t *out, int32_t capacity,
                                     circc_result *result) {
  if (!circuit || count < 0 || (!ids && count) || bad_output(out, capacity))
    return finish(result, CIRCC_INVALID_ARGUMENT, 0, -1);
  if (count > circuit->max_input)
    return finish(result, CIRCC_INPUT_TOO_LONG, 0, circuit->max_input);
  for (int32_t i = 0; i < count; ++i)
    if (ids[i] < 0 || ids[i] >= circuit->num_tokens)
      return finish(result, CIRCC_UNKNOWN_TOKEN, 0, i);
  return run_tokens(circuit, ids, count, out, capacity, result);
}

CIRCC_API circc_status circc_run_batch(const circc_circuit *circuit,
                                       const char *const *texts,
                                       const size_t *text_lengths, size_t count,
                                       int32_t *out, int32_t stride,
                                       circc_result *results) {
  if (!circuit || (count && (!texts || !text_lengths || !results)) ||
      bad_output(out, stride))
    return CIRCC_INVALID_ARGUMENT;
  for (size_t i = 0; i < count; ++i)
    circc_run_text(circuit, texts[i], text_lengths[i],
                   out ? out + i * (size_t)stride : NULL, stride, &results[i]);
  return CIRCC_OK;
}

CIRCC_API const char *circc_status_message(circc_status status) {
  switch (status) {
  case CIRCC_OK:
    return "ok";
  case CIRCC_UNKNOWN_TOKEN:
    return "unknown token";
  case CIRCC_INPUT_TOO_LONG:
    return "input too long";
  case CIRCC_NO_PARSE:
    return "no parse";
  case CIRCC_OUTPUT_TOO_SMALL:
    return "output buffer too small";
  case CIRCC_INVALID_ARGUMENT:
    return "invalid argument";
  case CIRCC_OUT_OF_MEMORY:
    return "out of memory";
  case CIRCC_ABI_MISMATCH:
    return "ABI version mismatch between the circuit and its runtime";
  }
  return "unknown status";
}

/* The `index`-th whitespace-separated word of `text`, if there is one. */
static int find_word(const char *text, size_t length, int32_t index,
                     size_t *start, size_t *end) {
  size_t i = 0;
  for (int32_t word = 0; text; ++word) {
    while (i < length && is_space((unsigned char)text[i]))
      ++i;
    if (i == length)
      return 0;
    *start = i;
    while (i < length && !is_space((unsigned char)text[i]))
      ++i;
    *end = i;
    if (word == index)
      return 1;
  }
  return 0;
}

CIRCC_API size_t circc_describe(const circc_circuit *circuit, const char *text,
                                size_t text_length, const circc_result *result,
                                char *buffer, size_t capacity) {
  char scratch[1];
  if (!buffer || capacity == 0) {
    buffer = scratch;
    capacity = sizeof(scratch);
  }
  if (!result)
    return (size_t)snprintf(buffer, capacity, "invalid argument: no result");
  size_t start = 0, end = 0;
  int has_word = find_word(text, text_length, result->error_index, &start, &end);
  int word_length = (int)(end - start > 64 ? 64 : end - start);
  const char *word = has_word ? text + start : "";
  int n;
  switch (result->status) {
  case CIRCC_OK:
    n = snprintf(buffer, capacity, "ok: %d output symbols", (int)result->length);
    break;
  case CIRCC_UNKNOWN_TOKEN:
    n = has_word ? snprintf(buffer, capacity,
                            "unknown token '%.*s' at position %d", word_length,
                            word, (int)result->error_index)
                 : snprintf(buffer, capacity, "unknown token at position %d",
                            (int)result->error_index);
    break;
  case CIRCC_INPUT_TOO_LONG:
    n = snprintf(buffer, capacity,
                 "input too long: the circuit accepts at most %d tokens",
                 circuit ? (int)circuit->max_input : (int)result->error_index);
    break;
  case CIRCC_NO_PARSE:
    n = has_word ? snprintf(buffer, capacity,
                            "no parse: unexpected '%.*s' at position %d",
                            word_length, word, (int)result->error_index)
                 : snprintf(buffer, capacity,
                            "no parse: the input ends too early (after %d "
                            "tokens)",
                            (int)result->error_index);
    break;
  case CIRCC_OUTPUT_TOO_SMALL:
    n = snprintf(buffer, capacity,
                 "output buffer too small: %d symbols needed",
                 (int)result->length);
    break;
  default:
    n = snprintf(buffer, capacity, "%s", circc_status_message(result->status));
    break;
  }
  return n < 0 ? 0 : (size_t)n;
}
