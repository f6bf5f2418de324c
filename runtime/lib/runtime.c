/*===- runtime.c - The circc runtime library ------------------------------===*\
|*                                                                            *|
|* Part of circc. Implements circc/runtime.h on top of what a compiled        *|
|* circuit provides (circc/abi.h): its entry points and metadata globals. It *|
|* is linked into every circuit library and knows nothing of MLIR.           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

/* madvise and MADV_HUGEPAGE are outside strict C11. */
#define _DEFAULT_SOURCE

#include "circc/abi.h"
#include "circc/multiplier.h"
#include "circc/runtime.h"
#include "circuit.h"
#include "circc/safetensors.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Every name the compiler may rename at link time is a function of
   circc/runtime.h. */
#define CIRCC_CHECK_EXPORTED(name) _Static_assert(sizeof(&name) != 0, #name);
CIRCC_EXPORTED_FUNCTIONS(CIRCC_CHECK_EXPORTED)
#undef CIRCC_CHECK_EXPORTED

/* What the compiled code defines (circc/abi.h). */
extern const int32_t CIRCC_SYM_INFO[CIRCC_INFO_SIZE];
extern const char CIRCC_SYM_NAME[];
extern const char CIRCC_SYM_TOKEN_NAMES[];
extern const char CIRCC_SYM_OUTPUT_NAMES[];
extern const char CIRCC_SYM_WEIGHT_NAMES[];
extern const int32_t CIRCC_SYM_WEIGHT_SHAPES[];
extern const int32_t CIRCC_SYM_OPEN_WORDS[];
/* Output symbols, and the content codes before decoding. */
extern circc_run_fn CIRCC_SYM_RUN, CIRCC_SYM_TRACE;
/* Only in circuits whose whole run from text is compiled. */
extern circc_compiled_text_fn CIRCC_SYM_RUN_TEXT __attribute__((weak));
/* What it passes on: defined here. */
circc_compiled_text_fn CIRCC_SYM_RUN_TEXT_GENERAL;
/* Only in compiled Transformers. */
extern circc_logits_fn CIRCC_SYM_LOGITS __attribute__((weak));
/* Only in compiled Transformers with a batch tile. */
extern circc_decode_batch_fn CIRCC_SYM_DECODE_BATCH __attribute__((weak));
/* Only in circuits with learnable tables loaded at run time. */
extern circc_gradient_fn CIRCC_SYM_GRADIENT __attribute__((weak));

/* Shorthands for the metadata. */
#define compiled_info(field) (CIRCC_SYM_INFO[CIRCC_INFO_##field])

_Static_assert(sizeof(int32_t) == 4, "the circuit's ids are 32-bit");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "the lexer reads words as little-endian integers");
_Static_assert(sizeof(circc_result) == 12, "circc_result is three 32-bit words");

static inline int is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline uint32_t slot_of(const circc_circuit *circuit, uint64_t prefix,
                               int32_t length) {
  return (uint32_t)(((prefix ^ (uint64_t)length) * circuit->multiplier) >>
                    circuit->slot_shift);
}

