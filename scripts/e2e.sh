#!/bin/sh
# End-to-end check of the real binary in tmux: builds the release product the test drives,
# then runs only the EndToEndTests (which fail, never skip, when the binary is missing).
set -eu
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
swift build -c release --product vigil
swift test --filter EndToEndTests
