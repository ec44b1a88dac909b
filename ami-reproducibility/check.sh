#!/usr/bin/env bash
# Two builds of the same sources give byte-identical jars: builds the published modules again from a
# copy of the sources in a temporary directory (another path, another time), offline and without
# tests, and compares every jar with the one this build made. Called by `mvn verify`.
set -euo pipefail
root="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
modules=(ami-testing-property ami-storage ami-core ami-s3 ami-endpoint ami-testing)
copy="$(mktemp -d "${TMPDIR:-/tmp}/amisdk-rebuild.XXXXXX")"
trap 'rm -rf "$copy"' EXIT

# tar, not rsync: a machine with only a JDK and Maven has tar but may lack rsync
tar -C "$root" --exclude=target --exclude=.git --exclude=./bench/work -cf - . | tar -C "$copy" -xf -
list="$(IFS=,; echo "${modules[*]}")"
echo "reproducibility: building ${list} again in ${copy}"
(cd "$copy" && mvn -B -ntp -q -o -Dmaven.test.skip=true -Damisdk.reproducibility.skip=true -pl "$list" package)

# the BOM lists every module that is deployed (all but the parent, the BOM itself and those skipping deploy)
for pom in "$root"/*/pom.xml; do
  module="$(basename "$(dirname "$pom")")"
  if [ "$module" != ami-bom ] && ! grep -q '<maven.deploy.skip>true</maven.deploy.skip>' "$pom" \
      && ! grep -q "<artifactId>$module</artifactId>" "$root/ami-bom/pom.xml"; then
    echo "reproducibility: published module $module is missing from ami-bom/pom.xml" >&2
    exit 1
  fi
done

compared=0
differ=0
for module in "${modules[@]}"; do
  for jar in "$root/$module"/target/*.jar; do
    [ -e "$jar" ] || { echo "reproducibility: no jar in $module/target: run the package phase first" >&2; exit 1; }
    again="$copy/$module/target/$(basename "$jar")"
    if cmp -s "$jar" "$again"; then
      compared=$((compared + 1))
    else
      echo "reproducibility: $module/target/$(basename "$jar") differs between two builds" >&2
      differ=$((differ + 1))
    fi
  done
done
if [ "$differ" -gt 0 ]; then
  echo "reproducibility: $differ of $((compared + differ)) jars differ (stale output of an older build in target/ differs too: run mvn clean verify)" >&2
  exit 1
fi
echo "reproducibility: $compared jars of ${#modules[@]} modules byte-identical across two builds"
