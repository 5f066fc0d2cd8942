#!/usr/bin/env bash
# Development only: writes the seven KEY=value files this overlay's secretGenerator reads
# (kustomization.yaml), with fresh random secrets. A file that already exists is kept, so the
# address-hash key and the database password survive a second run. The files are git-ignored
# (.gitignore: *.env); never commit them. Usage (docs/operations.md, "Kubernetes"):
#   deploy/k8s/overlays/dev/make-dev-secrets.sh && kubectl apply -k deploy/k8s/overlays/dev
# Set OUTREACH_CONSOLE_OIDC_CLIENT_SECRET to your test provider's client secret first (empty for
# a public client).
set -euo pipefail
cd "$(dirname "$0")"

random() { # base64 of $1 random bytes, on one line
  if command -v openssl > /dev/null; then
    openssl rand -base64 "$1" | tr -d '\n'
  else
    head -c "$1" /dev/urandom | base64 | tr -d '\n'
  fi
}

write() { # file, content
  if [[ -e "$1" ]]; then
    echo "kept $1"
  else
    (umask 077 && printf '%s\n' "$2" > "$1")
    echo "wrote $1"
  fi
}

db_password=$(random 18)
if [[ -e db.env ]]; then
  db_password=$(sed -n 's/^password=//p' db.env)
fi
write admin-token.env "token=$(random 24)"
write link-keys.env "keys=k1:$(random 32)"
write address-hash-key.env "key=$(random 32)"
write smtp.env "$(printf 'username=dev\npassword=%s' "$(random 18)")"
write db.env "$(printf 'url=jdbc:postgresql://postgres:5432/outreach\nusername=outreach\npassword=%s' "$db_password")"
write console-db.env "$(printf 'url=jdbc:postgresql://postgres:5432/outreach_console\nusername=outreach\npassword=%s' "$db_password")"
write console-oidc.env "client-secret=${OUTREACH_CONSOLE_OIDC_CLIENT_SECRET:-}"