/* Eight bytes of `text` from `i`, little-endian; past the end, spaces. */
static inline uint64_t load_word(const char *text, size_t length, size_t i) {
  uint64_t word = 0x2020202020202020ull;
  if (i + 8 <= length) {
    memcpy(&word, text + i, 8);
  } else {
    for (size_t k = 0; i + k < length; ++k) {
      word &= ~(0xFFull << (8 * k));
      word |= (uint64_t)(unsigned char)text[i + k] << (8 * k);
    }
  }
  return word;
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
  for (uint32_t slot = slot_of(circuit, prefix, (int32_t)length);;
       slot = (slot + 1) & circuit->slot_mask) {
    const token_slot *entry = &circuit->slots[slot];
    if (entry->prefix == prefix && (size_t)entry->length == length &&
        (length <= 8 ||
         memcmp(circuit->token_names[entry->id] + 8, text + 8, length - 8) == 0))
      return entry->id;
    if (entry->id < 0)
      return -1;
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

/* Fills the token table with the current multiplier; returns how many
   tokens did not land in their first slot. */
static int fill_slots(circc_circuit *circuit, uint32_t bits) {
  uint32_t mask = (1u << bits) - 1;
  int collisions = 0;
  for (uint32_t i = 0; i <= mask; ++i) {
    /* An empty slot matches no word: no word has length -1. */
    circuit->slots[i].id = -1;
    circuit->slots[i].length = -1;
    circuit->slots[i].prefix = 0;
  }
  for (int32_t id = 0; id < circuit->num_tokens; ++id) {
    const char *name = circuit->token_names[id];
    size_t length = strlen(name);
    circuit->token_lengths[id] = (int32_t)length;
    uint64_t prefix = prefix_of(name, length);
    uint32_t slot = slot_of(circuit, prefix, (int32_t)length);
    if (circuit->slots[slot].id >= 0)
      ++collisions;
    while (circuit->slots[slot].id >= 0)
      slot = (slot + 1) & mask;
    circuit->slots[slot].prefix = prefix;
    circuit->slots[slot].length = (int32_t)length;
    circuit->slots[slot].id = id;
  }
  return collisions;
}

/* The cost of a multiplier for circc_search_multiplier. */
struct slot_search {
  circc_circuit *circuit;
  uint32_t bits;
};
static int64_t collisions_with(uint64_t multiplier, void *context) {
  struct slot_search *search = (struct slot_search *)context;
  search->circuit->multiplier = multiplier;
  return fill_slots(search->circuit, search->bits);
}

CIRCC_API uint32_t circc_abi_version(void) { return CIRCC_ABI_VERSION; }

CIRCC_API void circc_destroy(circc_circuit *circuit) {
  if (!circuit)
    return;
  free(circuit->token_names);
  free(circuit->output_names);
  free(circuit->token_lengths);
  free(circuit->slots);
  free(circuit->learned);
  for (int32_t k = 0; circuit->lanes && k < circuit->lane_count; ++k) {
    batch_lane *lane = &circuit->lanes[k];
    free(lane->ids);
    free(lane->counts);
    free(lane->out);
    free(lane->infos);
    free(lane->statuses);
    free(lane->index);
    free(lane->workspace);
  }
  free(circuit->lanes);
  free(circuit->buffers.ids);
  free(circuit->buffers.workspace);
  free(circuit);
}

/* A zeroed workspace of `bytes`, in whole 2 MiB pages where the system
   grants them: a batch streams its tens of megabytes of caches every
   decoding step, and with 4 KiB pages nearly every 4 KiB is a TLB miss. */
static uint8_t *allocate_workspace(size_t bytes) {
  const size_t huge = (size_t)2 << 20;
  size_t rounded = (bytes + huge - 1) / huge * huge;
  uint8_t *memory = (uint8_t *)aligned_alloc(huge, rounded ? rounded : huge);
  if (!memory)
    return NULL;
#ifdef MADV_HUGEPAGE
  /* Advice only: without transparent huge pages it does nothing. */
  (void)madvise(memory, rounded, MADV_HUGEPAGE);
#endif
  memset(memory, 0, bytes);
  return memory;
}

/* The buffers of a model's lockstep batches, one lane per thread, zeroed
   (the workspace must hold finite floats). */
static circc_status create_batch(circc_circuit *circuit, int32_t threads) {
  size_t tile = (size_t)compiled_info(BATCH_TILE);
  size_t bytes = (size_t)compiled_info(WORKSPACE_KB) * 1024;
  circuit->batch_tile = (int32_t)tile;
  atomic_init(&circuit->batch_busy, 0);
  circuit->lanes = (batch_lane *)calloc((size_t)threads, sizeof(batch_lane));
  if (!circuit->lanes)
    return CIRCC_OUT_OF_MEMORY;
  circuit->lane_count = threads;
  for (int32_t k = 0; k < threads; ++k) {
    batch_lane *lane = &circuit->lanes[k];
    lane->ids = (int32_t *)calloc(tile * (size_t)circuit->max_input,
                                  sizeof(int32_t));
    lane->counts = (int32_t *)calloc(tile, sizeof(int32_t));
    lane->out = (int32_t *)calloc(tile * (size_t)circuit->max_output,
                                  sizeof(int32_t));
    lane->infos = (int32_t *)calloc(tile, sizeof(int32_t));
    lane->statuses = (int32_t *)calloc(tile, sizeof(int32_t));
    lane->index = (int32_t *)calloc(tile, sizeof(int32_t));
    lane->workspace = allocate_workspace(bytes);
    if (!lane->ids || !lane->counts || !lane->out || !lane->infos ||
        !lane->statuses || !lane->index || !lane->workspace)
      return CIRCC_OUT_OF_MEMORY;
  }
  return CIRCC_OK;
}

/* Builds a handle; its learnable rows are left for the caller to fill. */
static circc_status create_handle(circc_circuit **out_circuit,
                                  int32_t threads) {
  *out_circuit = NULL;
  if (compiled_info(ABI_VERSION) != CIRCC_ABI_VERSION)
    return CIRCC_ABI_MISMATCH;
  circc_circuit *circuit = (circc_circuit *)calloc(1, sizeof(circc_circuit));
  if (!circuit)
    return CIRCC_OUT_OF_MEMORY;
  circuit->max_input = compiled_info(MAX_INPUT);
  circuit->input_limit = circuit->max_input ? circuit->max_input : INT32_MAX;
  circuit->count_only = compiled_info(COUNT_ONLY);
  circuit->grows = compiled_info(GROWS);
  for (int shape = 0; shape <= CIRCC_SHAPE_DIGITS; ++shape)
    circuit->open_tokens[shape] = -1;
  for (int32_t k = 0; k < compiled_info(NUM_OPEN_WORDS); ++k) {
    int32_t shape = CIRCC_SYM_OPEN_WORDS[2 * k + 1];
    if (shape >= CIRCC_SHAPE_LOWERCASE && shape <= CIRCC_SHAPE_DIGITS)
      circuit->open_tokens[shape] = CIRCC_SYM_OPEN_WORDS[2 * k];
  }
  circuit->max_output = compiled_info(MAX_OUTPUT);
  circuit->num_tokens = compiled_info(NUM_TOKENS);
  circuit->num_outputs = compiled_info(NUM_OUTPUTS);
  circuit->param_count = compiled_info(PARAM_COUNT);
  circuit->token_names = split_names(CIRCC_SYM_TOKEN_NAMES, circuit->num_tokens);
  circuit->output_names = split_names(CIRCC_SYM_OUTPUT_NAMES, circuit->num_outputs);
  circuit->token_lengths =
      (int32_t *)malloc(sizeof(int32_t) * (size_t)(circuit->num_tokens + 1));

  /* At most a quarter full, at least 16 slots. */
  uint32_t bits = 4;
  while ((1u << bits) < 4u * (uint32_t)circuit->num_tokens)
    ++bits;
  circuit->slot_shift = 64 - bits;
  circuit->slot_mask = (1u << bits) - 1;
  circuit->slots = (token_slot *)malloc(sizeof(token_slot) << bits);
  int32_t rows = compiled_info(RUNTIME_ROWS);
  circuit->learned_rows = rows > 0 ? rows : 1;
  circuit->learned =
      (int32_t *)calloc((size_t)circuit->learned_rows, sizeof(int32_t));
  if (!circuit->token_names || !circuit->output_names ||
      !circuit->token_lengths || !circuit->slots || !circuit->learned) {
    circc_destroy(circuit);
    return CIRCC_OUT_OF_MEMORY;
  }
  if (CIRCC_SYM_DECODE_BATCH && compiled_info(BATCH_TILE) > 0 &&
      create_batch(circuit, threads) != CIRCC_OK) {
    circc_destroy(circuit);
    return CIRCC_OUT_OF_MEMORY;
  }
  /* Try a few multipliers and keep the one with the fewest collisions, so
     that a lookup almost always takes one probe. */
  struct slot_search search = {circuit, bits};
  uint64_t state = CIRCC_MULTIPLIER_SEED;
  circc_search_multiplier(&state, 256, collisions_with, &search,
                          &circuit->multiplier);
  fill_slots(circuit, bits);
  *out_circuit = circuit;
  return CIRCC_OK;
}

CIRCC_API circc_status circc_create(circc_circuit **out_circuit) {
  return circc_create_with_threads(1, out_circuit);
}

CIRCC_API circc_status circc_create_with_threads(int32_t threads,
                                                 circc_circuit **out_circuit) {
  if (!out_circuit)
    return CIRCC_INVALID_ARGUMENT;
  *out_circuit = NULL;
  if (threads < 1 || threads > CIRCC_MAX_THREADS)
    return CIRCC_INVALID_ARGUMENT;
  if (compiled_info(RUNTIME_ROWS) > 0)
    return CIRCC_BAD_WEIGHTS;
  return create_handle(out_circuit, threads);
}

static circc_status weights_error(char *message, size_t capacity,
                                  const char *path, const char *format,
                                  const char *name, const char *detail) {
  if (message && capacity) {
    char what[256];
    snprintf(what, sizeof(what), format, name, detail);
    snprintf(message, capacity, "weights file '%s': %s", path, what);
  }
  return CIRCC_BAD_WEIGHTS;
}

/* Decodes every table the circuit loads at run time from `file`: each row's
   symbol is the column of its largest entry, the lowest one on ties, as the
   circuit's tied decoder does. */
static circc_status load_weights(circc_circuit *circuit, const st_file *file,
                                 const char *path, char *message,
                                 size_t capacity) {
  const char *name = CIRCC_SYM_WEIGHT_NAMES;
  int32_t row_base = 0;
  for (int32_t table = 0; table < compiled_info(RUNTIME_TABLES); ++table) {
    int32_t rows = CIRCC_SYM_WEIGHT_SHAPES[2 * table];
    int32_t columns = CIRCC_SYM_WEIGHT_SHAPES[2 * table + 1];
    const st_tensor *tensor = st_find(file, name);
    char expected[64];
    snprintf(expected, sizeof(expected), "[%d, %d]", (int)rows, (int)columns);
    if (!tensor)
      return weights_error(message, capacity, path,
                           "no tensor '%s'; the circuit needs one of shape %s",
                           name, expected);
    if (strcmp(tensor->dtype, "F32") != 0)
      return weights_error(message, capacity, path,
                           "tensor '%s' has dtype %s; the circuit needs F32",
                           name, tensor->dtype);
    if (tensor->rank != 2 || tensor->shape[0] != rows ||
        tensor->shape[1] != columns)
      return weights_error(message, capacity, path,
                           "tensor '%s' does not have the shape %s the "
                           "circuit needs",
                           name, expected);
    if (tensor->end - tensor->begin != (uint64_t)rows * (uint64_t)columns * 4)
      return weights_error(message, capacity, path,
                           "tensor '%s' has %s bytes of data, not rows x "
                           "columns x 4",
                           name, "the wrong number of");
    const unsigned char *data = st_data(file, tensor);
    for (int32_t r = 0; r < rows; ++r) {
      int32_t best = 0;
      float best_value = 0;
      for (int32_t col = 0; col < columns; ++col) {
        float value;
        memcpy(&value, data + 4 * ((size_t)r * (size_t)columns + (size_t)col), 4);
        if (isnan(value))
          return weights_error(message, capacity, path,
                               "tensor '%s' holds a NaN%s", name, "");
        if (col == 0 || value > best_value) {
          best = col;
          best_value = value;
        }
      }
      circuit->learned[row_base + r] = best;
    }
    row_base += rows;
    name += strlen(name) + 1;
  }
  return CIRCC_OK;
}

CIRCC_API circc_status circc_create_with_weights(const char *path,
                                                 circc_circuit **out_circuit,
                                                 char *message,
                                                 size_t capacity) {
  if (message && capacity)
    message[0] = '\0';
  if (!out_circuit || !path)
    return CIRCC_INVALID_ARGUMENT;
  *out_circuit = NULL;
  if (compiled_info(RUNTIME_TABLES) == 0)
    return weights_error(message, capacity, path,
                         "the circuit was compiled with its weights baked in%s%s",
                         "", "");
  st_file file;
  if (st_open(path, &file, message, capacity) != 0)
    return CIRCC_BAD_WEIGHTS;
  circc_circuit *circuit;
  circc_status status = create_handle(&circuit, 1);
  if (status == CIRCC_OK) {
    status = load_weights(circuit, &file, path, message, capacity);
    if (status != CIRCC_OK) {
      circc_destroy(circuit);
      circuit = NULL;
    }
  }
  st_close(&file);
  *out_circuit = circuit;
  return status;
}

CIRCC_API const char *circc_grammar_name(const circc_circuit *circuit) {
  (void)circuit;
  return CIRCC_SYM_NAME;
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

/* The shape of a word (circc_word_shape), or 0 for none: lowercase
   [a-z]+, capitalized [A-Z][a-z]*, digits [0-9]+. */
static int word_shape(const char *word, size_t length) {
  unsigned char first = (unsigned char)word[0];
  int shape = first >= 'a' && first <= 'z'   ? CIRCC_SHAPE_LOWERCASE
              : first >= 'A' && first <= 'Z' ? CIRCC_SHAPE_CAPITALIZED
              : first >= '0' && first <= '9' ? CIRCC_SHAPE_DIGITS
                                             : 0;
  for (size_t i = 1; i < length && shape; ++i) {
    unsigned char c = (unsigned char)word[i];
    int lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
    if (shape == CIRCC_SHAPE_DIGITS ? !digit : !lower)
      shape = 0;
  }
  return shape;
}

/* The token of the open class that reads `word` (not in the vocabulary),
   or -1. */
static int32_t open_word(const circc_circuit *circuit, const char *word,
                         size_t length) {
  if (length == 0)
    return -1;
  return circuit->open_tokens[word_shape(word, length)];
}

/* Longest text lexed through the padded copy. */
enum { kPaddedText = 1024 };

/* Splits `text` into token ids. When `padded`, eight bytes past the end may
   be read (and are spaces). On CIRCC_UNKNOWN_TOKEN, *count is the position
   of the unknown word. */
static inline circc_status tokenize(const circc_circuit *circuit,
                                    const char *text, size_t text_length,
                                    int padded, int32_t *ids, int32_t *count) {
  size_t i = 0;
  int32_t n = 0;
  while (1) {
    /* Separators are the bytes up to ' '; only whitespace may stand there. */
    while (i < text_length && (unsigned char)text[i] <= ' ') {
      if (!is_space((unsigned char)text[i])) {
        *count = n;
        return CIRCC_UNKNOWN_TOKEN;
      }
      ++i;
    }
    if (i == text_length)
      break;
    /* Eight bytes at a time: the word ends at the first byte <= ' '. */
    size_t start = i;
    uint64_t word;
    if (padded)
      memcpy(&word, text + i, 8);
    else
      word = load_word(text, text_length, i);
    uint64_t ends = (word - 0x2121212121212121ull) & ~word & 0x8080808080808080ull;
    uint64_t prefix;
    if (ends) {
      size_t length = (size_t)__builtin_ctzll(ends) >> 3;
      prefix = word & ((1ull << (8 * length)) - 1);
      i += length;
    } else {
      prefix = word;
      i += 8;
      while (i < text_length && (unsigned char)text[i] > ' ')
        ++i;
    }
    if (n == circuit->input_limit)
      return CIRCC_INPUT_TOO_LONG;
    int32_t id = lookup(circuit, prefix, text + start, i - start);
    if (id < 0)
      id = open_word(circuit, text + start, i - start);
    if (id < 0) {
      *count = n;
      return CIRCC_UNKNOWN_TOKEN;
    }
    ids[n++] = id;
  }
  *count = n;
  return CIRCC_OK;
}

/* memcpy for n <= 64 with fixed-size moves that may overlap. */
static inline void copy_short(char *dst, const char *src, size_t n) {
  if (n >= 32) {
    memcpy(dst, src, 32);
    memcpy(dst + n - 32, src + n - 32, 32);
  } else if (n >= 16) {
    memcpy(dst, src, 16);
    memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 8) {
    memcpy(dst, src, 8);
    memcpy(dst + n - 8, src + n - 8, 8);
  } else {
    for (size_t i = 0; i < n; ++i)
      dst[i] = src[i];
  }
}

#if defined(__SSE2__)
/* Commands of at most 64 bytes: one 64-bit mask marks every byte that
   belongs to a word, so the words are found with bit operations and looked
   up independently of each other. Returns -1 when the text holds a control
   byte other than whitespace, which tokenize() then reports. */
static inline int tokenize_short(const circc_circuit *circuit, const char *text,
                                 size_t text_length, int32_t *ids,
                                 int32_t *count, circc_status *status) {
  char block[64 + 16];
  memset(block, ' ', sizeof(block));
  copy_short(block, text, text_length);
  uint64_t in_word = 0, bad = 0;
  for (int chunk = 0; chunk < 4; ++chunk) {
    __m128i x = _mm_loadu_si128((const __m128i *)(block + 16 * chunk));
    /* Unsigned x > ' ' is max(x, '!') == x. */
    __m128i word = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8('!')), x);
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
    __m128i clamped =
        _mm_min_epu8(_mm_max_epu8(x, _mm_set1_epi8('\t')), _mm_set1_epi8('\r'));
    __m128i space = _mm_cmpeq_epi8(clamped, x);
    in_word |= (uint64_t)(uint16_t)_mm_movemask_epi8(word) << (16 * chunk);
    bad |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_andnot_si128(space, control))
           << (16 * chunk);
  }
  if (bad)
    return -1;
  uint64_t starts = in_word & ~(in_word << 1);
  int32_t n = 0;
  while (starts) {
    unsigned start = (unsigned)__builtin_ctzll(starts);
    starts &= starts - 1;
    /* A word that runs to the block's last byte has no end bit. */
    uint64_t after = ~(in_word >> start);
    size_t length = after ? (size_t)__builtin_ctzll(after) : 64 - start;
    uint64_t word;
    memcpy(&word, block + start, 8);
    uint64_t prefix = length < 8 ? word & ((1ull << (8 * length)) - 1) : word;
    if (n == circuit->input_limit) {
      *status = CIRCC_INPUT_TOO_LONG;
      return 0;
    }
    int32_t id = lookup(circuit, prefix, block + start, length);
    if (id < 0)
      id = open_word(circuit, block + start, length);
    if (id < 0) {
      *count = n;
      *status = CIRCC_UNKNOWN_TOKEN;
      return 0;
    }
    ids[n++] = id;
  }
  *count = n;
  *status = CIRCC_OK;
  return 0;
}
#endif

