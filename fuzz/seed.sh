#!/bin/sh
# Seeds each target's corpus (fuzz/corpus/<target>/, not committed) from the test programs.
set -e
cd "$(dirname "$0")"
for target in parse check emit; do
    mkdir -p "corpus/$target"
    cp ../tests/programs/*.roast ../tests/errors/*.roast ../tests/fuzz-regressions/*.roast "corpus/$target/" 2>/dev/null || true
done
echo "seeded $(ls corpus/parse | wc -l) files per target"
