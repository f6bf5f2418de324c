/*===- circc/abi.h - The contract between compiled code and the runtime ---===*\
|*                                                                            *|
|* Part of circc. Every library circc builds holds compiled code (from a      *|
|* circuit or a Transformer) and the C runtime (runtime/lib). This header is  *|
|* the only definition of what the one provides the other: the fields of     *|
|* __circc_info, the names of every symbol, and the C signature of every      *|
|* compiled entry point. The runtime includes it; the compiler's lowerings    *|
|* include it too (include/circc/Conversion/RuntimeABI.h), and build the MLIR *|
|* signatures of the entry points from the typedefs below, so that the two    *|
|* cannot disagree. The status codes the compiled code returns are           *|
|* circc_status (circc/runtime.h).                                            *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef CIRCC_ABI_H
#define CIRCC_ABI_H

#include "circc/runtime.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The fields of __circc_info (int32_t each), in order. */
#define CIRCC_INFO_FIELDS(X)                                                   \
  X(ABI_VERSION)    /* CIRCC_ABI_VERSION of the compiler */                    \
  X(MAX_INPUT)      /* longest command, in tokens (0: any length) */           \
  X(MAX_OUTPUT)     /* longest output, in symbols */                           \
  X(NUM_TOKENS)     /* input vocabulary */                                     \
  X(NUM_OUTPUTS)    /* output vocabulary */                                    \
  X(PARAM_COUNT)    /* scalars in the parameter tables */                      \
  X(NUM_RULES)      /* circuits: parser rules (0 for models) */                \
  X(NUM_STATES)     /* circuits: parser states (0 for models) */               \
  X(RUNTIME_ROWS)   /* learnable rows read from a weights file */              \
  X(RUNTIME_TABLES) /* the tables they belong to */                            \
  X(BATCH_TILE)     /* models: commands per CIRCC_SYM_DECODE_BATCH call (0: */ \
  /* none; circc_run_batch then runs one command at a time) */                 \
  X(WORKSPACE_KB) /* models: the scratch memory that call needs, in KiB */     \
  X(COUNT_ONLY)   /* 1: the run reads only the first `count` token ids, so */  \
                  /* the runtime pads nothing (circuits run by their LR */     \
                  /* automaton) */                                             \
  X(NUM_OPEN_WORDS) /* open token classes (CIRCC_SYM_OPEN_WORDS) */            \
  X(GROWS) /* 1: the run keeps its stack in the caller's workspace (any */     \
           /* input length, or a max_input above 16,384, then a limit) */

typedef enum circc_info_field {
#define CIRCC_INFO_ENUMERATOR(NAME) CIRCC_INFO_##NAME,
  CIRCC_INFO_FIELDS(CIRCC_INFO_ENUMERATOR)
#undef CIRCC_INFO_ENUMERATOR
  CIRCC_INFO_SIZE
} circc_info_field;

/* The shapes of word an open token class matches (ASCII), with the names a
   grammar gives them: lowercase `[a-z]+`, capitalized `[A-Z][a-z]*`,
   digits `[0-9]+`. */
#define CIRCC_WORD_SHAPES(X)                                                   \
  X(LOWERCASE, 1, "lowercase")                                                 \
  X(CAPITALIZED, 2, "capitalized")                                             \
  X(DIGITS, 3, "digits")

typedef enum circc_word_shape {
#define CIRCC_WORD_SHAPE_ENUMERATOR(NAME, VALUE, SPELLING)                     \
  CIRCC_SHAPE_##NAME = VALUE,
  CIRCC_WORD_SHAPES(CIRCC_WORD_SHAPE_ENUMERATOR)
#undef CIRCC_WORD_SHAPE_ENUMERATOR
} circc_word_shape;

/* The symbols a compiled library defines for the runtime, and the one the
   runtime defines for compiled code. CIRCC_SYMBOL_NAME gives each one's
   name as a string, for the compiler. */