circc_status circc_finish(circc_result *result, circc_status status,
                          int32_t length, int32_t error_index) {
  if (result) {
    result->status = status;
    result->length = length;
    result->error_index = error_index;
  }
  return status;
}

/* The token ids (or targets) of one call: on the stack for up to
   kStackIds entries, else on the heap, so that no stack array is sized by a
   grammar's bound; circuits up to that bound allocate nothing per call. */
enum { kStackIds = 256 };
typedef struct id_buffer {
  int32_t stack[kStackIds];
  int32_t *ids;
} id_buffer;

static int32_t *take_ids(id_buffer *buffer, int32_t count) {
  buffer->ids = count <= kStackIds
                    ? buffer->stack
                    : (int32_t *)malloc(sizeof(int32_t) * (size_t)count);
  return buffer->ids;
}

static void release_ids(id_buffer *buffer) {
  if (buffer->ids != buffer->stack)
    free(buffer->ids);
}

/* A circuit of any input length's buffers for one call: the handle's when
   no other call holds them, else `own` (empty). */
static run_buffers *take_buffers(const circc_circuit *circuit,
                                 run_buffers *own) {
  circc_circuit *mutable_circuit = (circc_circuit *)circuit;
  int free_flag = 0;
  if (atomic_compare_exchange_strong(&mutable_circuit->buffers_busy, &free_flag,
                                     1))
    return &mutable_circuit->buffers;
  memset(own, 0, sizeof(*own));
  return own;
}

