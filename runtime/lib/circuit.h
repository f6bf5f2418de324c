/*===- circuit.h - The runtime's view of a loaded circuit ------------------===*\
|*                                                                            *|
|* Part of circc's runtime. Private to runtime/lib.                           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef CIRCC_RUNTIME_CIRCUIT_H
#define CIRCC_RUNTIME_CIRCUIT_H

#include "circc/runtime.h"
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* One entry of the token hash table: the first eight bytes of the token,
   its length and id. Tokens longer than eight bytes compare the rest with
   memcmp. */
typedef struct token_slot {
  uint64_t prefix;
  int32_t length;
  int32_t id;
} token_slot;

/* What a run of a circuit of any input length (max_input 0) keeps between
   calls: room for the token ids and the compiled code's workspace, both
   grown as commands need (doubling), so that commands no longer than those
   before allocate nothing. */
typedef struct run_buffers {
  int32_t *ids;
  size_t id_capacity;
  int32_t *workspace;
  int64_t words;
} run_buffers;

struct circc_circuit {
  int32_t max_input, max_output, num_tokens, num_outputs;
  /* The most tokens a command may have: max_input, or INT32_MAX for a
     circuit of any input length. */
  int32_t input_limit;
  /* Whether the compiled run reads only the first `count` ids (COUNT_ONLY):
     then nothing past them is zeroed. */
  int32_t count_only;
  /* Whether the run keeps its stack in the handle's workspace (GROWS): no
     max_input, or one above what the machine stack holds. */
  int32_t grows;
  /* Per circc_word_shape, the token of the open class that reads unknown
     words of that shape, or -1 (entry 0: words of no shape). */
  int32_t open_tokens[CIRCC_SHAPE_DIGITS + 1];
  int64_t param_count;
  const char **token_names;
  const char **output_names;
  int32_t *token_lengths;
  token_slot *slots;
  /* The decoded symbol of every learnable row read from a weights file
     (one unused entry when the weights are baked in). */
  int32_t *learned;
  int32_t learned_rows; /* entries of `learned` (at least one) */
  uint64_t multiplier; /* chosen so that the tokens rarely share a slot */
  uint32_t slot_shift; /* 64 - log2(number of slots) */
  uint32_t slot_mask;  /* number of slots - 1 */
  /* Models with CIRCC_SYM_DECODE_BATCH: one lane per thread a batch may
     use, which one circc_run_batch call holds at a time (batch_busy). */
  int32_t batch_tile;
  int32_t lane_count;
  struct batch_lane *lanes;
  atomic_int batch_busy;
  /* A circuit of any input length: the buffers one call at a time holds
     (buffers_busy); a call that finds them held uses buffers of its own. */
  run_buffers buffers;
  atomic_int buffers_busy;
};

/* The buffers of one thread's tiles: ids, counts, outputs, lengths and
   statuses of batch_tile commands, which command of the caller's each row
   holds, and the compiled code's workspace. */
typedef struct batch_lane {
  int32_t *ids, *counts, *out, *infos, *statuses, *index;
  uint8_t *workspace;
} batch_lane;

/* Splits a command into token ids (at most input_limit; `ids` has room for
   them, or, without a max_input, for text_length / 2 + 1). On
   CIRCC_UNKNOWN_TOKEN, *count is the position of the unknown word. */
circc_status circc_lex_command(const circc_circuit *circuit, const char *text,
                               size_t text_length, int32_t *ids,
                               int32_t *count);

/* Fills `result`; returns `status`. */
circc_status circc_finish(circc_result *result, circc_status status,
                          int32_t length, int32_t error_index);

#endif /* CIRCC_RUNTIME_CIRCUIT_H */
