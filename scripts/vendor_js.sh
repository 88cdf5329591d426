#!/usr/bin/env bash
# Re-vendor the front-end files under static/vendor/ from the npm registry (needs npm and network;
# neither is needed to run or test argmap, because the copied files are committed).
# Versions live here and in static/vendor/VERSIONS, which this script rewrites with checksums.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
pkgs=(htmx.org@4.0.1 cytoscape@3.35.0 cytoscape-dagre@4.0.1 axe-core@4.14.1)
for p in "${pkgs[@]}"; do (cd "$tmp" && npm pack --silent "$p" >/dev/null); done
for t in "$tmp"/*.tgz; do d="${t%.tgz}"; mkdir -p "$d"; tar xzf "$t" -C "$d"; done
copy() { mkdir -p "static/vendor/$2"; cp "$tmp/$1" "static/vendor/$2/"; }
copy htmx.org-4.0.1/package/dist/htmx.min.js htmx
# The SSE extension of the same release: the map page's live updates (static/argmap/live.js).
copy htmx.org-4.0.1/package/dist/ext/hx-sse.min.js htmx/ext
copy cytoscape-3.35.0/package/dist/cytoscape.min.js cytoscape
copy cytoscape-dagre-4.0.1/package/dist/cytoscape-dagre.min.js cytoscape-dagre
copy cytoscape-dagre-4.0.1/package/dist/cytoscape-dagre.min.js.map cytoscape-dagre
copy axe-core-4.14.1/package/axe.min.js axe-core
{
  echo "# Vendored front-end files: package@version, file, sha384 (base64). Rewritten by scripts/vendor_js.sh."
  for f in $(cd static/vendor && find . -type f ! -name VERSIONS ! -name '*.map' | sort); do
    echo "$f sha384-$(openssl dgst -sha384 -binary "static/vendor/$f" | openssl base64 -A)"
  done
  printf '%s\n' "${pkgs[@]}" | sed 's/^/package /'
} > static/vendor/VERSIONS
