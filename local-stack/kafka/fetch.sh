#!/usr/bin/env bash
# Resolves the jars in pom.xml with Maven into $KAO_CACHE_DIR/kafka/<kafka version>/libs, a flat
# classpath folder for the brokers, Kafka's tools and the Connect worker. A stamp of pom.xml
# makes a second run a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${KAO_CACHE_DIR:-$root/.cache}
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
dest=$cache/kafka/$version
stamp=$(sha256sum "$here/pom.xml" | cut -c1-16)
[[ -f $dest/.stamp && $(cat "$dest/.stamp") == "$stamp" ]] && exit 0

rm -rf "$dest/libs"
mkdir -p "$dest/libs"
mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$dest/libs" -DincludeScope=runtime -Dmdep.useRepositoryLayout=false
echo "$stamp" >"$dest/.stamp"
