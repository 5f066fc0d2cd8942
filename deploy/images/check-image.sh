#!/usr/bin/env bash
# Checks a service image tarball written by `./mvnw -Pimages package` (OCI layout or docker save):
# non-root user, Jib's java entrypoint with the expected main class, fixed creation time, then
# unpacks its layers and runs them (chroot, as uid 65532, no network needed): the service's own
# main must start the JVM, load its classpath and stop at a deliberately invalid variable with
# exit code 2 and the one-line message naming it; the health probe must answer DOWN (exit 1) for
# a port nobody serves. Needs root (chroot, mounting /proc) and python3.
#
#   deploy/images/check-image.sh scheduler/target/jib-image.tar org.aftercare.scheduler.SchedulerMain
set -euo pipefail
image=$(realpath "$1"); main_class=$2
[ "$(id -u)" = 0 ] || { echo "check-image.sh needs root (chroot)" >&2; exit 1; }

work=$(mktemp -d)
cleanup() { umount "$work/rootfs/proc" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/image" "$work/rootfs"
tar -xf "$image" -C "$work/image"

# Config and layers, from an OCI layout (index.json) or a docker save tarball (manifest.json).
python3 - "$work/image" "$main_class" > "$work/layers" <<'PY'
import json, os, sys
root, main_class = sys.argv[1], sys.argv[2]
def blob(digest):
    return os.path.join(root, "blobs", *digest.split(":"))
if os.path.exists(os.path.join(root, "index.json")):
    index = json.load(open(os.path.join(root, "index.json")))
    manifest = json.load(open(blob(index["manifests"][0]["digest"])))
    config = json.load(open(blob(manifest["config"]["digest"])))
    layers = [blob(l["digest"]) for l in manifest["layers"]]
else:
    m = json.load(open(os.path.join(root, "manifest.json")))[0]
    config = json.load(open(os.path.join(root, m["Config"])))
    layers = [os.path.join(root, l) for l in m["Layers"]]
c = config["config"]
problems = []
user = c.get("User", "")
if not user or user.split(":")[0] in ("", "0", "root"):
    problems.append("runs as root (User=%r)" % user)
entry = (c.get("Entrypoint") or []) + (c.get("Cmd") or [])
if not entry or entry[0] != "java" or main_class not in entry:
    problems.append("entrypoint %r does not run java %s" % (entry, main_class))
if config.get("created") not in ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"):
    problems.append("creation time %r is not fixed (not reproducible)" % config.get("created"))
if problems:
    sys.exit("image problems: " + "; ".join(problems))
print("USER " + user)
print("ENTRY " + "\x1f".join(entry))
for e in c.get("Env", []):
    print("ENV " + e)
for l in layers:
    print("LAYER " + l)
PY
for layer in $(sed -n 's/^LAYER //p' "$work/layers"); do tar --warning=no-unknown-keyword -xf "$layer" -C "$work/rootfs"; done
user=$(sed -n 's/^USER //p' "$work/layers")
mapfile -t env < <(sed -n 's/^ENV //p' "$work/layers")
IFS=$'\x1f' read -r -a entry < <(sed -n 's/^ENTRY //p' "$work/layers")
mkdir -p "$work/rootfs/proc" && mount -t proc proc "$work/rootfs/proc"

chroot_bin=$(command -v chroot)
run() { env -i "${env[@]}" "$@"; }
# 1. The service's entrypoint, as the image's user, with one invalid variable: it must start the JVM,
#    load its classpath and main class, and refuse the value with exit code 2 and one line naming it.
set +e
out=$(run OUTREACH_KAFKA_PARTITIONS=not-a-number "$chroot_bin" --userspec="$user" "$work/rootfs" "${entry[@]}" 2>&1 </dev/null)
code=$?
set -e
if [ "$code" != 2 ] || ! grep -q 'OUTREACH_KAFKA_PARTITIONS: expected' <<<"$out"; then
  echo "$image: the entrypoint did not stop at the invalid variable (exit $code):" >&2
  echo "$out" | tail -20 >&2
  exit 1
fi
# 2. The health probe the Compose healthcheck runs: DOWN (exit 1) where nothing listens.
set +e
probe=$(run "$chroot_bin" --userspec="$user" "$work/rootfs" java -cp @/app/jib-classpath-file \
  org.aftercare.kit.health.HealthProbe http://127.0.0.1:1/health/ready 2>&1 </dev/null)
code=$?
set -e
if [ "$code" != 1 ] || [ "$probe" != DOWN ]; then
  echo "$image: the health probe did not answer DOWN/1 (exit $code): $probe" >&2
  exit 1
fi
digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' "$work/image/index.json" 2>/dev/null || sha256sum "$image" | cut -d" " -f1)
echo "$image: OK (user $user, $main_class refuses a bad variable with exit 2, probe answers DOWN; $digest)"
