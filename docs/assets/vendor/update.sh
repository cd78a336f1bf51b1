#!/bin/sh
# Copy the front-end libraries pinned in package.json from node_modules/ into
# docs/assets/vendor/. Run from the repository root after `npm ci` (npm run vendor).
set -eu
vendor=docs/assets/vendor
test -d node_modules/mermaid || { echo "run npm ci first" >&2; exit 1; }
mkdir -p "$vendor/mermaid" "$vendor/tablesort"
cp node_modules/mermaid/dist/mermaid.min.js node_modules/mermaid/LICENSE "$vendor/mermaid/"
cp node_modules/tablesort/dist/tablesort.min.js "$vendor/tablesort/"
cp node_modules/tablesort/dist/sorts/tablesort.number.min.js "$vendor/tablesort/"
cp node_modules/tablesort/LICENCE "$vendor/tablesort/LICENSE"
for pkg in mermaid tablesort; do
  node -p "require('./node_modules/$pkg/package.json').version" > "$vendor/$pkg/VERSION"
done
echo "vendored: mermaid $(cat "$vendor/mermaid/VERSION"), tablesort $(cat "$vendor/tablesort/VERSION")"
