#!/usr/bin/env bash
# Usage: check-tag.sh TAG  (run from the repository root)
#
# Fails unless TAG is "v" followed by the version in Cargo.toml's [package] table, so
# that a release named v1.2.3 holds binaries that say 1.2.3 (`tandem --version`). On
# success prints `version=X.Y.Z` for $GITHUB_OUTPUT.
set -euo pipefail

tag="${1:?usage: check-tag.sh TAG}"
# The first `version = "…"` inside [package]; a dependency's version is in another table.
version=$(awk '
    /^\[/ { in_package = ($0 == "[package]") }
    in_package && /^version[ \t]*=/ {
        sub(/^version[ \t]*=[ \t]*"/, ""); sub(/".*$/, ""); print; exit
    }' Cargo.toml)

if [ -z "$version" ]; then
    echo "check-tag.sh: Cargo.toml has no version in [package]" >&2
    exit 1
fi
if [ "$tag" != "v$version" ]; then
    echo "check-tag.sh: tag $tag does not match Cargo.toml's version $version (expected v$version)" >&2
    exit 1
fi
echo "version=$version"
