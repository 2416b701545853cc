# The operator's image: Node 24 LTS running the TypeScript sources of src/ directly (Node strips
# the types; the sources are written for it, so the image runs the code the tests run),
# production dependencies only, non-root, fit for a read-only root filesystem (the Kafka clients
# write keytabs only to /tmp: mount an emptyDir there). SIGTERM stops the operator gracefully
# within its --shutdown-timeout.
#
# BUILD_IMAGE: a Debian-based image with Node 24 and npm (the official Node images).
# RUNTIME_IMAGE: the same Debian release without them; the final stage copies only the Node
#   binary from BUILD_IMAGE, so the image carries no npm, no headers and no compiler.
# Registry settings for the build are secrets, never written into a layer:
#   --secret id=npmrc,src=FILE            .npmrc for `npm ci` (registry, cafile, auth)
#   --secret id=ca-certificates,src=FILE  a CA bundle; the .npmrc may name /run/secrets/ca-certificates
#   --secret id=apt.conf,src=FILE         apt settings (Acquire::*: a proxy, a mirror's options)
ARG BUILD_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
# apt's lists and downloads live in cache mounts: never in a layer, and reused by the next build
# (the official images' docker-clean would delete the downloads; this stage is thrown away).
RUN --mount=type=secret,id=apt.conf,target=/etc/apt/apt.conf.d/99build \
    --mount=type=cache,id=apt-lists,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=cache,id=apt-archives,target=/var/cache/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
    && apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ libkrb5-dev
WORKDIR /app
COPY package.json package-lock.json ./
# `npm ci` installs exactly the committed lock, production dependencies only; its download
# cache is a cache mount, and --prefer-offline takes what it holds without asking the registry
# again (the lock's integrity hashes still check every package), so a build after a lock change
# fetches only what changed. The kerberos addon is compiled here against libkrb5's headers and
# those of the Node that runs it, never downloaded prebuilt; at run time it loads
# libgssapi_krb5. Source maps, type declarations and TypeScript sources in node_modules are
# never loaded at run time.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    --mount=type=secret,id=ca-certificates \
    --mount=type=cache,id=npm,target=/root/.npm \
    npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")" \
    npm_config_build_from_source=true \
    npm ci --omit=dev --prefer-offline --no-audit --no-fund \
    && find node_modules -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete \
    && rm -rf node_modules/kerberos/build/Release/obj.target \
    && mkdir -p /out && cp "$(command -v node)" /out/node

FROM ${RUNTIME_IMAGE}
# apt's lists in the build's cache mount, as above: no layer holds them.
RUN --mount=type=secret,id=apt.conf,target=/etc/apt/apt.conf.d/99build \
    --mount=type=cache,id=apt-lists,target=/var/lib/apt/lists,sharing=locked \
    apt-get update \
    && apt-get install -y --no-install-recommends libgssapi-krb5-2 \
    && rm -rf /var/cache/apt/*
COPY --from=build /out/node /usr/local/bin/node
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
ENV NODE_ENV=production
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["node", "src/main.ts"]
CMD ["run"]
ARG RUNTIME_IMAGE
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED
LABEL org.opencontainers.image.title="kafka-access-operator" \
      org.opencontainers.image.description="Kubernetes operator that keeps Kafka access declared in Git true on real clusters" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"