#define CIRCC_SYM_INFO __circc_info                 /* int32_t[CIRCC_INFO_SIZE] */
#define CIRCC_SYM_NAME __circc_name                 /* char[]: the grammar's */
#define CIRCC_SYM_TOKEN_NAMES __circc_token_names   /* NUL-separated */
#define CIRCC_SYM_OUTPUT_NAMES __circc_output_names /* NUL-separated */
/* Tables a weights file provides: names (NUL-separated, one empty name when
   there are none) and, per table, rows then columns ({0, 0} when none). */
#define CIRCC_SYM_WEIGHT_NAMES __circc_weight_names
#define CIRCC_SYM_WEIGHT_SHAPES __circc_weight_shapes
/* Open token classes: per class a pair (token id, circc_word_shape), the
   token standing for any word outside the vocabulary of that shape
   (NUM_OPEN_WORDS pairs; one pair {0, 0} when there are none). A run's
   output id of num_outputs + i is the input word at position i. */
#define CIRCC_SYM_OPEN_WORDS __circc_open_words
#define CIRCC_SYM_RUN __circc_run     /* circc_run_fn: output symbols */
#define CIRCC_SYM_TRACE __circc_trace /* circc_run_fn: content codes */
#define CIRCC_SYM_RUN_TEXT __circc_run_text /* circc_compiled_text_fn, optional */
/* Defined by the runtime: what __circc_run_text passes on. */
#define CIRCC_SYM_RUN_TEXT_GENERAL __circc_run_text_general
#define CIRCC_SYM_LOGITS __circc_logits     /* circc_logits_fn, models only */
#define CIRCC_SYM_GRADIENT __circc_gradient /* circc_gradient_fn, optional */
/* circc_decode_batch_fn: models with a BATCH_TILE only. */
#define CIRCC_SYM_DECODE_BATCH __circc_decode_batch
#define CIRCC_SYM_PTX __circc_ptx           /* char[]: PTX, GPU libraries */
/* The GPU module and its kernel (circc_batch_kernel) inside the PTX. */
#define CIRCC_SYM_GPU_MODULE circc_kernels
#define CIRCC_SYM_BATCH_KERNEL circc_batch

#define CIRCC_SYMBOL_NAME_(symbol) #symbol
#define CIRCC_SYMBOL_NAME(symbol) CIRCC_SYMBOL_NAME_(symbol)

/* Every function of circc/runtime.h, which a library exports and nothing
   else: `circc --symbol-prefix=P` exports each as P<name> instead and
   writes a header declaring them (the runtime checks that each name is
   declared; test/circc/symbol-prefix.test that none is missing). */
#define CIRCC_EXPORTED_FUNCTIONS(X)                                            \
  X(circc_abi_version)                                                         \
  X(circc_create) X(circc_create_with_weights) X(circc_create_with_threads)    \
      X(circc_destroy) X(circc_grammar_name) X(circc_token_count)              \
          X(circc_token_name) X(circc_token_id) X(circc_output_count)          \
              X(circc_output_name) X(circc_output_text) X(circc_max_input)     \
                  X(circc_max_output) X(circc_param_count) X(circc_run_text)   \
                      X(circc_run_ids) X(circc_run_batch) X(circc_trace_text)  \
                          X(circc_gradient_text) X(circc_logits_text)          \
                              X(circc_weight_table_count)                      \
                                  X(circc_weight_table_name)                   \
                                      X(circc_weight_table_shape)              \
                                          X(circc_gpu_check)                   \
                                              X(circc_gpu_run_batch)           \
                                                  X(circc_gpu_run_ids_batch)   \
                                                      X(circc_status_message)  \
                                                          X(circc_describe)

