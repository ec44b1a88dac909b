#!/usr/bin/env bash
# bench/run.sh [--data DIR] [--runs N] SUITE...   (suites: blocks bundles catalog endpoint)
#
# amisdk's benchmark. Builds the project, makes the standard data unless --data names a
# directory holding it (ext4.img, ext4-changed.img, random.img, sparse.img; see
# the README's "Benchmarks"), then prints one line per figure: `bench <suite>.<figure> <value> <unit>`,
# each the median of at least 3 runs. Progress goes to stderr.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

data=""
runs=3
suites=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) suites+=("$1"); shift ;;
  esac
done
[ ${#suites[@]} -gt 0 ] || suites=(blocks bundles catalog)

echo "# building amisdk" >&2
mvn -q -B -ntp -DskipTests -Dstyle.color=never package dependency:build-classpath \
  -pl ami-bench -am -Dmdep.outputFile="$root/ami-bench/target/classpath.txt" >&2
cp="$root/ami-bench/target/classes:$(cat "$root/ami-bench/target/classpath.txt")"

work="$root/bench/work"
mkdir -p "$work"
needs_data=false
for suite in "${suites[@]}"; do
  case "$suite" in catalog|endpoint) ;; *) needs_data=true ;; esac
done
if [ -z "$data" ]; then
  data="$work/data"
  # catalog and endpoint use no data files
  if $needs_data; then "$root/bench/make-data.sh" "$data" >&2; else mkdir -p "$data"; fi
fi

# the endpoint suite starts the program as users do: java -jar on the module's jar, lib/ beside it
endpoint_jar=$(ls "$root"/ami-endpoint/target/ami-endpoint-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' | head -1)
exec java -Xmx2g -XX:+UseG1GC -Damisdk.endpoint.jar="$endpoint_jar" -cp "$cp" org.amisdk.bench.Bench --data "$data" --runs "$runs" --work "$work/scratch" "${suites[@]}"
