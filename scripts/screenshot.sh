#!/usr/bin/env bash
# Captures the app's screens as text with tmux, as a learner would see them.
# Usage: scripts/screenshot.sh [COLSxROWS] [KEYS...]
#   scripts/screenshot.sh 80x24                 # home
#   scripts/screenshot.sh 100x30 Enter Enter    # the first lesson
# Uses a throwaway progress file, never your own.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-80x24}
shift || true
cols=${size%x*}
rows=${size#*x}
cargo build --release --quiet
progress=$(mktemp -d)/progress.json
session="roadmap-shot-$$"
tmux new-session -d -s "$session" -x "$cols" -y "$rows" \
  "ROADMAP_PROGRESS_FILE='$progress' ./target/release/roadmap"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
sleep 0.5
for key in "$@"; do
  tmux send-keys -t "$session" "$key"
  sleep 0.15
done
sleep 0.3
tmux capture-pane -p -t "$session"
