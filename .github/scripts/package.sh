#!/usr/bin/env bash
# Usage: package.sh TARGET VERSION BINARY OUT_DIR  (run from the repository root)
#
# Puts BINARY and the README into OUT_DIR/tandem-VERSION-TARGET.tar.gz (.zip for a
# Windows target), one folder tandem-VERSION-TARGET/ inside, and prints the archive's
# path. The release job computes SHA256SUMS over every archive.
set -euo pipefail

target="${1:?usage: package.sh TARGET VERSION BINARY OUT_DIR}"
version="${2:?usage: package.sh TARGET VERSION BINARY OUT_DIR}"
binary="${3:?usage: package.sh TARGET VERSION BINARY OUT_DIR}"
out="${4:?usage: package.sh TARGET VERSION BINARY OUT_DIR}"

name="tandem-$version-$target"
case "$target" in
    *windows*) exe=tandem.exe ;;
    *) exe=tandem ;;
esac

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/$exe"
chmod 0755 "$stage/$name/$exe"
cp README.md "$stage/$name/README.md"

cd "$stage"
case "$target" in
    *windows*)
        archive="$out/$name.zip"
        rm -f "$archive"
        # Windows runners ship 7-Zip, not zip.
        if command -v 7z >/dev/null 2>&1; then
            7z a -tzip -bso0 "$archive" "$name" >/dev/null
        else
            zip -qr "$archive" "$name"
        fi
        ;;
    *)
        archive="$out/$name.tar.gz"
        # Owned by root, not by the build machine's user (GNU tar; macOS's tar has no
        # --owner and packs as it is).
        tar --owner=0 --group=0 --numeric-owner -czf "$archive" "$name" 2>/dev/null ||
            tar -czf "$archive" "$name"
        ;;
esac
echo "$archive"
