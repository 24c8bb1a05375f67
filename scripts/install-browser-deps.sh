#!/usr/bin/env bash
# System packages from Debian that Gaoxin needs beside its Python packages:
#   fonts  — a CJK font (fonts-wqy-zenhei) that license PDFs embed; `make demo` asks for this only,
#            and goes on with a warning where it cannot install (PDF downloads then explain what is missing).
#   (none) — also Chromium, driven by Playwright through executable_path (never a downloaded browser), and
#            poppler-utils to check PDFs: everything the test suite needs. Without a CJK font every Chinese
#            character in a screenshot is an empty box.
set -euo pipefail
mode="${1:-all}"
missing=()
fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || missing+=(fonts-wqy-zenhei)
if [ "$mode" != "fonts" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing ${missing[*]} from Debian's packages"
if [ "$(id -u)" -ne 0 ]; then
  echo "Need root to install ${missing[*]}: run 'sudo $0 $mode' once." >&2
  [ "$mode" = "fonts" ] && exit 0
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