/* Gives the handle's buffers back, or frees a call's own. */
static void give_buffers(const circc_circuit *circuit, run_buffers *buffers) {
  circc_circuit *mutable_circuit = (circc_circuit *)circuit;
  if (buffers == &mutable_circuit->buffers) {
    atomic_store(&mutable_circuit->buffers_busy, 0);
    return;
  }
  free(buffers->ids);
  free(buffers->workspace);
}

/* Room for `count` ids, at least doubling; 0 when out of memory. */
static int reserve_ids(run_buffers *buffers, size_t count) {
  if (count <= buffers->id_capacity)
    return 1;
  size_t capacity =
      buffers->id_capacity * 2 > count ? buffers->id_capacity * 2 : count;
  int32_t *ids = (int32_t *)realloc(buffers->ids, sizeof(int32_t) * capacity);
  if (!ids)
    return 0;
  buffers->ids = ids;
  buffers->id_capacity = capacity;
  return 1;
}

/* Smallest workspace worth allocating, in words. */
enum { kMinWorkspaceWords = 1 << 12 };

/* Calls `entry`; a circuit of any input length's code asks for a larger
   workspace until it has one big enough (each at least twice the last, so
   that a command costs at most about twice its run). */
static circc_status call_entry(const circc_circuit *circuit,
                               circc_run_fn *entry, int32_t *ids, int32_t count,
                               int32_t *out, int32_t capacity, int32_t *info,
                               run_buffers *buffers) {
  if (!buffers)
    return (circc_status)entry(ids, count, out, capacity, info,
                               circuit->learned, NULL, 0);
  while (1) {
    circc_status status =
        (circc_status)entry(ids, count, out, capacity, info, circuit->learned,
                            buffers->workspace, buffers->words);
    if ((int32_t)status != CIRCC_GROW_WORKSPACE)
      return status;
    int64_t words = buffers->words * 2;
    if (words < *info)
      words = *info;
    if (words < kMinWorkspaceWords)
      words = kMinWorkspaceWords;
    if ((uint64_t)words > SIZE_MAX / sizeof(int32_t))
      return CIRCC_OUT_OF_MEMORY;
    /* The old contents do not matter: no copy. */
    free(buffers->workspace);
    buffers->words = 0;
    buffers->workspace = (int32_t *)malloc(sizeof(int32_t) * (size_t)words);
    if (!buffers->workspace)
      return CIRCC_OUT_OF_MEMORY;
    buffers->words = words;
  }
}

