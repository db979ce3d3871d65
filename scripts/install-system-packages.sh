#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium (driven by Playwright; Playwright's own
# browser download is not possible here), a Java runtime for the HTML checker, fonts, poppler's
# pdftotext (the brochure tests read each PDF page as a reader's tools do), and the two web
# servers whose configurations ship in deploy/ (tests/test_servers.py runs them).
# Installs them when run as root on Debian; otherwise says exactly what is missing.
set -euo pipefail
packages=(chromium default-jre-headless fonts-dejavu-core poppler-utils nginx apache2)
servers=(nginx apache2)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  # The tests start their own nginx and Apache on free local ports. The system services these
  # packages would start (on port 80, for everyone, with Debian's default page) stay stopped
  # while installing, and off at boot.
  new_servers=()
  for server in "${servers[@]}"; do
    [[ " ${missing[*]} " == *" $server "* ]] && new_servers+=("$server")
  done
  if [ ${#new_servers[@]} -gt 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d  # Debian's way to say "start no service"
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ ${#new_servers[@]} -gt 0 ] && [ -d /run/systemd/system ]; then
    systemctl disable --quiet "${new_servers[@]}"
  fi
else
  echo "The browser and server tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
