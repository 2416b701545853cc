// Where the built servers and fetched jars live: $KAO_CACHE_DIR, or .cache/ at the repository
// root whatever the working directory (kube/build.sh and kafka/fetch.sh fill it the same way).
import { resolve } from "node:path";

export function cacheDir(): string {
  return process.env.KAO_CACHE_DIR ?? resolve(import.meta.dirname, "..", ".cache");
}