/* One command from token ids: the first `count` of max_input ids (all
   max_input hold valid ids; with a MAX_INPUT of 0, any length, only the
   first `count` are read); writes the output to out[0, length) when
   length <= capacity. Returns a circc_status (OK, INPUT_TOO_LONG, NO_PARSE,
   OUTPUT_TOO_SMALL, or INVALID_ARGUMENT from a model's trace) and stores in
   *info the output length (also when it does not fit) or the position where
   parsing failed. `learned` holds the decoded symbol of each learnable row
   loaded at run time (at least one entry).

   `workspace` (`workspace_words` int32_t words, their contents between
   calls of no matter) is where a circuit of any input length keeps its
   parse stack; circuits with a MAX_INPUT keep theirs on the machine stack
   and ignore it, as models do. When it is too small the code returns
   CIRCC_GROW_WORKSPACE, having written nothing to `out`, with *info the
   words it needs at least (0: more than it had, as many as the caller can
   give, ideally twice); the caller grows it and calls again. */
typedef int32_t circc_run_fn(const int32_t *tokens, int32_t count, int32_t *out,
                             int32_t capacity, int32_t *info,
                             const int32_t *learned, int32_t *workspace,
                             int64_t workspace_words);

/* The status, never seen outside the runtime, by which compiled code asks
   for a larger workspace (circc_run_fn). */
#define CIRCC_GROW_WORKSPACE 64

/* circc_run_text compiled whole, with its arguments already checked (text
   and out not NULL): on success it may write out[length, R) (R: the longest
   route rounded up to 4, at most capacity); whatever it does not handle it
   passes, having written nothing, to CIRCC_SYM_RUN_TEXT_GENERAL, which has
   the same signature and reports every error. */
typedef int32_t circc_compiled_text_fn(const circc_circuit *circuit,
                                  const char *text, size_t text_length,
                                  int32_t *out, int32_t capacity,
                                  circc_result *result);

/* A model's run that also writes each decoding step's logits (max_output
   rows of the output vocabulary). */
typedef int32_t circc_logits_fn(const int32_t *tokens, int32_t count,
                                int32_t *out, int32_t capacity, int32_t *info,
                                float *logits);

/* A model's commands decoded in lockstep: `n` (at most BATCH_TILE)
   commands, command i's max_input ids at tokens[i * max_input] and its
   count at counts[i] (at most max_input; 0 is an empty command). Each
   decoding step reads every weight once for the whole batch. Command i's
   output goes to out[i * max_output], its length (the position 0 when it
   is empty) to infos[i], its status (CIRCC_OK or CIRCC_NO_PARSE) to
   statuses[i]. `workspace` is WORKSPACE_KB KiB, 64-byte aligned, owned by
   one call at a time; its contents between calls do not matter but must
   be finite floats (zero it once). Returns CIRCC_OK. */
typedef int32_t circc_decode_batch_fn(const int32_t *tokens,
                                      const int32_t *counts, int32_t n,
                                      int32_t *out, int32_t *infos,
                                      int32_t *statuses, uint8_t *workspace);

/* The loss of one command against max_output targets (-1 past the first
   target_count) for the learnable rows in `weights`, added to *loss, and its
   gradient added to `gradients` (same layout as `weights`). */
typedef int32_t circc_gradient_fn(const int32_t *tokens, int32_t count,
                                  const int32_t *targets, int32_t target_count,
                                  const float *weights, float *gradients,
                                  float *loss);

/* The GPU kernel (one thread per command): command i's max_input ids at
   tokens[i * max_input], its count at counts[i]; it writes its output at
   out[i * max_output], its info at lengths[i] and its status at statuses[i],
   as circc_run_fn does. Each pointer is passed as the five parameters of a
   1-d memref (allocated and aligned pointer, offset, size, stride). */
typedef void circc_batch_kernel(const int32_t *tokens, const int32_t *counts,
                                int32_t *out, int32_t *lengths,
                                int32_t *statuses, const int32_t *learned,
                                int32_t n);

#ifdef __cplusplus
}
#endif

#endif /* CIRCC_ABI_H */
