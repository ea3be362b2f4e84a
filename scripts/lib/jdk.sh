# Sourced by scripts/test and scripts/run: finds a JDK 21+ and Maven 3.8+, or says what is missing.
# JAVA_HOME wins when it is new enough; then `java` on the PATH; then the usual JVM folders
# (the newest JDK found there).

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

find_jdk() {
    local candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major=$(java_major "$JAVA_HOME")
        if [ "${major:-0}" -ge 21 ]; then
            echo "$JAVA_HOME"
            return 0
        fi
        echo "JAVA_HOME=$JAVA_HOME is Java ${major:-?}; looking for a JDK 21+ elsewhere." >&2
    fi
    if command -v java >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        major=$(java_major "$candidate")
        if [ "${major:-0}" -ge 21 ] && [ -x "$candidate/bin/javac" ]; then
            echo "$candidate"
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* \
                     "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
                     /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"
            best_major="$major"
        fi
    done
    if [ -n "$best" ]; then
        echo "$best"
        return 0
    fi
    cat >&2 <<'MSG'
No JDK 21 or newer was found (checked JAVA_HOME, `java` on the PATH, /usr/lib/jvm, /opt/java,
~/.sdkman, ~/.jdks and /Library/Java). This project compiles for the AWS Lambda java21 runtime.
Install one (for example Debian/Ubuntu: `apt-get install openjdk-21-jdk`, or any Temurin 21+),
or set JAVA_HOME to one, and run this again.
MSG
    return 1
}

require_maven() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "Maven (mvn) 3.8 or newer is needed and was not found on the PATH (Debian/Ubuntu: apt-get install maven)." >&2
        return 1
    fi
}

use_jdk() {
    require_maven || exit 1
    JAVA_HOME=$(find_jdk) || exit 1
    export JAVA_HOME
    export PATH="$JAVA_HOME/bin:$PATH"
    echo "Using the JDK at $JAVA_HOME (Java $(java_major "$JAVA_HOME"))" >&2
}

require_node() {
    local major
    if ! command -v node >/dev/null 2>&1; then
        echo "Node.js 18 or newer is needed on the PATH: the infra tests synthesize the AWS CDK app, whose library runs in Node.js (Debian/Ubuntu: apt-get install nodejs)." >&2
        return 1
    fi
    major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')
    if [ "${major:-0}" -lt 18 ]; then
        echo "Node.js $(node --version) is too old for the AWS CDK; install Node.js 18 or newer." >&2
        return 1
    fi
}

# Maven's own JVM on JDK 24+ warns that its Guava uses sun.misc.Unsafe, and the annotation processors
# print SLF4J's "no providers" notice: neither is about this project. Said once here for every script.
quiet_maven() {
    local major
    major=$(java_major "$JAVA_HOME")
    MAVEN_OPTS="${MAVEN_OPTS:-} -Dslf4j.internal.verbosity=ERROR"
    if [ "${major:-0}" -ge 24 ]; then
        MAVEN_OPTS="$MAVEN_OPTS --sun-misc-unsafe-memory-access=allow"
    fi
    export MAVEN_OPTS
}

# Maven's console colour codes, which it writes even in batch mode.
strip_colours() {
    sed -u -E 's/\x1b\[[0-9;]*[A-Za-z]//g'
}
