#!/usr/bin/env bash
# The browser tests need Debian's Chromium (driven by Playwright through executable_path, never a
# downloaded browser) and a CJK font, without which every Chinese character in a screenshot is a box.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || missing+=(fonts-wqy-zenhei)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing ${missing[*]} for the browser tests"
if [ "$(id -u)" -ne 0 ]; then
  echo "Need root to install ${missing[*]}: run 'sudo $0' once." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
