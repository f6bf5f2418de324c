#===- scripts/find-python.sh - The Python interpreter a script runs -------===#
#
# Sourced, not run. `find_python MODULE...` prints the interpreter that
# imports every MODULE: $CIRCC_PYTHON when set (an error if it cannot),
# else the first `python3` on PATH that can (the first one may be a
# separate installation without Debian's packages, such as PyTorch). Fails
# with a message naming the modules when none can.
#
#===----------------------------------------------------------------------===#
find_python() {
  local imports="import ${*:-sys}"
  imports="${imports// /, }"
  imports="${imports/import, /import }"
  if [ -n "${CIRCC_PYTHON:-}" ]; then
    if "$CIRCC_PYTHON" -c "$imports" >/dev/null 2>&1; then
      echo "$CIRCC_PYTHON"
      return 0
    fi
    echo "error: CIRCC_PYTHON=$CIRCC_PYTHON cannot $imports" >&2
    return 1
  fi
  local candidate
  while read -r candidate; do
    if "$candidate" -c "$imports" >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done < <(type -ap python3)
  echo "error: no python3 on PATH can $imports; install them" \
    "(baselines/transformer/setup.sh) or set CIRCC_PYTHON" >&2
  return 1
}
