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
#   --secret id=npmrc,src=FILE            .npmrc for `npm install` (registry, cafile, auth)
#   --secret id=ca-certificates,src=FILE  a CA bundle; the .npmrc may name /run/secrets/ca-certificates
#   --secret id=apt.conf,src=FILE         apt settings (Acquire::*: a proxy, a mirror's options)
ARG BUILD_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
RUN --mount=type=secret,id=apt.conf,target=/etc/apt/apt.conf.d/99build \
    apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ libkrb5-dev \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
WORKDIR /app
COPY package.json package-lock.json ./
# The kerberos addon is compiled here against libkrb5's headers and those of the Node that runs
# it, never downloaded prebuilt; at run time it loads libgssapi_krb5. `npm install` with the
# committed lock installs the locked versions (`npm ci` rejects a lock without other platforms'
# optional packages, which npm leaves out when it writes one). Source maps, type
# declarations and TypeScript sources in node_modules are never loaded at run time.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    --mount=type=secret,id=ca-certificates \
    npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")" \
    npm_config_build_from_source=true \
    npm install --omit=dev --no-audit --no-fund \
    && find node_modules -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete \
    && rm -rf /root/.npm node_modules/kerberos/build/Release/obj.target \
    && mkdir -p /out && cp "$(command -v node)" /out/node

FROM ${RUNTIME_IMAGE}
RUN --mount=type=secret,id=apt.conf,target=/etc/apt/apt.conf.d/99build \
    apt-get update \
    && apt-get install -y --no-install-recommends libgssapi-krb5-2 \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
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