/* Runs the compiled code on token ids already checked to be in range:
   `entry`, or for a model's logits (when `logits` is not NULL)
   the model's logits entry. `ids` has room for max_input entries; the code may
   read all of them, so the ones past `count` are zeroed here, unless it reads
   only `count` (COUNT_ONLY). A circuit of any input length keeps its stack in
   `buffers`. */
static circc_status run_tokens(const circc_circuit *circuit,
                               circc_run_fn *entry, float *logits, int32_t *ids,
                               int32_t count, int32_t *out, int32_t capacity,
                               run_buffers *buffers, circc_result *result) {
  if (!circuit->count_only && count < circuit->max_input)
    memset(ids + count, 0,
           sizeof(int32_t) * (size_t)(circuit->max_input - count));
  int32_t info = 0;
  circc_status status = logits ? (circc_status)CIRCC_SYM_LOGITS(
                                     ids, count, out, capacity, &info, logits)
                               : call_entry(circuit, entry, ids, count, out,
                                            capacity, &info, buffers);
  /* `info` is the output length, or the position where parsing failed. */
  if (status == CIRCC_OK || status == CIRCC_OUTPUT_TOO_SMALL ||
      status == CIRCC_OUTPUT_TOO_LONG)
    return circc_finish(result, status, info, -1);
  if (status == CIRCC_OUT_OF_MEMORY)
    return circc_finish(result, status, 0, -1);
  return circc_finish(result, status, 0, info);
}

