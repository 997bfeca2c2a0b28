#!/usr/bin/env bash
# Makes the README's screenshots, assets/*.png, from the real app: the views are drawn on
# ratatui's test terminal (the ignored test `screenshots` in tests/integration), written as
# SVG (one monospace cell per character, the theme's colours), then turned into PNG.
# Deterministic: the built-in roadmap, a made-up learner, a fixed clock and size.
# Re-run it after changing the UI, a theme or the highlighter.
#
# Needs: a Rust toolchain, rsvg-convert and the DejaVu Sans Mono font:
#   sudo apt-get install librsvg2-bin fonts-dejavu-core
# Not part of CI (.ci/run never calls it).
#
# Usage: scripts/screenshots.sh [ZOOM]    (ZOOM: pixels per SVG unit, default 1.5)
set -euo pipefail
cd "$(dirname "$0")/.."
zoom=${1:-1.5}
for tool in rsvg-convert fc-list; do
  command -v "$tool" >/dev/null || {
    echo "screenshots.sh: $tool is missing; sudo apt-get install librsvg2-bin fonts-dejavu-core" >&2
    exit 1
  }
done
fc-list | grep -q "DejaVu Sans Mono" || {
  echo "screenshots.sh: the DejaVu Sans Mono font is missing; sudo apt-get install fonts-dejavu-core" >&2
  exit 1
}
svg=$(mktemp -d)
trap 'rm -rf "$svg"' EXIT
ROADMAP_SCREENSHOT_DIR="$svg" cargo test --quiet --test integration screenshots -- \
  --ignored --exact screenshots::screenshots
mkdir -p assets
for file in "$svg"/*.svg; do
  name=$(basename "$file" .svg)
  rsvg-convert --zoom "$zoom" "$file" -o "assets/$name.png"
  echo "assets/$name.png"
done
