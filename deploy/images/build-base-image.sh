#!/usr/bin/env bash
# Builds the services' base image WITHOUT a container registry, from reachable sources only:
# Debian packages (glibc, libgcc, libstdc++ for RocksDB, zlib) and a jlink'ed Java runtime made from
# the build's own JDK 21+. Writes a `docker save`-format tarball that Jib reads as its base:
#
#   deploy/images/build-base-image.sh deploy/target/base-image.tar
#   ./mvnw -Pimages -Dimage.base=tar://$PWD/deploy/target/base-image.tar -DskipTests package
#
# The image: /opt/java (the runtime, on PATH), the shared libraries the JVM and RocksDB need,
# /etc/passwd with the non-root user 65532 (nonroot), /tmp. No shell, no package manager.
# Same packages and JDK in, same bytes out (sorted tar, fixed times and owners).
# Needs: root or fakeroot-free ownership of the output (CI runs as root), apt-get, dpkg-deb, python3.
set -euo pipefail

out=$(realpath -m "${1:-deploy/target/base-image.tar}")
packages=(libc6 libgcc-s1 libstdc++6 zlib1g)
# What the three services need from the JDK (jdeps on their jars, plus what their libraries load
# reflectively: JNDI for Quartz/Logback, SQL, management for Micrometer and Kafka, SASL/GSS for
# Kafka security, jdk.httpserver for the HTTP port, jdk.unsupported for Kafka and RocksDB).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.cryptoki,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.security.auth,jdk.unsupported,jdk.zipfs

find_jlink() {
  for home in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$home/bin/jlink" ] || continue
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] && { echo "$home"; return 0; }
  done
  return 1
}
jdk=$(find_jlink) || { echo "no JDK 21+ with jlink found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs" "$work/debs"

echo "base image: Debian packages ${packages[*]}"
(cd "$work/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1) || {
  echo "apt-get download failed (run apt-get update first)" >&2; exit 1; }
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
rm -rf "$rootfs"/usr/share/doc "$rootfs"/usr/share/lintian "$rootfs"/usr/share/locale "$rootfs"/usr/share/gcc \
       "$rootfs"/usr/share/gdb "$rootfs"/usr/lib/x86_64-linux-gnu/gconv "$rootfs"/usr/bin "$rootfs"/usr/sbin "$rootfs"/sbin \
       "$rootfs"/usr/libexec "$rootfs"/var "$rootfs"/etc/ld.so.conf.d "$rootfs"/usr/lib/x86_64-linux-gnu/audit

echo "base image: jlink from $jdk"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$rootfs/opt/java"

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/nonroot" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
chown -R 65532:65532 "$rootfs/home/nonroot"

tar --sort=name --mtime=@0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"65532:65532","WorkingDir":"/home/nonroot"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/build-base-image.sh: ${packages[*]} + jlink"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["aftercare-outreach/base:local"],"Layers":["layer.tar"]}]\n' > "$work/manifest.json"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1), layer sha256:$diff_id)"
