#!/bin/sh
# Install axe-core (the accessibility rules engine injected by tests/test_accessibility.py)
# into tests/.node, which git ignores. CI calls this before pytest; run it once locally too.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
npm install --prefix "$here/.node" --no-audit --no-fund --no-save axe-core@4
test -f "$here/.node/node_modules/axe-core/axe.min.js"
echo "axe-core installed in $here/.node"
