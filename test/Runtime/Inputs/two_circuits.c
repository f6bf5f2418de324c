/* Two different circuits loaded into one process with dlopen. */
#include <circc/runtime.h>

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static int use(const char *path, const char *command) {
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  circc_create_fn create = (circc_create_fn)dlsym(lib, "circc_create");
  circc_grammar_name_fn name = (circc_grammar_name_fn)dlsym(lib, "circc_grammar_name");
  circc_run_text_fn run = (circc_run_text_fn)dlsym(lib, "circc_run_text");
  circc_output_name_fn output = (circc_output_name_fn)dlsym(lib, "circc_output_name");
  /* Only the C ABI is exported. */
  if (dlsym(lib, "__circc_run") || dlsym(lib, "__circc_info"))
    printf("internal symbols are visible\n");
  circc_circuit *c;
  create(&c);
  int32_t out[64];
  circc_result r;
  run(c, command, strlen(command), out, 64, &r);
  printf("%s:", name(c));
  for (int i = 0; i < r.length; ++i)
    printf(" %s", output(c, out[i]));
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  /* Interleaved: both stay loaded. */
  return use(argv[1], "jump twice") | use(argv[2], "x , x") |
         use(argv[1], "walk left");
}