static int bad_output(const int32_t *out, int32_t capacity) {
  return capacity < 0 || (!out && capacity > 0);
}

circc_status circc_lex_command(const circc_circuit *circuit, const char *text,
                               size_t text_length, int32_t *ids,
                               int32_t *count) {
  circc_status status;
#if defined(__SSE2__)
  if (text_length <= 64 &&
      tokenize_short(circuit, text, text_length, ids, count, &status) == 0)
    return status;
#endif
  /* Short commands are copied next to eight bytes of padding, so that words
     are read eight bytes at a time without bounds checks. */
  if (text_length <= kPaddedText) {
    char padded[kPaddedText + 8];
    memcpy(padded, text, text_length);
    memset(padded + text_length, ' ', 8);
    return tokenize(circuit, padded, text_length, 1, ids, count);
  }
  return tokenize(circuit, text, text_length, 0, ids, count);
}

static circc_status run_text(const circc_circuit *circuit, circc_run_fn *entry,
                             float *logits, const char *text,
                             size_t text_length, int32_t *out,
                             int32_t capacity, circc_result *result) {
  if (!circuit || (!text && text_length) || bad_output(out, capacity))
    return circc_finish(result, CIRCC_INVALID_ARGUMENT, 0, -1);
  id_buffer buffer;
  run_buffers own, *buffers = NULL;
  int32_t *ids;
  if (!circuit->grows) {
    ids = take_ids(&buffer, circuit->max_input + 1);
  } else {
    /* Words are separated: at most one per two bytes, rounded up. */
    buffers = take_buffers(circuit, &own);
    ids = reserve_ids(buffers, text_length / 2 + 1) ? buffers->ids : NULL;
  }
  circc_status status;
  if (!ids) {
    status = circc_finish(result, CIRCC_OUT_OF_MEMORY, 0, -1);
  } else {
    int32_t count = 0;
    status = circc_lex_command(circuit, text, text_length, ids, &count);
    if (status == CIRCC_INPUT_TOO_LONG)
      status = circc_finish(result, status, 0, circuit->max_input);
    else if (status != CIRCC_OK)
      status = circc_finish(result, status, 0, count);
    else
      status = run_tokens(circuit, entry, logits, ids, count, out, capacity,
                          buffers, result);
  }
  if (buffers)
    give_buffers(circuit, buffers);
  else
    release_ids(&buffer);
  return status;
}

CIRCC_API circc_status circc_run_text(const circc_circuit *circuit,
                                      const char *text, size_t text_length,
                                      int32_t *out, int32_t capacity,
                                      circc_result *result) {
  /* The compiled whole run first; what it does not handle (it has then
     written nothing) it passes to the general path, which also reports
     errors. Both calls are tail calls. */
  if (CIRCC_SYM_RUN_TEXT && circuit && text && out)
    return (circc_status)CIRCC_SYM_RUN_TEXT(circuit, text, text_length, out,
                                          capacity, result);
  return (circc_status)CIRCC_SYM_RUN_TEXT_GENERAL(circuit, text, text_length,
                                                 out, capacity,
                                  result);
}

/* The general path: the runtime's lexer, then CIRCC_SYM_RUN. */
int32_t CIRCC_SYM_RUN_TEXT_GENERAL(const circc_circuit *circuit,
                                      const char *text, size_t text_length,
                                      int32_t *out, int32_t capacity,
                                      circc_result *result) {
  return run_text(circuit, CIRCC_SYM_RUN, NULL, text, text_length, out, capacity,
                  result);
}

CIRCC_API circc_status circc_trace_text(const circc_circuit *circuit,
                                        const char *text, size_t text_length,
                                        int32_t *codes, int32_t capacity,
                                        circc_result *result) {
  return run_text(circuit, CIRCC_SYM_TRACE, NULL, text, text_length, codes,
                  capacity, result);
}

CIRCC_API circc_status circc_gradient_text(const circc_circuit *circuit,
                                           const char *text,
                                           size_t text_length,
                                           const int32_t *targets,
                                           int32_t target_count,
                                           const float *weights,
                                           float *gradients, float *loss) {
  if (!circuit || (!text && text_length) || target_count < 0 ||
      (!targets && target_count) || !weights || !gradients || !loss ||
      !CIRCC_SYM_GRADIENT)
    return CIRCC_INVALID_ARGUMENT;
  id_buffer buffer, target_buffer;
  int32_t *ids = take_ids(&buffer, circuit->max_input + 1);
  int32_t *padded = take_ids(&target_buffer, circuit->max_output + 1);
  circc_status status = CIRCC_OUT_OF_MEMORY;
  int32_t count = 0;
  if (ids && padded)
    status = circc_lex_command(circuit, text, text_length, ids, &count);
  if (status == CIRCC_OK) {
    for (int32_t i = count; i < circuit->max_input; ++i)
      ids[i] = 0;
    /* The circuit reads max_output targets; pad a copy. */
    int32_t n = target_count < circuit->max_output ? target_count
                                                   : circuit->max_output;
    for (int32_t i = 0; i < circuit->max_output; ++i)
      padded[i] = i < n ? targets[i] : -1;
    status = (circc_status)CIRCC_SYM_GRADIENT(ids, count, padded, n, weights,
                                              gradients, loss);
  }
  release_ids(&buffer);
  release_ids(&target_buffer);
  return status;
}

