#!/bin/sh
# Fail when a file in src/ reaches a header by a relative or layer path
# ("../x.h", "model/x.h") instead of through its layer's include path.
# Usage: includes.sh SRC_DIR
set -eu
src=$1
bad=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(\.\./|\./|(util|model|table|diagram|page|import|inject|cli)/)' "$src" \
  --include='*.c' --include='*.h' || true)
if [ -n "$bad" ]; then
  echo "includes that go around the layers' include paths (include by bare name):"
  echo "$bad"
  exit 1
fi
echo "every #include in src/ goes through the include path"
