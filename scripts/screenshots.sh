#!/bin/sh
# Writes docs/screenshots/{login,consent,admin-pending,admin-channel}.png by running the browser
# tests against a fresh in-memory Gatehouse with SCREENSHOTS=1 (needs Chromium, see test/browser).
set -e
cd "$(dirname "$0")/.."
SCREENSHOTS=1 exec node node_modules/jest/bin/jest.js --selectProjects browser test/browser/pages.browser-spec.ts