CIRCC_API circc_status circc_logits_text(const circc_circuit *circuit,
                                         const char *text, size_t text_length,
                                         int32_t *out, int32_t capacity,
                                         float *logits, circc_result *result) {
  if (!logits || !CIRCC_SYM_LOGITS)
    return circc_finish(result, CIRCC_INVALID_ARGUMENT, 0, -1);
  return run_text(circuit, NULL, logits, text, text_length, out, capacity,
                  result);
}

CIRCC_API int32_t circc_weight_table_count(void) {
  return compiled_info(RUNTIME_TABLES);
}

/* The `index`-th NUL-separated name of `blob`. */
static const char *nth_name(const char *blob, int32_t index) {
  for (int32_t i = 0; i < index; ++i)
    blob += strlen(blob) + 1;
  return blob;
}

CIRCC_API const char *circc_weight_table_name(int32_t index) {
  if (index < 0 || index >= compiled_info(RUNTIME_TABLES))
    return NULL;
  return nth_name(CIRCC_SYM_WEIGHT_NAMES, index);
}

CIRCC_API void circc_weight_table_shape(int32_t index, int32_t *out_rows,
                                        int32_t *out_columns) {
  int valid = index >= 0 && index < compiled_info(RUNTIME_TABLES);
  if (out_rows)
    *out_rows = valid ? CIRCC_SYM_WEIGHT_SHAPES[2 * index] : 0;
  if (out_columns)
    *out_columns = valid ? CIRCC_SYM_WEIGHT_SHAPES[2 * index + 1] : 0;
}

CIRCC_API circc_status circc_run_ids(const circc_circuit *circuit,
                                     const int32_t *ids, int32_t count,
                                     int32_t *out, int32_t capacity,
                                     circc_result *result) {
  if (!circuit || count < 0 || (!ids && count) || bad_output(out, capacity))
    return circc_finish(result, CIRCC_INVALID_ARGUMENT, 0, -1);
  if (count > circuit->input_limit)
    return circc_finish(result, CIRCC_INPUT_TOO_LONG, 0, circuit->max_input);
  for (int32_t i = 0; i < count; ++i)
    if (ids[i] < 0 || ids[i] >= circuit->num_tokens)
      return circc_finish(result, CIRCC_UNKNOWN_TOKEN, 0, i);
  if (circuit->grows) {
    /* Any length: the code reads the caller's ids, never writes them. */
    run_buffers own, *buffers = take_buffers(circuit, &own);
    circc_status status =
        run_tokens(circuit, CIRCC_SYM_RUN, NULL, (int32_t *)ids, count, out,
                   capacity, buffers, result);
    give_buffers(circuit, buffers);
    return status;
  }
  id_buffer buffer;
  int32_t *padded = take_ids(&buffer, circuit->max_input + 1);
  if (!padded)
    return circc_finish(result, CIRCC_OUT_OF_MEMORY, 0, -1);
  if (count)
    memcpy(padded, ids, sizeof(int32_t) * (size_t)count);
  circc_status status = run_tokens(circuit, CIRCC_SYM_RUN, NULL, padded, count,
                                   out, capacity, NULL, result);
  release_ids(&buffer);
  return status;
}

static int take_batch(const circc_circuit *circuit) {
  int free_flag = 0;
  return atomic_compare_exchange_strong(
      &((circc_circuit *)circuit)->batch_busy, &free_flag, 1);
}

/* Runs a lane's tile of commands, then hands each its result. */
static void finish_tile(const circc_circuit *circuit, batch_lane *lane,
                        int32_t rows, int32_t *out, int32_t stride,
                        circc_result *results) {
  CIRCC_SYM_DECODE_BATCH(lane->ids, lane->counts, rows, lane->out,
                         lane->infos, lane->statuses, lane->workspace);
  for (int32_t row = 0; row < rows; ++row) {
    size_t i = (size_t)lane->index[row];
    int32_t length = lane->infos[row];
    if (lane->statuses[row] != CIRCC_OK) {
      circc_finish(&results[i], (circc_status)lane->statuses[row], 0, length);
    } else if (length > stride) {
      circc_finish(&results[i], CIRCC_OUTPUT_TOO_SMALL, length, -1);
    } else if (length > 0) {
      memcpy(out + i * (size_t)stride,
             lane->out + (size_t)row * (size_t)circuit->max_output,
             sizeof(int32_t) * (size_t)length);
      circc_finish(&results[i], CIRCC_OK, length, -1);
    } else {
      circc_finish(&results[i], CIRCC_OK, 0, -1);
    }
  }
}

/* One lane's share of a model's circc_run_batch: commands [first, last),
   those that lex gathered into tiles. */
typedef struct lane_work {
  const circc_circuit *circuit;
  batch_lane *lane;
  const char *const *texts;
  const size_t *text_lengths;
  size_t first, last;
  int32_t *out;
  int32_t stride;
  circc_result *results;
} lane_work;

