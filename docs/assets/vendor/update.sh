#!/bin/sh
# Copy the front-end libraries pinned in package.json from node_modules/ into
# docs/assets/vendor/ (and axe-core, which only the tests use, into tests/vendor/). Run from
# the repository root after `npm ci` (npm run vendor).
set -eu
vendor=docs/assets/vendor
test -d node_modules/mermaid || { echo "run npm ci first" >&2; exit 1; }
# Mermaid as ES modules: a page imports the core and only the chunks of the diagram it draws
# (a flowchart: about 0.8 MB instead of the 3.5 MB of mermaid.min.js). No source maps.
rm -rf "$vendor/mermaid"
mkdir -p "$vendor/mermaid/chunks/mermaid.esm.min" "$vendor/tablesort"
cp node_modules/mermaid/dist/mermaid.esm.min.mjs node_modules/mermaid/LICENSE "$vendor/mermaid/"
cp node_modules/mermaid/dist/chunks/mermaid.esm.min/*.mjs "$vendor/mermaid/chunks/mermaid.esm.min/"
cp node_modules/tablesort/dist/tablesort.min.js "$vendor/tablesort/"
cp node_modules/tablesort/dist/sorts/tablesort.number.min.js "$vendor/tablesort/"
cp node_modules/tablesort/LICENCE "$vendor/tablesort/LICENSE"
for pkg in mermaid tablesort; do
  node -p "require('./node_modules/$pkg/package.json').version" > "$vendor/$pkg/VERSION"
done
# axe-core: the accessibility checks of tests/test_reading.py; not part of the site.
axe=tests/vendor/axe-core
mkdir -p "$axe"
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$axe/"
node -p "require('./node_modules/axe-core/package.json').version" > "$axe/VERSION"
echo "vendored: mermaid $(cat "$vendor/mermaid/VERSION"), tablesort $(cat "$vendor/tablesort/VERSION"), axe-core $(cat "$axe/VERSION")"
