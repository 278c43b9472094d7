#!/usr/bin/env bash
# Fetch and run Apache Jena Fuseki for geokg (a real SPARQL 1.1 server).
#
#   scripts/fuseki.sh jar            print the path of the Fuseki jar, fetching it
#                                    from Maven Central (with mvn) if it is not cached
#   scripts/fuseki.sh start [PORT]   run Fuseki on 127.0.0.1:PORT (default 3030) with the
#                                    in-memory dataset /geokg of scripts/fuseki-geokg.ttl
#                                    (union default graph, updates allowed); Ctrl-C stops it
#
# Needs Java 17+ and Maven. The jar is cached under .cache/fuseki/ (override
# the place with FUSEKI_CACHE, or use a jar you have with FUSEKI_JAR).
set -euo pipefail

FUSEKI_VERSION="${FUSEKI_VERSION:-5.6.0}"   # the last 5.x line runs on Java 17; 6.x needs Java 21+
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${FUSEKI_CACHE:-$ROOT/.cache/fuseki}"
JAR="${FUSEKI_JAR:-$CACHE/jena-fuseki-server-$FUSEKI_VERSION.jar}"

fetch_jar() {
    if [[ ! -s "$JAR" ]]; then
        command -v mvn >/dev/null || { echo "fuseki.sh: mvn not found (apt-get install maven)" >&2; exit 4; }
        mkdir -p "$(dirname "$JAR")"
        mvn -q -B dependency:copy \
            -Dartifact="org.apache.jena:jena-fuseki-server:$FUSEKI_VERSION" \
            -DoutputDirectory="$(dirname "$JAR")" >&2
    fi
    [[ -s "$JAR" ]] || { echo "fuseki.sh: could not fetch $JAR" >&2; exit 4; }
    echo "$JAR"
}

case "${1:-}" in
    jar)
        fetch_jar
        ;;
    start)
        port="${2:-3030}"
        jar="$(fetch_jar)"
        command -v java >/dev/null || { echo "fuseki.sh: java not found (Java 17+ needed)" >&2; exit 4; }
        export FUSEKI_BASE="${FUSEKI_BASE:-$ROOT/.cache/fuseki/run}"
        mkdir -p "$FUSEKI_BASE"
        echo "Fuseki $FUSEKI_VERSION on http://127.0.0.1:$port/ — dataset http://127.0.0.1:$port/geokg" >&2
        exec java -Xmx2g -jar "$jar" --localhost --port="$port" \
            --config="$ROOT/scripts/fuseki-geokg.ttl"
        ;;
    *)
        sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