static void *run_lane(void *argument) {
  lane_work *work = (lane_work *)argument;
  const circc_circuit *circuit = work->circuit;
  batch_lane *lane = work->lane;
  int32_t max_input = circuit->max_input;
  id_buffer buffer;
  int32_t *ids = take_ids(&buffer, max_input + 1);
  if (!ids) {
    for (size_t i = work->first; i < work->last; ++i)
      circc_finish(&work->results[i], CIRCC_OUT_OF_MEMORY, 0, -1);
    return NULL;
  }
  int32_t rows = 0;
  for (size_t i = work->first; i < work->last; ++i) {
    circc_result *result = &work->results[i];
    if (!work->texts[i] && work->text_lengths[i]) {
      circc_finish(result, CIRCC_INVALID_ARGUMENT, 0, -1);
      continue;
    }
    int32_t n = 0;
    circc_status status = circc_lex_command(circuit, work->texts[i],
                                            work->text_lengths[i], ids, &n);
    if (status == CIRCC_INPUT_TOO_LONG) {
      circc_finish(result, status, 0, max_input);
      continue;
    }
    if (status != CIRCC_OK) {
      circc_finish(result, status, 0, n);
      continue;
    }
    int32_t *row = lane->ids + (size_t)rows * (size_t)max_input;
    memcpy(row, ids, sizeof(int32_t) * (size_t)n);
    memset(row + n, 0, sizeof(int32_t) * (size_t)(max_input - n));
    lane->counts[rows] = n;
    lane->index[rows] = (int32_t)i;
    if (++rows == circuit->batch_tile) {
      finish_tile(circuit, lane, rows, work->out, work->stride, work->results);
      rows = 0;
    }
  }
  if (rows > 0)
    finish_tile(circuit, lane, rows, work->out, work->stride, work->results);
  release_ids(&buffer);
  return NULL;
}

/* circc_run_batch for a model with CIRCC_SYM_DECODE_BATCH, holding its
   lanes: the commands split evenly among as many lanes as have at least a
   tile of them, each lane past the first on a thread of its own. */
static void run_model_batch(const circc_circuit *circuit,
                            const char *const *texts,
                            const size_t *text_lengths, size_t count,
                            int32_t *out, int32_t stride,
                            circc_result *results) {
  size_t tile = (size_t)circuit->batch_tile;
  size_t lanes = (size_t)circuit->lane_count;
  if (lanes > (count + tile - 1) / tile)
    lanes = (count + tile - 1) / tile;
  if (lanes == 0)
    lanes = 1;
  lane_work work[CIRCC_MAX_THREADS];
  pthread_t threads[CIRCC_MAX_THREADS];
  int started[CIRCC_MAX_THREADS] = {0};
  for (size_t k = 0; k < lanes; ++k) {
    lane_work w = {circuit, &circuit->lanes[k], texts, text_lengths,
                   count * k / lanes, count * (k + 1) / lanes, out, stride,
                   results};
    work[k] = w;
  }
  /* A lane whose thread cannot start runs on this one. */
  for (size_t k = 1; k < lanes; ++k)
    started[k] = pthread_create(&threads[k], NULL, run_lane, &work[k]) == 0;
  run_lane(&work[0]);
  for (size_t k = 1; k < lanes; ++k) {
    if (started[k])
      pthread_join(threads[k], NULL);
    else
      run_lane(&work[k]);
  }
}

CIRCC_API circc_status circc_run_batch(const circc_circuit *circuit,
                                       const char *const *texts,
                                       const size_t *text_lengths, size_t count,
                                       int32_t *out, int32_t stride,
                                       circc_result *results) {
  if (!circuit || (count && (!texts || !text_lengths || !results)) ||
      bad_output(out, stride))
    return CIRCC_INVALID_ARGUMENT;
  /* A model decodes its commands in lockstep when its batch buffers are
     free; else (another thread holds them) one at a time, the same. */
  if (circuit->batch_tile > 0 && count > 1 && take_batch(circuit)) {
    run_model_batch(circuit, texts, text_lengths, count, out, stride, results);
    atomic_store(&((circc_circuit *)circuit)->batch_busy, 0);
    return CIRCC_OK;
  }
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
  case CIRCC_BAD_WEIGHTS:
    return "weights file missing, unreadable or not the circuit's";
  case CIRCC_NO_DEVICE:
    return "no GPU: no GPU code in the library, or no CUDA driver or device";
  case CIRCC_GPU_ERROR:
    return "the CUDA driver reported an error";
  case CIRCC_OUTPUT_TOO_LONG:
    return "output longer than the circuit's max output";
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

CIRCC_API const char *circc_output_text(const circc_circuit *circuit,
                                        const char *text, size_t text_length,
                                        int32_t id, size_t *length) {
  if (!circuit || id < 0)
    return NULL;
  if (id < circuit->num_outputs) {
    if (length)
      *length = strlen(circuit->output_names[id]);
    return circuit->output_names[id];
  }
  size_t start, end;
  if (!text || !find_word(text, text_length, id - circuit->num_outputs, &start,
                          &end))
    return NULL;
  if (length)
    *length = end - start;
  return text + start;
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
  case CIRCC_OUTPUT_TOO_LONG:
    n = snprintf(buffer, capacity,
                 "output too long: the circuit's outputs are at most %d "
                 "symbols (its max output)",
                 (int)result->length);
    break;
  default:
    n = snprintf(buffer, capacity, "%s", circc_status_message(result->status));
    break;
  }
  return n < 0 ? 0 : (size_t)n;
}
