/* The gradient of a circuit that learns op tables, against finite
   differences of its own loss: random weights, a few commands, the
   coordinates with the largest gradients and some random ones. */
#include "xorshift.h"

#include <circc/runtime.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float loss_of(circc_circuit *c, const char *text, int32_t target,
                     const float *weights, float *gradients) {
  float loss = 0;
  if (circc_gradient_text(c, text, strlen(text), &target, 1, weights,
                          gradients, &loss) != CIRCC_OK) {
    printf("gradient failed on '%s'\n", text);
    exit(1);
  }
  return loss;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  circc_circuit *c;
  char message[256];
  if (circc_create_with_weights(argv[1], &c, message, sizeof(message)) !=
      CIRCC_OK) {
    puts(message);
    return 2;
  }
  size_t size = 0;
  for (int32_t t = 0; t < circc_weight_table_count(); ++t) {
    int32_t rows, columns;
    circc_weight_table_shape(t, &rows, &columns);
    size += (size_t)rows * columns;
  }
  float *weights = calloc(size, sizeof(float));
  float *gradients = calloc(size, sizeof(float));
  float *scratch = calloc(size, sizeof(float));
  for (size_t k = 0; k < size; ++k)
    weights[k] = (float)((next() % 2001) / 1000.0 - 1.0);

  const char *texts[] = {"( 3 + ( 4 * 5 ) )", "( ( 2 - 9 ) * ( 3 + 8 ) )",
                         "( 7 - 7 )"};
  int32_t targets[] = {3, 3, 0};
  double worst = 0;
  int checked = 0;
  for (int e = 0; e < 3; ++e) {
    memset(gradients, 0, size * sizeof(float));
    float base = loss_of(c, texts[e], targets[e], weights, gradients);
    /* The largest gradient, then random coordinates. */
    size_t picks[9];
    size_t largest = 0;
    for (size_t k = 0; k < size; ++k)
      if (fabsf(gradients[k]) > fabsf(gradients[largest]))
        largest = k;
    picks[0] = largest;
    for (int i = 1; i < 9; ++i)
      picks[i] = next() % size;
    for (int i = 0; i < 9; ++i) {
      size_t k = picks[i];
      const float eps = 1e-2f;
      float saved = weights[k];
      weights[k] = saved + eps;
      float up = loss_of(c, texts[e], targets[e], weights, scratch);
      weights[k] = saved - eps;
      float down = loss_of(c, texts[e], targets[e], weights, scratch);
      weights[k] = saved;
      double numeric = (up - down) / (2.0 * eps);
      double error = fabs(numeric - gradients[k]) / (1e-3 + fabs(numeric));
      if (error > worst)
        worst = error;
      ++checked;
    }
    printf("%s: loss %.4f, largest |gradient| %.4f\n", texts[e], base,
           fabsf(gradients[largest]));
  }
  printf("%d coordinates, worst relative error %s\n", checked,
         worst < 0.02 ? "under 2%" : "too large");
  if (worst >= 0.02)
    printf("worst %.4f\n", worst);
  circc_destroy(c);
  free(weights);
  free(gradients);
  free(scratch);
  return worst < 0.02 ? 0 : 1;
}
