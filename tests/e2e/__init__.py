"""End-to-end tests: the real `flightdeck serve` driven by Debian's Chromium through Playwright."""
