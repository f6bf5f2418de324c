#===- scripts/transformer-common.sh - Shared by the Transformer scripts --===#
#
# Sourced by scripts/transformer_*.sh, not run. Expects `root` (the
# repository) and `out` (the output directory); reads the training settings
# from the environment (CIRCC_CONFIG, CIRCC_STEPS, CIRCC_LR, CIRCC_DEVICE,
# CIRCC_THREADS: PyTorch's threads for training and evaluation, default 1;
# CIRCC_PYTHON: the interpreter, default the first python3 on PATH with
# PyTorch),
# installs and builds what the scripts need, and defines their helpers.
#
#===----------------------------------------------------------------------===#
config="${CIRCC_CONFIG:-tiny}"
steps="${CIRCC_STEPS:-3000}"
default_lr=5e-4
[ "$config" = tiny ] && default_lr=3e-3
lr="${CIRCC_LR:-$default_lr}"
device="${CIRCC_DEVICE:-auto}"
threads="${CIRCC_THREADS:-1}"
export OPENBLAS_NUM_THREADS=1

bash "$root/scripts/setup.sh"
bash "$root/baselines/transformer/setup.sh"
source "$root/scripts/find-python.sh"
python="$(find_python torch numpy matplotlib)"
bash "$root/scripts/build.sh" >/dev/null
mkdir -p "$out"
data="$root/data/scan"
bin="$root/build/bin"

# The exact-match accuracy of LIBRARY on TEST_FILE, as "PCT%".
accuracy() {
  "$bin/circ-eval" --exit-zero --json "$1" "$2" |
    $python -c "import json, sys; f = json.load(sys.stdin)['files'][0]; print('%.2f%%' % (100 * f['exact'] / f['total']))"
}

# LIBRARY's parameter count, with thousands separators.
params() {
  "$bin/circ-eval" --exit-zero --json "$1" "$data/tasks_test_simple.txt.gz" |
    $python -c "import json, sys; print('{:,}'.format(json.load(sys.stdin)['parameters']))"
}
