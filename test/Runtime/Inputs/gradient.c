/* The compiled gradient of a circuit with learnable tables: loss and
   gradients of "jump twice" with every row zero, and of a command with no
   learnable position. */
#include <circc/runtime.h>

#include <stdio.h>

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
  float weights[6 * 6] = {0}, gradients[6 * 6] = {0}, loss = 0;
  int32_t targets[2] = {3, 3}; /* I_JUMP I_JUMP */
  circc_status s = circc_gradient_text(c, "jump twice", 10, targets, 2, weights,
                                       gradients, &loss);
  printf("status %d loss %.4f\n", (int)s, loss);
  for (int row = 0; row < 6; ++row) {
    printf("row %d:", row);
    for (int j = 0; j < 6; ++j)
      printf(" %.4f", gradients[row * 6 + j]);
    printf("\n");
  }
  loss = 0;
  s = circc_gradient_text(c, "turn left", 9, targets, 1, weights, gradients,
                          &loss);
  printf("turn left: status %d loss %.4f\n", (int)s, loss);
  s = circc_gradient_text(c, "fly", 3, targets, 1, weights, gradients, &loss);
  printf("fly: status %d\n", (int)s);
  circc_destroy(c);
  return 0;
}
