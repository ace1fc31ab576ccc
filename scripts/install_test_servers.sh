#!/usr/bin/env bash
# Install the SPARQL servers that tests/test_remote.py and tests/test_push_auth.py start (each on
# 127.0.0.1 with a temporary database; see tests/servers.py). Safe to run again: what is there
# is kept. A server that cannot be installed is reported here, and its tests skip saying why.
#
#   Virtuoso Open Source 7  Debian's virtuoso-opensource (virtuoso-t, isql-vt)
#   Apache Jena Fuseki      org.apache.jena:jena-fuseki-main:5.6.0 (Java 17) and its
#                           dependencies, by Maven, into $LIBGRAPH_SERVERS/fuseki/lib
#                           (default ~/.cache/libgraph/servers)
# Oxigraph comes with the Python package (pip install '.[test]').
set -uo pipefail
DEST="${LIBGRAPH_SERVERS:-$HOME/.cache/libgraph/servers}"
FUSEKI_VERSION=5.6.0

install_virtuoso() {
  command -v virtuoso-t >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "note: no apt-get: Virtuoso tests will be skipped"; return 0; }
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      -o DPkg::Lock::Timeout=600 virtuoso-opensource >/dev/null) \
    || echo "note: virtuoso-opensource could not be installed; Virtuoso tests will be skipped"
}

install_fuseki() {
  local lib="$DEST/fuseki/lib"
  [ -f "$lib/jena-fuseki-main-$FUSEKI_VERSION.jar" ] && return 0
  if ! command -v mvn >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
    echo "note: no mvn or java: Fuseki tests will be skipped"; return 0
  fi
  local tmp
  tmp="$(mktemp -d)"
  cat > "$tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.libgraph</groupId><artifactId>test-fuseki</artifactId><version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.jena</groupId><artifactId>jena-fuseki-main</artifactId>
      <version>$FUSEKI_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
  if timeout 600 mvn -q -B -f "$tmp/pom.xml" dependency:copy-dependencies \
       -DincludeScope=runtime -DoutputDirectory="$tmp/lib" >"$tmp/mvn.log" 2>&1 \
     && [ -f "$tmp/lib/jena-fuseki-main-$FUSEKI_VERSION.jar" ]; then
    mkdir -p "$DEST/fuseki" && rm -rf "$lib" && mv "$tmp/lib" "$lib"
    echo "Fuseki $FUSEKI_VERSION installed in $DEST/fuseki"
  else
    echo "note: Fuseki could not be fetched with Maven ($(grep -o -m1 'Unknown host [^ ]*' "$tmp/mvn.log" || echo 'see the mvn output')); Fuseki tests will be skipped"
  fi
  rm -rf "$tmp"
}

install_virtuoso
install_fuseki
exit 0
